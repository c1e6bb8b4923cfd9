package org.digitworkbench.preprocess;

import org.digitworkbench.dataset.Normalization;

/**
 * What the model sees: a 28×28 picture in [0, 1] (for showing it, enlarged) and the same picture normalised with
 * MNIST's mean 0.1307 and standard deviation 0.3081, both row-major, 784 values. A model trained on another dataset is
 * fed {@link #normalized(Normalization)} with its own figures ({@code ModelMetadata.normalization()}).
 */
public record ModelInput(float[] pixels, float[] normalized) {

	public static final int SIZE = 28;
	/** MNIST's, as {@link Normalization#MNIST}. */
	public static final float MEAN = 0.1307f;
	/** MNIST's, as {@link Normalization#MNIST}. */
	public static final float STD = 0.3081f;

	/** {@code pixels} with MNIST's normalisation. */
	public static ModelInput of(float[] pixels) {
		return new ModelInput(pixels, Normalization.MNIST.apply(pixels));
	}

	/**
	 * The pixels as a model trained with {@code normalization} takes them ({@link #normalized()} for MNIST's).
	 *
	 * @since 0.2.0
	 */
	public float[] normalized(Normalization normalization) {
		return normalization.equals(Normalization.MNIST) ? normalized : normalization.apply(pixels);
	}
}
