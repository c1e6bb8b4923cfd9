package org.digitworkbench.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.swt.widgets.Display;
import org.junit.jupiter.api.Test;

/** The throttle behind the console's five refreshes a second, on the display's timer. */
class ThrottleTest {

	@Test
	void manyRequestsWithinAnIntervalRunTheUpdateOnceAtItsEndAndRunNowRunsAtOnce() {
		Display display = Display.getDefault();
		AtomicInteger updates = new AtomicInteger();
		Throttle throttle = new Throttle(display, 200, updates::incrementAndGet);
		throttle.runNow(); // an update just ran: the next request waits for the interval
		assertEquals(1, updates.get());
		long first = System.nanoTime();
		for (int i = 0; i < 50; i++) {
			throttle.request();
		}
		assertEquals(1, updates.get(), "nothing at once after a recent update");
		spinUntil(display, () -> updates.get() == 2, 5_000);
		long waited = (System.nanoTime() - first) / 1_000_000;
		assertTrue(waited >= 150, "served at the interval's end, not at once: " + waited + " ms");
		spin(display, 400);
		assertEquals(2, updates.get(), "fifty requests, one update");
		assertEquals(2, throttle.runs());

		throttle.request();
		throttle.runNow(); // an epoch's result: shown at once, and the pending request is served by it
		assertEquals(3, updates.get());
		spin(display, 400);
		assertEquals(3, updates.get(), "the timer found nothing left to do");
	}

	private static void spinUntil(Display display, java.util.function.BooleanSupplier condition, long millis) {
		long end = System.nanoTime() + millis * 1_000_000;
		while (!condition.getAsBoolean() && System.nanoTime() < end) {
			if (!display.readAndDispatch()) {
				Thread.onSpinWait();
			}
		}
		assertTrue(condition.getAsBoolean(), "in time");
	}

	private static void spin(Display display, long millis) {
		long end = System.nanoTime() + millis * 1_000_000;
		while (System.nanoTime() < end) {
			if (!display.readAndDispatch()) {
				Thread.onSpinWait();
			}
		}
	}
}
