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
 * @param beta1              Adam's decay of the gradient's running mean (PyTorch's default 0.9)
 * @param beta2              Adam's decay of the squared gradient's running mean (0.999); {@code beta1 = beta2 = 0}
 *                           (options saved before the betas were) reads as PyTorch's defaults
 * @param precision          the arithmetic of the forward and backward passes; {@code null} reads as
 *                           {@link Precision#FLOAT32}
 * @param replay             for a fine-tune (a run that starts from a saved model): how many of each batch's
 *                           {@code batchSize} images are replayed from the parent's own training set, so that it does
 *                           not forget what it knew; 0 for none (since 0.2.2)
 * @param stepsPerEpoch      steps in an epoch; 0 (the default) for one pass over the training set. A fine-tune on a
 *                           few dozen samples sets it, so that an epoch is a useful unit (since 0.2.2)
 */
public record TrainingOptions(int epochs, int batchSize, double learningRate, long seed, boolean augment,
		double validationFraction, Schedule schedule, double beta1, double beta2, Precision precision, int replay,
		int stepsPerEpoch) {

	/** How the network computes while it trains (the saved parameters are 32-bit floats either way). */
	public enum Precision {
		/** 32-bit floats throughout, as PyTorch trains by default. */
		FLOAT32,
		/**
		 * Weights, biases and inputs rounded to bfloat16 for the forward and backward passes (as
		 * {@code torch.autocast(dtype=bfloat16)} does for convolutions and matrix products), the parameters, Adam's
		 * state and the loss kept in 32 bits. About 2.5× faster for the cnn on CPUs with AVX512-BF16 (measured here);
		 * where the CPU has no bfloat16 instructions the run trains in {@link #FLOAT32} instead.
		 */
		MIXED_BFLOAT16
	}

	/** The learning rate over a run. */
	public enum Schedule {
		/** The seed's way: the same rate for every step. */
		CONSTANT,
		/** From the rate down to zero along half a cosine over all steps of the run: the last epochs settle. */
		COSINE,
		/**
		 * Leslie Smith's one cycle, as PyTorch's {@code OneCycleLR} with its defaults: up from a 25th of the rate to
		 * the rate along half a cosine in the first 30 % of the steps, then down to a 10,000th of it. Lets a short
		 * run take large steps without diverging at the start.
		 */
		ONE_CYCLE;

		/** The rate for {@code step} (0-based) of {@code totalSteps}. */
		public double rate(double base, long step, long totalSteps) {
			if (this == CONSTANT || totalSteps <= 0) {
				return base;
			}
			double progress = Math.min(1, Math.max(0, (double) step / totalSteps));
			if (this == COSINE) {
				return base * 0.5 * (1 + Math.cos(Math.PI * progress));
			}
			double warmUp = 0.3;
			double start = base / 25;
			double end = start / 1e4;
			return progress < warmUp ? between(start, base, progress / warmUp)
					: between(base, end, (progress - warmUp) / (1 - warmUp));
		}

		/** From {@code from} to {@code to} along half a cosine as {@code t} goes from 0 to 1. */
		private static double between(double from, double to, double t) {
			return to + (from - to) * 0.5 * (1 + Math.cos(Math.PI * t));
		}
	}

	/** PyTorch's Adam defaults. */
	public static final double BETA1 = 0.9;
	public static final double BETA2 = 0.999;

	public static final TrainingOptions DEFAULTS = new TrainingOptions(5, 64, 0.001, 42, false, 0, Schedule.COSINE);

	/**
	 * The recipe for fine-tuning a saved model on a few samples per digit (the user's handwriting): 6 epochs of 100
	 * steps, each batch 16 of the user's samples (augmented, cycled) and 48 images replayed from the parent's
	 * training set (augmented too), Adam at 1e-3 decayed along a cosine. Measured with a one-epoch mlp and 3 samples
	 * per digit of one writer's digits in a style it misread: 29–56 % → 99 % of fresh samples, MNIST −0.02 to +0.07
	 * points (README, "Fine-tune on your own handwriting"); on many writers' digits Adam at a constant 3e-4 for 300
	 * steps lost 0.4–1.7 points on MNIST where this recipe lost at most 0.23.
	 *
	 * @since 0.2.2
	 */
	public static final TrainingOptions FINE_TUNE = new TrainingOptions(6, 64, 1e-3, 42, true, 0, Schedule.COSINE,
			BETA1, BETA2, Precision.FLOAT32, 48, 100);

	/** With the default schedule, {@link Schedule#COSINE}. */
	public TrainingOptions(int epochs, int batchSize, double learningRate, long seed, boolean augment,
			double validationFraction) {
		this(epochs, batchSize, learningRate, seed, augment, validationFraction, Schedule.COSINE);
	}

	/** With PyTorch's betas, {@link #BETA1} and {@link #BETA2}. */
	public TrainingOptions(int epochs, int batchSize, double learningRate, long seed, boolean augment,
			double validationFraction, Schedule schedule) {
		this(epochs, batchSize, learningRate, seed, augment, validationFraction, schedule, BETA1, BETA2);
	}

	/** Without replay, an epoch one pass over the training set. */
	public TrainingOptions(int epochs, int batchSize, double learningRate, long seed, boolean augment,
			double validationFraction, Schedule schedule, double beta1, double beta2, Precision precision) {
		this(epochs, batchSize, learningRate, seed, augment, validationFraction, schedule, beta1, beta2, precision, 0, 0);
	}

	/** In {@link Precision#FLOAT32}. */
	public TrainingOptions(int epochs, int batchSize, double learningRate, long seed, boolean augment,
			double validationFraction, Schedule schedule, double beta1, double beta2) {
		this(epochs, batchSize, learningRate, seed, augment, validationFraction, schedule, beta1, beta2,
				Precision.FLOAT32);
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
		if (precision == null) {
			precision = Precision.FLOAT32;
		}
		if (beta1 == 0 && beta2 == 0) {
			beta1 = BETA1;
			beta2 = BETA2;
		}
		if (!(beta1 >= 0 && beta1 < 1) || !(beta2 > 0 && beta2 < 1)) {
			throw new IllegalArgumentException("Adam's betas must be in [0, 1) and (0, 1), not " + beta1 + " and " + beta2);
		}
		if (replay < 0 || replay >= batchSize) {
			throw new IllegalArgumentException("replayed images per batch must be at least 0 and below the batch size "
					+ batchSize + ", not " + replay);
		}
		if (stepsPerEpoch < 0 || stepsPerEpoch > 1_000_000) {
			throw new IllegalArgumentException("steps per epoch must be between 0 (one pass) and 1000000, not "
					+ stepsPerEpoch);
		}
	}

	public TrainingOptions withEpochs(int newEpochs) {
		return new TrainingOptions(newEpochs, batchSize, learningRate, seed, augment, validationFraction, schedule, beta1,
				beta2, precision, replay, stepsPerEpoch);
	}

	public TrainingOptions withAugment(boolean newAugment) {
		return new TrainingOptions(epochs, batchSize, learningRate, seed, newAugment, validationFraction, schedule, beta1,
				beta2, precision, replay, stepsPerEpoch);
	}

	public TrainingOptions withPrecision(Precision newPrecision) {
		return new TrainingOptions(epochs, batchSize, learningRate, seed, augment, validationFraction, schedule, beta1,
				beta2, newPrecision, replay, stepsPerEpoch);
	}

	public TrainingOptions withSchedule(Schedule newSchedule) {
		return new TrainingOptions(epochs, batchSize, learningRate, seed, augment, validationFraction, newSchedule, beta1,
				beta2, precision, replay, stepsPerEpoch);
	}

	/** @since 0.2.2 */
	public TrainingOptions withLearningRate(double newLearningRate) {
		return new TrainingOptions(epochs, batchSize, newLearningRate, seed, augment, validationFraction, schedule, beta1,
				beta2, precision, replay, stepsPerEpoch);
	}

	/** @since 0.2.2 */
	public TrainingOptions withReplay(int newReplay) {
		return new TrainingOptions(epochs, batchSize, learningRate, seed, augment, validationFraction, schedule, beta1,
				beta2, precision, newReplay, stepsPerEpoch);
	}

	/** @since 0.2.2 */
	public TrainingOptions withStepsPerEpoch(int newStepsPerEpoch) {
		return new TrainingOptions(epochs, batchSize, learningRate, seed, augment, validationFraction, schedule, beta1,
				beta2, precision, replay, newStepsPerEpoch);
	}
}
