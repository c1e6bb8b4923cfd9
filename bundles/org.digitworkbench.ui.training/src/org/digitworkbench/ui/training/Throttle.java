package org.digitworkbench.ui.training;

import org.eclipse.swt.widgets.Display;

/**
 * Runs an update on the UI thread at most once per interval however often it is requested: the last request within
 * an interval is served at its end. Used on the UI thread only.
 */
final class Throttle {

	private final Display display;
	private final long intervalNanos;
	private final Runnable update;
	private boolean scheduled;
	private int requests;
	private long last = System.nanoTime() - Long.MAX_VALUE / 2;
	private int runs;

	Throttle(Display display, int intervalMillis, Runnable update) {
		this.display = display;
		this.intervalNanos = intervalMillis * 1_000_000L;
		this.update = update;
	}

	void request() {
		if (scheduled || display.isDisposed()) {
			return;
		}
		scheduled = true;
		int request = ++requests;
		long wait = intervalNanos - (System.nanoTime() - last);
		// served at the interval's end, unless runNow() served it meanwhile (then a later request has its own timer)
		display.timerExec((int) Math.max(0, wait / 1_000_000), () -> {
			if (scheduled && request == requests) {
				runNow();
			}
		});
	}

	/** Runs the update at once (e.g. for an epoch's result); a pending request is served by it. */
	void runNow() {
		scheduled = false;
		last = System.nanoTime();
		runs++;
		update.run();
	}

	/** How often the update ran. */
	int runs() {
		return runs;
	}
}
