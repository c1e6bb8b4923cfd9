package org.digitworkbench.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.model.TrainingOptions.Schedule;
import org.junit.jupiter.api.Test;

/** Hyper-parameters: their ranges and the learning-rate schedules. */
class TrainingOptionsTest {

	@Test
	void aConstantScheduleKeepsTheRate() {
		for (long step : new long[] { 0, 1, 500, 937, 10_000 }) {
			assertEquals(0.001, Schedule.CONSTANT.rate(0.001, step, 938), 0);
		}
	}

	@Test
	void aCosineScheduleFallsFromTheRateToZeroAlongHalfACosine() {
		double base = 0.003;
		long steps = 4000; // 5 epochs of 800 batches
		assertEquals(base, Schedule.COSINE.rate(base, 0, steps), 1e-15);
		assertEquals(base / 2, Schedule.COSINE.rate(base, steps / 2, steps), 1e-15, "half way: half the rate");
		assertEquals(base * (1 + Math.cos(Math.PI / 4)) / 2, Schedule.COSINE.rate(base, steps / 4, steps), 1e-15);
		assertEquals(0, Schedule.COSINE.rate(base, steps, steps), 1e-15, "the last step settles at zero");
		double previous = Double.MAX_VALUE;
		for (long step = 0; step <= steps; step += 7) {
			double rate = Schedule.COSINE.rate(base, step, steps);
			assertTrue(rate <= previous && rate >= 0, "falls monotonically: step " + step);
			previous = rate;
		}
	}

	@Test
	void stepsOutsideTheRunAreClampedAndAnEmptyRunKeepsTheRate() {
		assertEquals(0.001, Schedule.COSINE.rate(0.001, -5, 100), 1e-15);
		assertEquals(0, Schedule.COSINE.rate(0.001, 150, 100), 1e-15);
		assertEquals(0.001, Schedule.COSINE.rate(0.001, 3, 0), 0);
	}

	@Test
	void optionsOutsideTheirRangesAreRefusedSayingTheRange() {
		TrainingOptions d = TrainingOptions.DEFAULTS;
		assertEquals(Schedule.COSINE, d.schedule());
		assertEquals("epochs must be between 1 and 1000, not 0", assertThrows(IllegalArgumentException.class,
				() -> d.withEpochs(0)).getMessage());
		assertThrows(IllegalArgumentException.class, () -> new TrainingOptions(5, 0, 0.001, 1, false, 0));
		assertThrows(IllegalArgumentException.class, () -> new TrainingOptions(5, 64, Double.NaN, 1, false, 0));
		assertThrows(IllegalArgumentException.class, () -> new TrainingOptions(5, 64, 0.001, 1, false, 0.5));
		assertEquals(Schedule.CONSTANT, new TrainingOptions(5, 64, 0.001, 1, false, 0, null).schedule(),
				"models saved before there was a choice trained with a constant rate");
	}
}
