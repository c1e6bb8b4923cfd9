package org.digitworkbench.training.internal;

import java.util.SplittableRandom;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Normalization;

/**
 * The batches of a run whose epoch is not one pass over its training set: a fine-tune on a few samples, with images
 * replayed from the parent's training set. Each batch is {@code own} of the run's images — drawn from a stream of
 * reshuffled passes over them that continues from epoch to epoch — followed by {@code replayed} images drawn at random
 * from the replay set. The run's images and the replay set are laid end to end in one {@link #images() image set}, and
 * an epoch is one order of indices into it, cut into batches as any epoch's is ({@link Batches} is not changed).
 * <p>
 * Every index is a function of the seed, the epoch and the position, so a resumed run gets the same batches.
 */
final class ReplayPlan {

	private final ImageSet images;
	private final int[] own;
	private final int replayFrom;
	private final int replayCount;
	private final int ownPerBatch;
	private final int replayPerBatch;
	private final int steps;
	private final long seed;

	/**
	 * @param train       the run's training images, of which {@code trainIndices} are trained on
	 * @param replay      the images to replay, or {@code null} for none ({@code replayPerBatch} must then be 0)
	 * @param stepsPerEpoch 0 for one pass over the run's own images per epoch
	 */
	ReplayPlan(ImageSet train, int[] trainIndices, ImageSet replay, int batchSize, int replayPerBatch,
			int stepsPerEpoch, long seed, Normalization normalization) {
		if (trainIndices.length == 0) {
			throw new IllegalArgumentException(train.datasetId() + " has no training images");
		}
		this.own = trainIndices.clone();
		this.replayPerBatch = replay == null ? 0 : replayPerBatch;
		this.ownPerBatch = batchSize - this.replayPerBatch;
		this.seed = seed;
		this.steps = stepsPerEpoch > 0 ? stepsPerEpoch : (own.length + ownPerBatch - 1) / ownPerBatch;
		if (replay == null || this.replayPerBatch == 0) {
			this.images = train;
			this.replayFrom = train.count();
			this.replayCount = 0;
		} else {
			if (replay.pixelsPerImage() != train.pixelsPerImage()) {
				throw new IllegalArgumentException(replay.datasetId() + "'s images are " + replay.rows() + "×"
						+ replay.columns() + ", " + train.datasetId() + "'s " + train.rows() + "×" + train.columns());
			}
			int size = train.pixelsPerImage();
			byte[] pixels = new byte[(train.count() + replay.count()) * size];
			byte[] labels = new byte[train.count() + replay.count()];
			System.arraycopy(train.pixelData(), 0, pixels, 0, train.count() * size);
			System.arraycopy(replay.pixelData(), 0, pixels, train.count() * size, replay.count() * size);
			System.arraycopy(train.labelData(), 0, labels, 0, train.count());
			System.arraycopy(replay.labelData(), 0, labels, train.count(), replay.count());
			this.images = new ImageSet(train.datasetId(), train.split(), train.rows(), train.columns(), pixels, labels,
					train.classNames(), normalization);
			this.replayFrom = train.count();
			this.replayCount = replay.count();
		}
	}

	/** The run's images, then the replayed ones: what the batches are cut from. */
	ImageSet images() {
		return images;
	}

	int steps() {
		return steps;
	}

	int batchSize() {
		return ownPerBatch + replayPerBatch;
	}

	/** Images per epoch: steps × batch size. */
	int length() {
		return steps * batchSize();
	}

	/** Epoch {@code epoch}'s (1-based) order: batch after batch, the own images first. */
	int[] order(int epoch) {
		int batch = batchSize();
		int[] order = new int[length()];
		long position = (long) (epoch - 1) * steps * ownPerBatch; // where the stream of own images stands
		int[] pass = null;
		long passNumber = -1;
		SplittableRandom replayRandom = new SplittableRandom(Seeds.mix(Seeds.mix(seed ^ 0x7265706C6179L) + epoch));
		for (int s = 0; s < steps; s++) {
			for (int k = 0; k < ownPerBatch; k++, position++) {
				long p = position / own.length;
				if (p != passNumber) {
					passNumber = p;
					pass = pass(p);
				}
				order[s * batch + k] = pass[(int) (position % own.length)];
			}
			for (int k = 0; k < replayPerBatch; k++) {
				order[s * batch + ownPerBatch + k] = replayFrom + replayRandom.nextInt(replayCount);
			}
		}
		return order;
	}

	/** The {@code number}-th pass over the own images, shuffled from the seed and the pass number alone. */
	private int[] pass(long number) {
		int[] pass = own.clone();
		SplittableRandom random = new SplittableRandom(Seeds.mix(Seeds.mix(seed ^ 0x6F776EL) + number));
		for (int i = pass.length - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = pass[i];
			pass[i] = pass[j];
			pass[j] = swap;
		}
		return pass;
	}
}
