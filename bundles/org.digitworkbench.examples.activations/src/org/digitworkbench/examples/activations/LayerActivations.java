package org.digitworkbench.examples.activations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.preprocess.ModelInput;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

/**
 * Runs one input through a model's top-level layers one at a time and keeps what each one puts out. A
 * {@link SequentialBlock} is walked child by child (a residual unit or other composite child counts as one layer); any
 * other block is one layer.
 */
final class LayerActivations {

	/**
	 * One layer's output for one image.
	 *
	 * @param index  0 for the input, then 1.. for the layers in order
	 * @param name   what the layer is, e.g. {@code Conv2d} or {@code ReLU}
	 * @param shape  the output's shape without the batch dimension, e.g. {@code [16, 28, 28]}
	 * @param values the output, row-major
	 */
	record Layer(int index, String name, long[] shape, float[] values) {

		float min() {
			float min = Float.POSITIVE_INFINITY;
			for (float v : values) {
				min = Math.min(min, v);
			}
			return values.length == 0 ? 0 : min;
		}

		float max() {
			float max = Float.NEGATIVE_INFINITY;
			for (float v : values) {
				max = Math.max(max, v);
			}
			return values.length == 0 ? 0 : max;
		}

		/** {@code 16×28×28}. */
		String shapeText() {
			StringBuilder text = new StringBuilder();
			for (long d : shape) {
				text.append(text.isEmpty() ? "" : "×").append(d);
			}
			return text.toString();
		}

		/** True for feature maps: channels × rows × columns. */
		boolean isMaps() {
			return shape.length == 3;
		}

		@Override
		public String toString() {
			return index + " " + name + " " + Arrays.toString(shape);
		}
	}

	private LayerActivations() {
	}

	/** The layers of {@code model} for one {@code input}: the input itself first, then every top-level layer. */
	static List<Layer> forward(LoadedModel model, ModelInput input) {
		Block block = model.model().getBlock();
		List<Pair<String, Block>> layers = new ArrayList<>();
		if (block instanceof SequentialBlock) {
			for (Pair<String, Block> child : block.getChildren()) {
				layers.add(child);
			}
		} else {
			layers.add(new Pair<>(block.getClass().getSimpleName(), block));
		}
		List<Layer> result = new ArrayList<>(layers.size() + 1);
		result.add(new Layer(0, "Input", new long[] { 1, ModelInput.SIZE, ModelInput.SIZE }, input.normalized().clone()));
		try (NDManager call = model.model().getNDManager().newSubManager()) {
			ParameterStore parameters = new ParameterStore(call, false);
			NDList current = new NDList(call.create(input.normalized(), model.architecture().inputShape(1)));
			for (int i = 0; i < layers.size(); i++) {
				Block layer = layers.get(i).getValue();
				current = layer.forward(parameters, current, false);
				NDArray output = current.get(0);
				long[] shape = output.getShape().getShape();
				long[] withoutBatch = shape.length > 1 && shape[0] == 1 ? Arrays.copyOfRange(shape, 1, shape.length) : shape;
				float[] values = output.toType(DataType.FLOAT32, false).toFloatArray();
				result.add(new Layer(i + 1, name(layers.get(i).getKey(), layer), withoutBatch, values));
			}
		}
		return result;
	}

	/** A lambda's own name when it has one ({@code ReLU}, {@code maxPool2d}), else the block's class. */
	static String name(String childKey, Block block) {
		if (block instanceof LambdaBlock lambda && lambda.getName() != null
				&& !LambdaBlock.DEFAULT_NAME.equals(lambda.getName())) {
			return lambda.getName();
		}
		String simple = block.getClass().getSimpleName();
		if (!simple.isEmpty()) {
			return simple.endsWith("Block") && simple.length() > "Block".length()
					? simple.substring(0, simple.length() - "Block".length())
					: simple;
		}
		return childKey.replaceFirst("^\\d+", "");
	}

	/** The softmax of {@code logits}, for showing the last layer as probabilities. */
	static float[] softmax(float[] logits) {
		float max = Float.NEGATIVE_INFINITY;
		for (float v : logits) {
			max = Math.max(max, v);
		}
		double sum = 0;
		double[] e = new double[logits.length];
		for (int i = 0; i < logits.length; i++) {
			e[i] = Math.exp(logits[i] - max);
			sum += e[i];
		}
		float[] p = new float[logits.length];
		for (int i = 0; i < p.length; i++) {
			p[i] = (float) (e[i] / sum);
		}
		return p;
	}
}
