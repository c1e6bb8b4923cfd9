package org.digitworkbench.examples.architecture;

import java.util.List;

import org.digitworkbench.model.ModelArchitecture;
import org.osgi.service.component.annotations.Component;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;

/**
 * A tiny residual network, the worked example of a plug-in architecture: this one class is all it takes, registered
 * as a {@link ModelArchitecture} service by Declarative Services. The training console, the command line
 * ({@code train --arch resnet-tiny}), the model store and the activations view find it through the service registry.
 * <p>
 * Two stages, each a 3×3 convolution with batch norm, ReLU and 2×2 max-pooling followed by one residual unit
 * ({@code relu(x + bn(conv(relu(bn(conv(x))))))}); then global average pooling and one dense layer: 28×28 → 16×14×14 →
 * 32×7×7 → 32 → 10, about 29 000 parameters. The identity shortcut lets the gradient skip the unit, which is what makes
 * deep residual networks trainable; here it mainly shows how a block that is not a plain chain is written.
 */
@Component(service = ModelArchitecture.class)
public class TinyResNetArchitecture implements ModelArchitecture {

	public static final String ID = "resnet-tiny";

	@Override
	public String id() {
		return ID;
	}

	@Override
	public String name() {
		return "Tiny residual network (2 residual stages)";
	}

	@Override
	public String description() {
		return "Conv 3×3×16 → pool → residual unit → conv 3×3×32 → pool → residual unit → global average pool → 10; "
				+ "about 29 k parameters. An example plug-in: few weights, yet close to the CNN on MNIST.";
	}

	@Override
	public Block newBlock() {
		return new SequentialBlock()
				.add(convolution(16)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
				.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
				.add(residualUnit(16))
				.add(convolution(32)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
				.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)))
				.add(residualUnit(32))
				.add(Pool.globalAvgPool2dBlock())
				.add(Linear.builder().setUnits(10).build());
	}

	/** {@code relu(x + F(x))} where F is conv-bn-relu-conv-bn; the channel count and size stay the same. */
	private static Block residualUnit(int channels) {
		Block branch = new SequentialBlock()
				.add(convolution(channels)).add(BatchNorm.builder().build()).add(Activation.reluBlock())
				.add(convolution(channels)).add(BatchNorm.builder().build());
		return new ParallelBlock(
				outputs -> new NDList(Activation.relu(outputs.get(0).singletonOrThrow().add(outputs.get(1).singletonOrThrow()))),
				List.of(branch, Blocks.identityBlock()));
	}

	/** 3×3, stride 1, padding 1: keeps the picture's size. */
	private static Block convolution(int filters) {
		return Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(filters).build();
	}

	@Override
	public Shape inputShape(int batchSize) {
		return new Shape(batchSize, 1, 28, 28);
	}
}
