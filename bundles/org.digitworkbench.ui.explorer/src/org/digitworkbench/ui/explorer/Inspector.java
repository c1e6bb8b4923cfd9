package org.digitworkbench.ui.explorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

import org.digitworkbench.model.LoadedModel;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;

/**
 * Reads a loaded model's block tree: the layer table (walking {@link Block#getChildren()} and handing each block the
 * previous one's {@link Block#getOutputShapes output shapes}) and the first weight that can be drawn. Knows nothing
 * about particular architectures, so a plug-in's network is read the same way. Runs in a job; returns plain values.
 */
final class Inspector {

	/** At most this many units or filters are drawn. */
	static final int MAX_TILES = 64;

	private Inspector() {
	}

	static Inspection inspect(LoadedModel loaded, IProgressMonitor monitor) {
		Block root = loaded.model().getBlock();
		Shape input = loaded.architecture().inputShape(1);
		List<Inspection.Layer> layers = new ArrayList<>();
		if (root instanceof SequentialBlock && !root.getChildren().isEmpty()) {
			walk(root, "", new Shape[] { input }, layers, monitor);
		} else {
			layers.add(row("1", root, new Shape[] { input }));
		}
		long trainable = layers.stream().mapToLong(Inspection.Layer::trainable).sum();
		long fixed = layers.stream().mapToLong(Inspection.Layer::fixed).sum();
		checkCanceled(monitor);
		WeightTiles weights = firstWeights(root);
		return new Inspection(List.copyOf(layers), trainable, fixed, weights, weights != null ? null
				: "No weight here has an image form: the explorer draws the first dense layer over a square image "
						+ "or the first 2-D convolution.");
	}

	/** Adds one row per child of a sequence (recursing into nested sequences); returns the sequence's output shapes. */
	private static Shape[] walk(Block sequence, String prefix, Shape[] inputs, List<Inspection.Layer> layers,
			IProgressMonitor monitor) {
		Shape[] current = inputs;
		int position = 0;
		for (Pair<String, Block> child : sequence.getChildren()) {
			checkCanceled(monitor);
			position++;
			String index = prefix + position;
			Block block = child.getValue();
			if (block instanceof SequentialBlock && !block.getChildren().isEmpty()) {
				current = walk(block, index + ".", current, layers, monitor);
			} else {
				Inspection.Layer layer = row(index, block, current);
				layers.add(layer);
				current = outputShapes(block, current);
			}
		}
		return current;
	}

	private static Inspection.Layer row(String index, Block block, Shape[] inputs) {
		long trainable = 0;
		long fixed = 0;
		StringJoiner shapes = new StringJoiner(", ");
		for (Pair<String, Parameter> parameter : block.getParameters()) {
			Parameter p = parameter.getValue();
			if (p.isInitialized()) {
				shapes.add(parameter.getKey() + " " + p.getArray().getShape());
				long size = p.getArray().size();
				if (p.requiresGradient()) {
					trainable += size;
				} else {
					fixed += size;
				}
			}
		}
		Shape[] outputs = outputShapes(block, inputs);
		return new Inspection.Layer(index, typeName(block), describe(outputs), trainable, fixed, shapes.toString());
	}

	/** The block's output for these inputs, or null when either is unknown (the rest of the table then says ?). */
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

	static String typeName(Block block) {
		if (block instanceof LambdaBlock lambda) {
			String name = lambda.getName();
			// unnamed functions (e.g. Activation::relu added to a sequence) carry DJL's default or a lambda class name
			if (name == null || name.isBlank() || LambdaBlock.DEFAULT_NAME.equals(name) || name.contains("$")) {
				return "Function";
			}
			return name;
		}
		String simple = block.getClass().getSimpleName();
		int children = block.getChildren().size();
		return children == 0 ? simple : simple + " (" + children + " blocks)";
	}

	/** {@code (1, 512)} → {@code (N, 512)}: the batch axis holds any number of images. */
	static String describe(Shape[] shapes) {
		if (shapes == null || shapes.length == 0) {
			return "?";
		}
		StringJoiner all = new StringJoiner(" + ");
		for (Shape shape : shapes) {
			StringJoiner dims = new StringJoiner(", ", "(", ")");
			for (int i = 0; i < shape.dimension(); i++) {
				dims.add(i == 0 ? "N" : Long.toString(shape.get(i)));
			}
			all.add(dims.toString());
		}
		return all.toString();
	}

	/**
	 * The first parameter named like {@code weight} that has an image form: a dense weight {@code (units, s·s)} becomes
	 * {@code s×s} tiles (the MLP's first layer: 28×28), a convolution weight {@code (filters, channels, kh, kw)} becomes
	 * {@code kh×kw} tiles, averaged over its input channels.
	 */
	static WeightTiles firstWeights(Block root) {
		for (Pair<String, Parameter> named : root.getParameters()) {
			Parameter parameter = named.getValue();
			if (!named.getKey().toLowerCase(Locale.ROOT).endsWith("weight") || !parameter.isInitialized()) {
				continue;
			}
			NDArray array = parameter.getArray();
			Shape shape = array.getShape();
			if (shape.dimension() == 2) {
				long inputs = shape.get(1);
				int side = (int) Math.round(Math.sqrt(inputs));
				if (side >= 4 && (long) side * side == inputs) {
					int count = (int) Math.min(shape.get(0), MAX_TILES);
					float[] values = firstRows(array, count);
					return new WeightTiles(named.getKey(), shape.toString(), true, (int) shape.get(0), count, side, side, 1, values);
				}
			} else if (shape.dimension() == 4 && shape.get(2) >= 2 && shape.get(3) >= 2) {
				int count = (int) Math.min(shape.get(0), MAX_TILES);
				int channels = (int) shape.get(1);
				int height = (int) shape.get(2);
				int width = (int) shape.get(3);
				float[] raw = firstRows(array, count);
				float[] values = new float[count * height * width];
				int plane = height * width;
				for (int f = 0; f < count; f++) {
					for (int c = 0; c < channels; c++) {
						int from = (f * channels + c) * plane;
						for (int i = 0; i < plane; i++) {
							values[f * plane + i] += raw[from + i] / channels;
						}
					}
				}
				return new WeightTiles(named.getKey(), shape.toString(), false, (int) shape.get(0), count, width, height,
						channels, values);
			}
		}
		return null;
	}

	/** Copies the first {@code count} entries along axis 0 into Java memory; the slice made for it is closed. */
	private static float[] firstRows(NDArray array, int count) {
		try (NDArray head = array.get(new NDIndex("0:" + count));
				NDArray floats = head.getDataType() == DataType.FLOAT32 ? null : head.toType(DataType.FLOAT32, true)) {
			return (floats == null ? head : floats).toFloatArray();
		}
	}

	private static void checkCanceled(IProgressMonitor monitor) {
		if (monitor != null && monitor.isCanceled()) {
			throw new OperationCanceledException();
		}
	}
}
