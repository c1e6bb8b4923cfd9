package org.digitworkbench.model;

/**
 * Why a model reads a drawing as it does, pixel by pixel over its 28×28 input, as plain values (row-major, 784 each)
 * that a view can paint over the drawing. From the input gradients of the model's log-probabilities:
 * <ul>
 * <li>{@link #evidence}: how much each pixel's ink adds to the model's belief in {@link #digit} (gradient × ink, so 0
 * on paper): positive where the ink made it say its digit, negative where the ink speaks against it;</li>
 * <li>{@link #towardRunnerUp}: how a little more ink at each pixel moves the model from its digit toward
 * {@link #runnerUp} (the gradient of their log-odds, per unit of ink): positive where adding ink would make it say the
 * runner-up, negative on ink whose removal would.</li>
 * </ul>
 * Both are in log-probability per unit of ink (0 = paper, 1 = full ink).
 *
 * @param probabilities the model's ten probabilities for the image
 * @since 0.2.2
 */
public record Explanation(int digit, int runnerUp, float[] probabilities, float[] evidence, float[] towardRunnerUp) {

	/** The largest magnitude in {@code values}, for scaling a display (0 for all zeros). */
	public static float maxMagnitude(float[] values) {
		float max = 0;
		for (float v : values) {
			max = Math.max(max, Math.abs(v));
		}
		return max;
	}
}
