package org.digitworkbench.training.internal;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.training.ParameterStore;

/**
 * Runs a sequential block as DJL does, child after child, but hands each convolution's output on in channels-last
 * memory order (same shape, pixels of a channel no longer adjacent): libtorch's batch norm, activations and pooling
 * keep that order, and the next convolution reads it without reordering. DJL has no binding for memory formats, so
 * the reordering is a one-line TorchScript method (autograd would follow it like any operator). Used by evaluations;
 * training keeps the plain order (see {@code TrainingJob}).
 * <p>
 * Why: PyTorch's NCHW max-pooling is slow on a CPU. Measured here on two cores (busy with other builds, the rest niced):
 * max-pooling 250×32×28×28 took 28 ms in NCHW order and 6.5 ms channels-last (PyTorch 2.13); evaluating the 10k test
 * images with the cnn, whole {@code evaluate} command, 4.2–4.8 s → 3.6–4.1 s (pooling 1.2 s → 0.26 s). The first
 * convolution's input has one channel, for which both orders are the same memory, so its output has to be reordered
 * once (≈ 7 ms a batch of 250).
 */
final class ChannelsLast implements AutoCloseable {

	private static final String SOURCE = TorchScript.resource(ChannelsLast.class, "channels-last.torchscript");

	private final TorchScript script;

	private ChannelsLast(NDManager manager) {
		script = TorchScript.load(manager, SOURCE, "ChannelsLast", List.of());
	}

	/** For a sequential block with a convolution among its children, else null (such blocks run as they are). */
	static ChannelsLast forBlock(Block block, NDManager manager) {
		if (block instanceof SequentialBlock sequence
				&& sequence.getChildren().values().stream().anyMatch(Convolution.class::isInstance)) {
			return new ChannelsLast(manager);
		}
		return null;
	}

	/** {@code block}'s forward pass, with convolution outputs reordered where {@code layout} is not null. */
	static NDList forward(ChannelsLast layout, Block block, ParameterStore parameters, NDList inputs, boolean training) {
		if (layout == null) {
			return block.forward(parameters, inputs, training);
		}
		NDList current = inputs;
		for (Block child : block.getChildren().values()) {
			current = child.forward(parameters, current, training);
			if (child instanceof Convolution && current.singletonOrThrow().getShape().dimension() == 4) {
				current = layout.script.call("forward", current.singletonOrThrow());
			}
		}
		return current;
	}

	@Override
	public void close() {
		script.close();
	}

	/** Closes {@code layout} where there is one. */
	static void close(ChannelsLast layout) {
		if (layout != null) {
			layout.close();
		}
	}
}
