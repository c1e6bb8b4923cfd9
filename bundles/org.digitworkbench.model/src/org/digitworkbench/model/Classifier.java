package org.digitworkbench.model;

/**
 * Inference on normalised 28×28 inputs (see {@code org.digitworkbench.preprocess.ModelInput#normalized()}). Not
 * thread-safe: one per thread. Close it to free its native memory.
 */
public interface Classifier extends AutoCloseable {

	/** Ten probabilities (softmax of the logits) for one image of 784 normalised values. */
	float[] probabilities(float[] normalizedImage);

	/**
	 * Probabilities for {@code count} images laid end to end in {@code normalizedImages}; returns
	 * {@code count × classes} values, row-major.
	 */
	float[] probabilities(float[] normalizedImages, int count);

	@Override
	void close();
}
