package org.digitworkbench.examples.activations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.digitworkbench.model.LayerOutput;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.preprocess.ModelInput;

/**
 * One input through a model's top-level layers ({@link LoadedModel#activations}: a residual unit or other composite
 * layer counts as one), with the input itself in front, as the view draws them.
 */
final class LayerActivations {

	/**
	 * One layer's output for one image.
	 *
	 * @param index  0 for the input, then 1.. for the layers in order
	 * @param name   what the layer is, e.g. {@code Conv2d 1→16, 3×3} or {@code ReLU}
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
		float[] normalized = input.normalized(model.metadata().normalization()); // as the model was trained
		List<LayerOutput> outputs = model.activations(normalized);
		List<Layer> result = new ArrayList<>(outputs.size() + 1);
		result.add(new Layer(0, "Input", new long[] { 1, ModelInput.SIZE, ModelInput.SIZE }, normalized.clone()));
		for (LayerOutput output : outputs) {
			result.add(new Layer(output.index(), output.name(), output.shape(), output.values()));
		}
		return result;
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
