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

	/**
	 * Why the model reads {@code normalizedImage} as it does: which ink made it say its digit and which would make it
	 * say the runner-up. The store's models answer from one forward and two backward passes (the mlp in well under a
	 * millisecond here: fast enough for every stroke); this default, for other implementations, from 785 forward
	 * passes (central differences would be twice that) of one classifier batch.
	 *
	 * @param normalizedImage 784 values normalised with this model's figures ({@code metadata().normalization()})
	 * @since 0.2.2
	 */
	default Explanation explain(float[] normalizedImage) {
		if (normalizedImage.length != 784) {
			throw new IllegalArgumentException("an image is 784 values, not " + normalizedImage.length);
		}
		float std = metadata().normalization().std();
		float step = 0.01f / std; // a hundredth of full ink, in normalised units: small enough to cross few kinks
		float[] batch = new float[785 * 784];
		for (int i = 0; i < 785; i++) {
			System.arraycopy(normalizedImage, 0, batch, i * 784, 784);
			if (i > 0) {
				batch[i * 784 + i - 1] += step;
			}
		}
		float[] p;
		try (Classifier classifier = newClassifier()) {
			p = classifier.probabilities(batch, 785);
		}
		int classes = p.length / 785;
		float[] probabilities = java.util.Arrays.copyOf(p, classes);
		int digit = 0;
		for (int c = 1; c < classes; c++) {
			digit = probabilities[c] > probabilities[digit] ? c : digit;
		}
		int runnerUp = digit == 0 ? 1 : 0;
		for (int c = 0; c < classes; c++) {
			runnerUp = c != digit && probabilities[c] > probabilities[runnerUp] ? c : runnerUp;
		}
		float[] evidence = new float[784];
		float[] toward = new float[784];
		float background = metadata().normalization().apply(0);
		double logDigit = Math.log(Math.max(probabilities[digit], 1e-30f));
		double odds = Math.log(Math.max(probabilities[runnerUp], 1e-30f)) - logDigit;
		for (int i = 0; i < 784; i++) {
			int row = (i + 1) * classes;
			double dDigit = (Math.log(Math.max(p[row + digit], 1e-30f)) - logDigit) / 0.01; // per unit of ink
			double dOdds = (Math.log(Math.max(p[row + runnerUp], 1e-30f)) - Math.log(Math.max(p[row + digit], 1e-30f))
					- odds) / 0.01;
			float ink = (normalizedImage[i] - background) * std;
			evidence[i] = (float) (dDigit * ink);
			toward[i] = (float) dOdds;
		}
		return new Explanation(digit, runnerUp, probabilities, evidence, toward);
	}

	@Override
	void close();
}
