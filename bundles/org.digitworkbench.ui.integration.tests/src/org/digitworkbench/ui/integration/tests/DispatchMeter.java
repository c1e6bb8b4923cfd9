package org.digitworkbench.ui.integration.tests;

import java.time.Duration;

import org.eclipse.swt.widgets.Display;

/**
 * An event loop that measures each dispatch step: the UI thread's CPU time it took is the length of the
 * longest piece of UI work, which machine load does not stretch the way wall time is stretched.
 */
final class DispatchMeter {
	private final Display display;
	private final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
	long longestCpuNanos;
	long longestWallNanos;

	DispatchMeter(Display display) {
		this.display = display;
	}

	void measure(Runnable task) {
		long cpu = threads.getCurrentThreadCpuTime();
		long wall = System.nanoTime();
		task.run();
		longestCpuNanos = Math.max(longestCpuNanos, threads.getCurrentThreadCpuTime() - cpu);
		longestWallNanos = Math.max(longestWallNanos, System.nanoTime() - wall);
	}

	void spinUntil(java.util.function.BooleanSupplier condition, Duration timeout) {
		long end = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > end) {
				throw new AssertionError("timed out after " + timeout.toSeconds() + " s");
			}
			long cpu = threads.getCurrentThreadCpuTime();
			long wall = System.nanoTime();
			boolean worked = display.readAndDispatch();
			longestCpuNanos = Math.max(longestCpuNanos, threads.getCurrentThreadCpuTime() - cpu);
			longestWallNanos = Math.max(longestWallNanos, System.nanoTime() - wall);
			if (!worked) {
				try {
					Thread.sleep(5);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new AssertionError("interrupted", e);
				}
			}
		}
	}
}
