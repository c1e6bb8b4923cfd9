package org.digitworkbench.training.internal;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * One run's optimiser and step as one native call per batch: cross-entropy, the gradients of all parameters
 * ({@code torch.autograd.grad}), PyTorch's fused Adam ({@code torch.optim.Adam(fused=True)}'s own kernel, so the update
 * is PyTorch's to the last bit) and the running loss and accuracy, which stay native until someone asks for them.
 * DJL's Adam made ≈ 30 passes over the parameters per step from Java, one parameter at a time; this makes one.
 * <p>
 * Also holds the run's training images (bytes, on the native side) and the epoch's order, and cuts batches from them.
 */
final class FusedStep implements AutoCloseable {

	private static final String SOURCE = TorchScript.resource(FusedStep.class, "fused-step.torchscript");
	private static final List<String> LISTS = List.of("params", "exp_avgs", "exp_avg_sqs", "steps", "data");
	/** libtorch's ScalarType codes */
	private static final long FLOAT32 = 6;
	private static final long BFLOAT16 = 15;

	/** Adam's and the loss's settings for one step. */
	record Hyper(double learningRate, double beta1, double beta2, double epsilon, double weightDecay,
			double labelSmoothing) {

		double[] values() {
			return new double[] { learningRate, beta1, beta2, epsilon, weightDecay, labelSmoothing };
		}
	}

	/** What the steps since the last {@link #takeStats} add up to. */
	record Stats(double lossSum, long correct, long seen, double lastLoss) {
	}

	private final TorchScript module;
	private final NDManager manager;
	private final int parameterCount;
	private NDArray normalisation;

	/** @param parameters the arrays to train, each with a gradient attached */
	FusedStep(NDManager manager, List<NDArray> parameters) {
		this.manager = manager.newSubManager();
		this.module = TorchScript.load(this.manager, SOURCE, "FusedStep", LISTS);
		this.parameterCount = parameters.size();
		NDArray[] named = new NDArray[parameters.size()];
		String[] names = new String[parameters.size()];
		for (int i = 0; i < named.length; i++) {
			named[i] = parameters.get(i);
			names[i] = named[i].getName();
			named[i].setName("params[]"); // joins the List[Tensor] argument
		}
		try {
			module.call("setup", named).close();
		} finally {
			for (int i = 0; i < named.length; i++) {
				named[i].setName(names[i]);
			}
		}
	}

	/** The training images as unsigned bytes (count × pixels) and their labels (int64), kept native for the run. */
	void setData(NDArray pixels, NDArray labels, float mean, float std) {
		module.call("set_data", pixels, labels).close();
		if (normalisation != null) {
			normalisation.close();
		}
		normalisation = manager.create(new float[] { mean, std });
	}

	/** This epoch's order of the training images (int64 indices). */
	void setOrder(NDArray order) {
		module.call("set_order", order).close();
	}

	/**
	 * Images {@code order[from..to)} normalised (in bfloat16 when {@code bfloat16}), and their labels; both belong to
	 * {@code batch}.
	 */
	NDList batch(NDManager batch, int from, int to, boolean bfloat16) {
		return module.call("batch", batch.create(new long[] { from, to, bfloat16 ? BFLOAT16 : FLOAT32 }), normalisation);
	}

	/** bfloat16 copies of {@code tensors} that gradients flow back through; they belong to the first's manager. */
	NDList bfloat16(NDManager owner, List<NDArray> tensors) {
		NDArray[] named = new NDArray[tensors.size()];
		String[] names = new String[named.length];
		for (int i = 0; i < named.length; i++) {
			named[i] = tensors.get(i);
			names[i] = named[i].getName();
			named[i].setName("tensors[]");
		}
		try {
			NDList rounded = module.call("bfloat16", named);
			rounded.attach(owner);
			return rounded;
		} finally {
			for (int i = 0; i < named.length; i++) {
				named[i].setName(names[i]);
			}
		}
	}

	/** One update from {@code logits} (computed with gradients) and {@code labels}. */
	void step(NDArray logits, NDArray labels, Hyper hyper) {
		NDManager batch = logits.getManager();
		module.call("step", logits, labels, batch.create(hyper.values())).close();
	}

	/** The sums since the last call, which start again from zero: one read-back, only when someone looks. */
	Stats takeStats() {
		try (NDList taken = module.call("take_stats")) {
			double[] s = taken.singletonOrThrow().toDoubleArray();
			return new Stats(s[0], Math.round(s[1]), Math.round(s[2]), s[3]);
		}
	}

	/** Adam's first and second moments and step counts, in the order of the parameters: 3 × parameters arrays. */
	NDList optimizerState(NDManager owner) {
		NDList state = module.call("optimizer_state");
		state.attach(owner);
		return state;
	}

	void loadOptimizerState(NDList state) {
		if (state.size() != 3 * parameterCount) {
			throw new IllegalArgumentException("optimizer state has " + state.size() + " arrays, not " + 3 * parameterCount);
		}
		NDArray[] named = new NDArray[state.size()];
		for (int i = 0; i < named.length; i++) {
			named[i] = state.get(i);
			named[i].setName("state[]");
		}
		module.call("load_optimizer_state", named).close();
	}

	@Override
	public void close() {
		module.close();
		manager.close();
	}
}
