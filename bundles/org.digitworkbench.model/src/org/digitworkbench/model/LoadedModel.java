package org.digitworkbench.model;

import java.util.List;

/**
 * A saved model opened for use: its metadata, its architecture, and what can be asked of the network — probabilities
 * ({@link #newClassifier()}), its layers ({@link #summary()}), parameter values and each layer's output for an image
 * — all as plain Java values. The engine's objects stay inside the model bundle. Close it to free its native memory.
 * <p>
 * One loaded model may be used from several threads at once (each thread with its own {@link Classifier}).
 */
public interface LoadedModel extends AutoCloseable {

	ModelMetadata metadata();

	ModelArchitecture architecture();

	/** A classifier on this model; closing the classifier leaves the model open. */
	Classifier newClassifier();

	/**
	 * The network's layers with readable names, output shapes and parameters.
	 *
	 * @since 0.2.0
	 */
	ModelSummary summary();

	/**
	 * A parameter's values as floats, row-major: the first {@code maxRows} entries along its first axis (all of them
	 * when it has fewer), e.g. the first 64 units of a dense layer's {@code (512, 784)} weight as 64 × 784 values.
	 *
	 * @param id a {@link ModelSummary.Parameter#id()} of this model's summary
	 * @throws IllegalArgumentException when this model has no such parameter
	 * @since 0.2.0
	 */
	float[] parameterValues(String id, int maxRows);

	/**
	 * Runs one image through the network's top-level layers one at a time (a composite block such as a residual unit
	 * counts as one) and returns what each put out, in order.
	 *
	 * @param normalizedImage 784 normalised values (see {@code ModelInput#normalized()})
	 * @since 0.2.0
	 */
	List<LayerOutput> activations(float[] normalizedImage);

	@Override
	void close();
}
