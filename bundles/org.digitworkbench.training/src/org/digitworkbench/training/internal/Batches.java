package org.digitworkbench.training.internal;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Normalization;
import org.digitworkbench.model.ModelArchitecture;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * A run's training images in batches: per epoch an order, per batch the images {@code order[from..to)} normalised and
 * shaped for the architecture, with their labels (int64).
 * <p>
 * Without augmentation the images stay native as bytes for the whole run and a batch is one gather (the pixels cross
 * JNI once per run instead of once per batch). With augmentation each batch is drawn in Java on a thread of its own
 * while the one before it trains; its random numbers come from the run's seed, the epoch and the batch, so the images
 * are the same whichever thread draws them and after a resume.
 */
abstract sealed class Batches implements AutoCloseable {

	final ImageSet images;
	final ModelArchitecture architecture;
	int[] order;

	private Batches(ImageSet images, ModelArchitecture architecture) {
		this.images = images;
		this.architecture = architecture;
	}

	/** @param bfloat16 batches in bfloat16 (mixed precision) rather than float32 */
	static Batches of(ImageSet images, ModelArchitecture architecture, FusedStep step, NDManager manager,
			boolean augment, long seed, Normalization normalization, boolean bfloat16) {
		return augment ? new Augmented(images, architecture, step, seed, normalization, bfloat16)
				: new Native(images, architecture, step, manager, normalization, bfloat16);
	}

	/** The order of this epoch's images (indices into the image set); {@code batch} is called in this order. */
	void startEpoch(int epoch, int[] epochOrder) {
		this.order = epochOrder;
	}

	/** Images {@code order[from..to)} and their labels, owned by {@code batch}. */
	abstract NDList batch(NDManager batch, int epoch, int from, int to) throws InterruptedException;

	@Override
	public void close() {
	}

	private static final class Native extends Batches {

		private final FusedStep step;
		private final NDManager manager;
		/** libtorch reads it from Java's memory (no copy): alive until the next epoch's order replaces it */
		private NDArray currentOrder;

		private final boolean bfloat16;

		Native(ImageSet images, ModelArchitecture architecture, FusedStep step, NDManager manager,
				Normalization normalization, boolean bfloat16) {
			super(images, architecture);
			this.step = step;
			this.manager = manager;
			this.bfloat16 = bfloat16;
			NDArray pixels = manager.create(ByteBuffer.wrap(images.pixelData()),
					new Shape(images.count(), images.pixelsPerImage()), DataType.UINT8); // UINT8: never signed bytes
			NDArray labels = manager.create(ByteBuffer.wrap(images.labelData()), new Shape(images.count()),
					DataType.UINT8).toType(DataType.INT64, false);
			step.setData(pixels, labels, normalization.mean(), normalization.std());
		}

		@Override
		void startEpoch(int epoch, int[] epochOrder) {
			super.startEpoch(epoch, epochOrder);
			long[] indices = new long[epochOrder.length];
			for (int i = 0; i < indices.length; i++) {
				indices[i] = epochOrder[i];
			}
			NDArray order = manager.create(indices);
			step.setOrder(order);
			if (currentOrder != null) {
				currentOrder.close();
			}
			currentOrder = order;
		}

		@Override
		NDList batch(NDManager batch, int epoch, int from, int to) {
			NDList xy = step.batch(batch, from, to, bfloat16);
			return new NDList(xy.get(0).reshape(architecture.inputShape(to - from)), xy.get(1));
		}
	}

	private static final class Augmented extends Batches {

		private final FusedStep step;
		private final long seed;
		private final Normalization normalization;
		private final boolean bfloat16;
		private final ExecutorService drawer = Executors.newSingleThreadExecutor(r -> {
			Thread thread = new Thread(r, "Digit Workbench augmentation");
			thread.setDaemon(true);
			return thread;
		});
		private final Staging staging = new Staging();
		private CompletableFuture<float[]> next;
		private int nextFrom = -1;

		Augmented(ImageSet images, ModelArchitecture architecture, FusedStep step, long seed,
				Normalization normalization, boolean bfloat16) {
			super(images, architecture);
			this.step = step;
			this.seed = seed;
			this.normalization = normalization;
			this.bfloat16 = bfloat16;
		}

		private CompletableFuture<float[]> draw(int epoch, int from, int to) {
			int[] epochOrder = order;
			return CompletableFuture.supplyAsync(() -> Augmentation.batch(images, epochOrder, from, to,
					new SplittableRandom(Seeds.augmentation(seed, epoch, from)), normalization), drawer);
		}

		@Override
		NDList batch(NDManager batch, int epoch, int from, int to) throws InterruptedException {
			CompletableFuture<float[]> current = next != null && nextFrom == from ? next : draw(epoch, from, to);
			int size = to - from;
			int nextTo = Math.min(order.length, to + size);
			next = to < order.length ? draw(epoch, to, nextTo) : null;
			nextFrom = to;
			float[] pixels;
			try {
				pixels = current.get();
			} catch (ExecutionException e) {
				throw new IllegalStateException("augmenting a batch failed: " + e.getCause(), e.getCause());
			}
			staging.buffer(4 * pixels.length).asFloatBuffer().put(pixels);
			NDArray x = staging.copy(batch, architecture.inputShape(size), DataType.FLOAT32);
			if (bfloat16) {
				x = step.bfloat16(batch, java.util.List.of(x)).get(0);
			}
			ByteBuffer labels = staging.buffer(8 * size);
			for (int i = from; i < to; i++) {
				labels.putLong(images.label(order[i]));
			}
			return new NDList(x, staging.copy(batch, new Shape(size), DataType.INT64));
		}

		@Override
		public void close() {
			drawer.shutdownNow();
		}
	}
}
