package org.digitworkbench.model;

/**
 * One epoch of a training run kept with its model: its parameters (in the model's folder, checked against
 * {@code parametersSha256} when loaded as {@code name@epoch}) and these metrics — nothing else, so that a model with 20
 * kept epochs takes 21 times its parameters on disk and no more. Accuracies in [0, 1]; NaN when unknown.
 *
 * @param epoch              1-based
 * @param validationAccuracy NaN without a validation split
 * @param parametersSha256   filled in by the store
 * @since 0.2.2
 */
public record EpochSnapshot(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
		double validationAccuracy, String parametersSha256) {

	/** The separator of a model's name and an epoch in a reference such as {@code cnn-1@2}. */
	public static final char SEPARATOR = '@';

	/** {@code name@epoch}. */
	public static String reference(String modelName, int epoch) {
		return modelName + SEPARATOR + epoch;
	}
}
