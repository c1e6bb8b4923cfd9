package org.digitworkbench.model.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.digitworkbench.model.LayerOutput;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.SeededDropout;
import org.digitworkbench.model.ModelSummary;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Convolution;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

/**
 * Reads a DJL block tree into {@link ModelSummary}'s plain values — walking {@link Block#getChildren()}, handing each
 * block the previous one's output shapes, naming each block by what it is — and runs an image through the top-level
 * layers one at a time. Knows no particular architecture, so a plug-in's network is read the same way.
 */
final class BlockSummaries {

	/** A summary and, by id, the DJL parameters it describes. */
	record Summary(ModelSummary summary, Map<String, Parameter> parameters) {
	}

	/** DJL's names for its lambda blocks, as people write them. */
	private static final Map<String, String> FUNCTIONS = Map.of("batchFlatten", "Flatten", "identity", "Identity",
			"relu", "ReLU");

	private BlockSummaries() {
	}

	static Summary summarize(Block root, Shape input) {
		List<ModelSummary.Layer> layers = new ArrayList<>();
		Map<String, Parameter> parameters = new LinkedHashMap<>();
		if (root instanceof SequentialBlock && !root.getChildren().isEmpty()) {
			walk(root, "", new Shape[] { input }, layers, parameters);
		} else {
			layers.add(layer("1", root, new Shape[] { input }, parameters));
		}
		long trainable = layers.stream().mapToLong(ModelSummary.Layer::trainable).sum();
		long fixed = layers.stream().mapToLong(ModelSummary.Layer::fixed).sum();
		return new Summary(new ModelSummary(layers, trainable, fixed), parameters);
	}

	/** One layer per child of a sequence (unfolding nested sequences); returns the sequence's output shapes. */
	private static Shape[] walk(Block sequence, String prefix, Shape[] inputs, List<ModelSummary.Layer> layers,
			Map<String, Parameter> parameters) {
		Shape[] current = inputs;
		int position = 0;
		for (Pair<String, Block> child : sequence.getChildren()) {
			position++;
			String index = prefix + position;
			Block block = child.getValue();
			if (block instanceof SequentialBlock && !block.getChildren().isEmpty()) {
				current = walk(block, index + ".", current, layers, parameters);
			} else {
				layers.add(layer(index, block, current, parameters));
				current = outputShapes(block, current);
			}
		}
		return current;
	}

	private static ModelSummary.Layer layer(String index, Block block, Shape[] inputs, Map<String, Parameter> all) {
		List<ModelSummary.Parameter> parameters = new ArrayList<>();
		collect(index, block, parameters, all);
		Shape[] outputs = outputShapes(block, inputs);
		List<long[]> shapes = new ArrayList<>();
		if (outputs != null) {
			for (Shape shape : outputs) {
				shapes.add(withoutBatch(shape.getShape()));
			}
		}
		return new ModelSummary.Layer(index, name(block), shapes, parameters);
	}

	/** The block's own parameters, then those of the blocks inside it (their ids carry their position). */
	private static void collect(String path, Block block, List<ModelSummary.Parameter> into, Map<String, Parameter> all) {
		String owner = name(block);
		for (Pair<String, Parameter> named : block.getDirectParameters()) {
			Parameter parameter = named.getValue();
			if (!parameter.isInitialized()) {
				continue;
			}
			String kind = parameter.getName() == null || parameter.getName().isBlank() ? named.getKey() : parameter.getName();
			String id = path + "/" + kind;
			into.add(new ModelSummary.Parameter(id, owner, kind, parameter.getArray().getShape().getShape(),
					parameter.requiresGradient()));
			all.put(id, parameter);
		}
		int position = 0;
		for (Pair<String, Block> child : block.getChildren()) {
			position++;
			collect(path + "." + position, child.getValue(), into, all);
		}
	}

	/** The block's output for these inputs, or null when either is unknown (the rest of the table then says so). */
	private static Shape[] outputShapes(Block block, Shape[] inputs) {
		if (inputs == null) {
			return null;
		}
		try {
			return block.getOutputShapes(inputs);
		} catch (RuntimeException e) {
			return null;
		}
	}

