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
 * @param schedule           how the learning rate moves over the run; {@code null} (models saved before there was a
 *                           choice) reads as {@link Schedule#CONSTANT}
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, long seed, boolean augment,
		double validationFraction, Schedule schedule) {

	/** The learning rate over a run. */
	public enum Schedule {
		/** The seed's way: the same rate for every step. */
		CONSTANT,
		/** From the rate down to zero along half a cosine over all steps of the run: the last epochs settle. */
		COSINE;

		/** The rate for {@code step} (0-based) of {@code totalSteps}. */
		public double rate(double base, long step, long totalSteps) {
			if (this == CONSTANT || totalSteps <= 0) {
				return base;
			}
			double progress = Math.min(1, Math.max(0, (double) step / totalSteps));
			return base * 0.5 * (1 + Math.cos(Math.PI * progress));
		}
	}

	public static final TrainingOptions DEFAULTS = new TrainingOptions(5, 64, 0.001, 42, false, 0, Schedule.COSINE);

	/** With the default schedule, {@link Schedule#COSINE}. */
	public TrainingOptions(int epochs, int batchSize, double learningRate, long seed, boolean augment,
			double validationFraction) {
		this(epochs, batchSize, learningRate, seed, augment, validationFraction, Schedule.COSINE);
	}

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
		if (schedule == null) {
			schedule = Schedule.CONSTANT;
		}
		if (!(validationFraction >= 0 && validationFraction < 0.5)) {
			throw new IllegalArgumentException("validation fraction must be at least 0 and below 0.5, not " + validationFraction);
		}
	}

	public TrainingOptions withEpochs(int newEpochs) {
		return new TrainingOptions(newEpochs, batchSize, learningRate, seed, augment, validationFraction, schedule);
	}

	public TrainingOptions withAugment(boolean newAugment) {
		return new TrainingOptions(epochs, batchSize, learningRate, seed, newAugment, validationFraction, schedule);
	}

	public TrainingOptions withSchedule(Schedule newSchedule) {
		return new TrainingOptions(epochs, batchSize, learningRate, seed, augment, validationFraction, newSchedule);
	}
}
