package org.digitworkbench.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the canvas makes a tuned model active, and how it says before → after. */
class FineTuneResultTest {

	private static FineTuneResult result(int heldBack, double before, double after, double mnistBefore,
			double mnistAfter) {
		return new FineTuneResult("base", "base-mine", heldBack, before, after, "mnist", mnistBefore, mnistAfter);
	}

	@Test
	void betterOnTheHeldBackSamplesWithoutForgettingMnist() {
		assertTrue(result(10, 0.4, 1.0, 0.9667, 0.9665).better());
		assertTrue(result(10, 0.4, 0.5, 0.9667, 0.9638).better(), "0.29 points lost is allowed");
	}

	@Test
	void notBetterWhenItReadsNoMoreOfThemOrForgetsMnistOrThereIsNothingToJudge() {
		assertFalse(result(10, 0.6, 0.6, 0.96, 0.97).better(), "no gain on the user's samples");
		assertFalse(result(10, 0.6, 0.5, 0.96, 0.97).better(), "worse on the user's samples");
		assertFalse(result(10, 0.4, 1.0, 0.9667, 0.9630).better(), "0.37 points lost on MNIST");
		assertFalse(result(0, Double.NaN, Double.NaN, 0.96, 0.96).better(), "no held-back samples");
		assertTrue(new FineTuneResult("b", "t", 4, 0.25, 0.75, "", Double.NaN, Double.NaN).better(),
				"without replay only the user's samples judge");
	}

	@Test
	void describesBeforeAndAfter() {
		assertEquals("Your 10 held-back samples: 40 % \u2192 100 %; MNIST test set: 96.67 % \u2192 96.65 %.",
				result(10, 0.4, 1.0, 0.9667, 0.9665).describe());
		assertEquals("Your 1 held-back sample: 0 % \u2192 100 %.",
				new FineTuneResult("b", "t", 1, 0, 1, "", Double.NaN, Double.NaN).describe());
	}
}
