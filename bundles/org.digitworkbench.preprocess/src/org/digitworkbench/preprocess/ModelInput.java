package org.digitworkbench.preprocess;

/**
 * What the model sees: a 28×28 picture in [0, 1] (for showing it, enlarged) and the same picture normalised with
 * MNIST's mean 0.1307 and standard deviation 0.3081 (for the model), both row-major, 784 values.
 */
public record ModelInput(float[] pixels, float[] normalized) {

	public static final int SIZE = 28;
	public static final float MEAN = 0.1307f;
	public static final float STD = 0.3081f;
}