	/** What a block is, in the words of a paper's table: {@code Linear 784→512}, {@code Conv2d 1→32, 5×5}, {@code ReLU}. */
	static String name(Block block) {
		if (block instanceof Linear) {
			long[] weight = shapeOf(block, "weight");
			return weight.length == 2 ? "Linear " + weight[1] + "\u2192" + weight[0] : "Linear";
		}
		if (block instanceof Convolution) {
			long[] weight = shapeOf(block, "weight");
			String type = block.getClass().getSimpleName();
			if (weight.length < 3) {
				return type;
			}
			StringBuilder kernel = new StringBuilder();
			for (int i = 2; i < weight.length; i++) {
				kernel.append(i > 2 ? "\u00d7" : "").append(weight[i]);
			}
			return type + " " + weight[1] + "\u2192" + weight[0] + ", " + kernel;
		}
		if (block instanceof SeededDropout dropout) {
			return "Dropout " + dropout.rate();
		}
		if (block instanceof BatchNorm) {
			long[] gamma = shapeOf(block, "gamma");
			return gamma.length == 1 ? "BatchNorm " + gamma[0] : "BatchNorm";
		}
		if (block instanceof LambdaBlock lambda) {
			String name = lambda.getName();
			// unnamed functions (e.g. Activation::relu added to a sequence) carry DJL's default or a lambda class name
			if (name == null || name.isBlank() || LambdaBlock.DEFAULT_NAME.equals(name) || name.contains("$")) {
				return "Function";
			}
			return FUNCTIONS.getOrDefault(name, name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1));
		}
		int children = block.getChildren().size();
		if (block instanceof ParallelBlock) {
			boolean shortcut = block.getChildren().values().stream()
					.anyMatch(b -> b instanceof LambdaBlock l && "identity".equals(l.getName()));
			return shortcut && children == 2 ? "Residual unit" : "Parallel (" + children + " branches)";
		}
		String simple = block.getClass().getSimpleName();
		if (simple.endsWith("Block") && simple.length() > "Block".length()) {
			simple = simple.substring(0, simple.length() - "Block".length());
		}
		if (simple.isEmpty()) {
			simple = "Block";
		}
		return children == 0 ? simple : simple + " (" + children + " blocks)";
	}

	private static long[] shapeOf(Block block, String kind) {
		for (Pair<String, Parameter> named : block.getDirectParameters()) {
			Parameter p = named.getValue();
			if (kind.equals(p.getName()) && p.isInitialized()) {
				return p.getArray().getShape().getShape();
			}
		}
		return new long[0];
	}

	/** {@code (1, 512)} → {@code [512]}: one image's share. */
	private static long[] withoutBatch(long[] shape) {
		return shape.length > 1 ? Arrays.copyOfRange(shape, 1, shape.length) : shape;
	}

	/** Copies the first {@code maxRows} entries along axis 0 into Java memory; the slices made for it are closed. */
	static float[] values(Summary summary, String id, int maxRows) {
		Parameter parameter = summary.parameters().get(id);
		if (parameter == null) {
			throw new IllegalArgumentException("no parameter " + id + "; this model has " + summary.parameters().keySet());
		}
		NDArray array = parameter.getArray();
		long rows = array.getShape().dimension() == 0 ? 1 : array.getShape().get(0);
		int count = (int) Math.max(0, Math.min(rows, maxRows));
		if (array.getShape().dimension() == 0) {
			return array.toType(DataType.FLOAT32, false).toFloatArray();
		}
		try (NDArray head = array.get(new NDIndex("0:" + count));
				NDArray floats = head.getDataType() == DataType.FLOAT32 ? null : head.toType(DataType.FLOAT32, true)) {
			return (floats == null ? head : floats).toFloatArray();
		}
	}

	/** One image through the top-level layers, each output kept; every array lives in a sub-manager closed here. */
	static List<LayerOutput> activations(Model model, ModelArchitecture architecture, float[] normalizedImage) {
		Block root = model.getBlock();
		List<Block> layers = new ArrayList<>();
		if (root instanceof SequentialBlock && !root.getChildren().isEmpty()) {
			layers.addAll(root.getChildren().values());
		} else {
			layers.add(root);
		}
		List<LayerOutput> outputs = new ArrayList<>(layers.size());
		try (NDManager call = model.getNDManager().newSubManager()) {
			ParameterStore parameters = new ParameterStore(call, false);
			NDList current = new NDList(call.create(normalizedImage, architecture.inputShape(1)));
			for (int i = 0; i < layers.size(); i++) {
				Block layer = layers.get(i);
				current = layer.forward(parameters, current, false);
				NDArray output = current.get(0);
				long[] shape = output.getShape().getShape();
				long[] oneImage = shape.length > 1 && shape[0] == 1 ? Arrays.copyOfRange(shape, 1, shape.length) : shape;
				outputs.add(new LayerOutput(i + 1, name(layer), oneImage,
						output.toType(DataType.FLOAT32, false).toFloatArray()));
			}
		}
		return outputs;
	}
}
