package org.digitworkbench.ui.canvas;

/**
 * When the canvas says "not sure" instead of a digit: the model's top probability is below {@link #MIN_CONFIDENCE}.
 * A softmax always names some digit, also for an X or a scribble; below this line the answer is shown as doubt.
 * <p>
 * Calibrated by {@code CanvasPartTest.notSureIsCalibratedOnTestDigitsAndOnNonDigits} on the canvas test's one-epoch
 * MLP: the share of MNIST's 10,000 test digits (right and wrong answers apart) and of drawn non-digits (crosses,
 * boxes, grids, lines, scribbles) under each threshold — the numbers are in the README.
 */
final class Doubt {

	/** Below this top probability the answer is doubt. */
	static final float MIN_CONFIDENCE = 0.85f;

	private Doubt() {
	}

	static boolean unsure(float[] probabilities) {
		return probabilities[RecognitionView.argmax(probabilities)] < MIN_CONFIDENCE;
	}

	/** Entropy in bits over the ten classes (0: certain, log2 10 ≈ 3.32: no idea), printed by the calibration. */
	static double entropyBits(float[] probabilities) {
		double h = 0;
		for (float p : probabilities) {
			if (p > 0) {
				h -= p * Math.log(p) / Math.log(2);
			}
		}
		return h;
	}
}
