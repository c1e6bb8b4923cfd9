package org.digitworkbench.model.internal;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.UniformInitializer;

/**
 * PyTorch's default initialisation of {@code nn.Linear} and {@code nn.Conv2d} (Kaiming-uniform with a = √5, which
 * comes down to U(−1/√fan_in, 1/√fan_in) for weights and biases alike), so that a network defined here starts the way
 * the seed's PyTorch network started. DJL's default (Xavier weights, zero biases) trained the seed MLP to a lower
 * accuracy in the same five epochs.
 */
final class TorchInit {

	private TorchInit() {
	}

	/** {@code layer} with PyTorch's default initialisers for {@code fanIn} inputs per output unit. */
	static <B extends Block> B like(B layer, int fanIn) {
		float bound = (float) (1 / Math.sqrt(fanIn));
		layer.setInitializer(new UniformInitializer(bound), Parameter.Type.WEIGHT);
		layer.setInitializer(new UniformInitializer(bound), Parameter.Type.BIAS);
		return layer;
	}
}
