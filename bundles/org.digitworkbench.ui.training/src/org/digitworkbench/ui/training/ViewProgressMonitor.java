package org.digitworkbench.ui.training;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.ProgressMonitorWrapper;
import org.eclipse.e4.ui.di.UISynchronize;

/**
 * A job's progress monitor that also shows the work in the console (its progress bar and status line), at most ten
 * times a second; cancelling stays the job's.
 */
final class ViewProgressMonitor extends ProgressMonitorWrapper {

	/** Where the progress goes; called on the UI thread. */
	interface Display {
		void show(String task, double done, double total);
	}

	private static final long INTERVAL_NANOS = 100_000_000L;

	private final UISynchronize ui;
	private final Display display;
	private volatile String task = "";
	private volatile double total = 1;
	private volatile double done;
	private long last;
	private boolean pending;

	ViewProgressMonitor(IProgressMonitor monitor, UISynchronize ui, Display display) {
		super(monitor);
		this.ui = ui;
		this.display = display;
	}

	@Override
	public void beginTask(String name, int totalWork) {
		super.beginTask(name, totalWork);
		task = name == null ? "" : name;
		total = totalWork > 0 ? totalWork : 1;
		done = 0;
		forward(true);
	}

	@Override
	public void setTaskName(String name) {
		super.setTaskName(name);
		task = name == null ? "" : name;
		forward(true);
	}

	@Override
	public void internalWorked(double work) {
		super.internalWorked(work);
		done += work;
		forward(false);
	}

	@Override
	public void worked(int work) {
		internalWorked(work);
	}

	@Override
	public void done() {
		super.done();
		done = total;
		forward(true);
	}

	private synchronized void forward(boolean now) {
		long time = System.nanoTime();
		if (pending || (!now && time - last < INTERVAL_NANOS)) {
			return;
		}
		last = time;
		pending = true;
		ui.asyncExec(() -> {
			synchronized (this) {
				pending = false;
			}
			display.show(task, Math.min(done, total), total);
		});
	}
}
