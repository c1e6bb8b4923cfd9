package org.digitworkbench.ui.integration.tests;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.swt.widgets.Display;

/**
 * Posts an asyncExec every 10 ms from another thread and records how long each waited until the UI thread ran it.
 * A second thread that only sleeps 2 ms at a time notes when the whole JVM froze (a garbage collection, or the
 * machine's CPUs busy with other processes): those stretches delay every thread alike, so they are taken out of
 * each wait to get the UI thread's own delay; both are reported.
 */
final class UiLatencyProbe {
	private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
	private final Thread freezeWatch;
	private final List<long[]> freezes = new CopyOnWriteArrayList<>();
	private final AtomicLong worstOwnNanos = new AtomicLong();
	private final AtomicLong worstRawNanos = new AtomicLong();
	private final long start = System.nanoTime();
	private final List<String> longWaits = new CopyOnWriteArrayList<>();
	private final List<Long> ownWaits = new CopyOnWriteArrayList<>();
	private volatile boolean running = true;

	UiLatencyProbe(Display display) {
		freezeWatch = new Thread(() -> {
			while (running) {
				long before = System.nanoTime();
				try {
					Thread.sleep(2);
				} catch (InterruptedException e) {
					return;
				}
				long late = System.nanoTime() - before - 2_000_000L;
				if (late > 10_000_000L) {
					freezes.add(new long[] { before + 2_000_000L, before + 2_000_000L + late });
				}
			}
		}, "freeze watch");
		freezeWatch.setDaemon(true);
		freezeWatch.start();
		timer.scheduleAtFixedRate(() -> {
			long posted = System.nanoTime();
			display.asyncExec(() -> {
				long ran = System.nanoTime();
				long raw = ran - posted;
				long own = raw - frozenWithin(posted, ran);
				worstRawNanos.accumulateAndGet(raw, Math::max);
				worstOwnNanos.accumulateAndGet(own, Math::max);
				ownWaits.add(own);
				if (raw > 40_000_000L) {
					longWaits.add((posted - start) / 1_000_000 + " ms: " + raw / 1_000_000 + " ms (own "
							+ own / 1_000_000 + ")");
				}
			});
		}, 0, 10, TimeUnit.MILLISECONDS);
	}

	private long frozenWithin(long from, long to) {
		long total = 0;
		for (long[] f : freezes) {
			total += Math.max(0, Math.min(to, f[1]) - Math.max(from, f[0]));
		}
		return total;
	}

	/** Stops, and returns the UI thread's worst own delay in ms. */
	long stop() {
		timer.shutdownNow();
		running = false;
		return worstOwnNanos.get() / 1_000_000;
	}

	/** The UI thread's own delay that {@code share} of the probes did not exceed, in ms. */
	double percentileMillis(double share) {
		long[] sorted = ownWaits.stream().mapToLong(Long::longValue).sorted().toArray();
		return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(share * sorted.length))] / 1e6;
	}

	long worstRawMillis() {
		return worstRawNanos.get() / 1_000_000;
	}

	long frozenMillis() {
		return freezes.stream().mapToLong(f -> f[1] - f[0]).sum() / 1_000_000;
	}

	/** The ten longest waits, as "when: how long (own)". */
	List<String> longWaits() {
		return longWaits.stream().sorted(java.util.Comparator.comparingLong(
				(String w) -> Long.parseLong(w.substring(w.indexOf(": ") + 2, w.indexOf(" ms (")))).reversed()).limit(10).toList();
	}

	long elapsedMillis() {
		return (System.nanoTime() - start) / 1_000_000;
	}
}
