package org.digitworkbench.model;

/**
 * Hyper-parameters of one training run. Same options and seed → same result on the same machine.
 *
 * @param epochs             passes over the training set, ≥ 1
 * @param batchSize          images per step (64)
 * @param learningRate       Adam's learning rate (0.001)
 * @param seed               seeds initialisation, shuffling, dropout and augmentation
 * @param augment            small random shifts, scales and rotations of the training images
 * @param validationFraction share of the training set held out for validation, 0 for none
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, long seed, boolean augment,
		double validationFraction) {

	public static final TrainingOptions DEFAULTS = new TrainingOptions(5, 64, 0.001, 42, false, 0);

	public TrainingOptions {
		if (epochs < 1 || epochs > 1000) {
			throw new IllegalArgumentException("epochs must be between 1 and 1000, not " + epochs);
		}
		if (batchSize < 1 || batchSize > 60000) {
			throw new IllegalArgumentException("batch size must be between 1 and 60000, not " + batchSize);
		}
		if (!(learningRate > 0 && learningRate <= 1)) {
			throw new IllegalArgumentException("learning rate must be above 0 and at most 1, not " + learningRate);
		}
		if (!(validationFraction >= 0 && validationFraction < 0.5)) {
			throw new IllegalArgumentException("validation fraction must be at least 0 and below 0.5, not " + validationFraction);
		}
	}

	public TrainingOptions withEpochs(int newEpochs) {
		return new TrainingOptions(newEpochs, batchSize, learningRate, seed, augment, validationFraction);
	}
}
