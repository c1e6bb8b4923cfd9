package org.digitworkbench.cli.internal;

import java.io.PrintStream;

import org.eclipse.core.runtime.NullProgressMonitor;

/** Shows a long task's name and percentage on stderr, at most once a second, so stdout stays clean for JSON. */
final class ConsoleProgress extends NullProgressMonitor {

	private final PrintStream err;
	private String task = "";
	private double total = 1;
	private double done;
	private long lastPrint;

	ConsoleProgress(PrintStream err) {
		this.err = err;
	}

	@Override
	public void beginTask(String name, int totalWork) {
		task = name == null ? "" : name;
		total = totalWork <= 0 ? 1 : totalWork;
		done = 0;
		if (!task.isBlank()) {
			err.println(task + "\u2026");
		}
	}

	@Override
	public void setTaskName(String name) {
		task = name == null ? "" : name;
	}

	@Override
	public void subTask(String name) {
		if (name != null && !name.isBlank()) {
			report(name);
		}
	}

	@Override
	public void internalWorked(double work) {
		done += work;
		report(task);
	}

	@Override
	public void worked(int work) {
		internalWorked(work);
	}

	private void report(String what) {
		long now = System.currentTimeMillis();
		if (now - lastPrint >= 1000) {
			lastPrint = now;
			err.printf("  %s %3.0f %%%n", what, Math.min(100, 100 * done / total));
		}
	}
}
