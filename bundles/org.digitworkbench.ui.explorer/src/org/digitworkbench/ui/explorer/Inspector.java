package org.digitworkbench.ui.explorer;

import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelSummary;

/**
 * Turns a loaded model's {@link ModelSummary} into the explorer's rows — the layer table and the first weight that
 * can be drawn — as plain values. Knows nothing about particular architectures, so a plug-in's network is shown the
 * same way. Runs in a job.
 */
final class Inspector {

	/** At most this many units or filters are drawn. */
	static final int MAX_TILES = 64;

	private Inspector() {
	}

	static Inspection inspect(LoadedModel loaded) {
		ModelSummary summary = loaded.summary();
		List<Inspection.Layer> layers = summary.layers().stream().map(Inspector::row).toList();
		WeightTiles weights = firstWeights(loaded, summary);
		return new Inspection(layers, summary.trainableParameters(), summary.fixedParameters(), weights,
				weights != null ? null
						: "No weight here has an image form: the explorer draws the first dense layer over a square image "
								+ "or the first 2-D convolution.");
	}

	private static Inspection.Layer row(ModelSummary.Layer layer) {
		StringJoiner parameters = new StringJoiner(", ");
		for (ModelSummary.Parameter p : layer.parameters()) {
			// the layer's own parameters by kind; those of the blocks inside a composite layer by their full name
			parameters.add((p.owner().equals(layer.name()) ? p.kind() : p.name()) + " " + shape(p.shape()));
		}
		return new Inspection.Layer(layer.index(), layer.name(), describe(layer.outputShapes()), layer.trainable(),
				layer.fixed(), parameters.toString());
	}

	/** {@code [512]} → {@code (N, 512)}: the batch axis holds any number of images; {@code ?} when unknown. */
	static String describe(List<long[]> shapes) {
		if (shapes.isEmpty()) {
			return "?";
		}
		StringJoiner all = new StringJoiner(" + ");
		for (long[] shape : shapes) {
			StringJoiner dims = new StringJoiner(", ", "(", ")");
			dims.add("N");
			for (long d : shape) {
				dims.add(Long.toString(d));
			}
			all.add(dims.toString());
		}
		return all.toString();
	}

	static String shape(long[] shape) {
		StringJoiner dims = new StringJoiner(", ", "(", ")");
		for (long d : shape) {
			dims.add(Long.toString(d));
		}
		return dims.toString();
	}

	/**
	 * The first weight that has an image form: a dense weight {@code (units, s·s)} becomes {@code s×s} tiles (the MLP's
	 * first layer: 28×28), a convolution weight {@code (filters, channels, kh, kw)} becomes {@code kh×kw} tiles,
	 * averaged over its input channels.
	 */
	static WeightTiles firstWeights(LoadedModel loaded, ModelSummary summary) {
		for (ModelSummary.Parameter parameter : summary.parameters()) {
			if (!parameter.kind().toLowerCase(Locale.ROOT).endsWith("weight")) {
				continue;
			}
			long[] shape = parameter.shape();
			if (shape.length == 2) {
				long inputs = shape[1];
				int side = (int) Math.round(Math.sqrt(inputs));
				if (side >= 4 && (long) side * side == inputs) {
					int count = (int) Math.min(shape[0], MAX_TILES);
					float[] values = loaded.parameterValues(parameter.id(), count);
					return new WeightTiles(parameter.name(), shape(shape), true, (int) shape[0], count, side, side, 1,
							values);
				}
			} else if (shape.length == 4 && shape[2] >= 2 && shape[3] >= 2) {
				int count = (int) Math.min(shape[0], MAX_TILES);
				int channels = (int) shape[1];
				int height = (int) shape[2];
				int width = (int) shape[3];
				float[] raw = loaded.parameterValues(parameter.id(), count);
				return new WeightTiles(parameter.name(), shape(shape), false, (int) shape[0], count, width, height, channels,
						averageOverChannels(raw, count, channels, height * width));
			}
		}
		return null;
	}

	/** {@code count} filters of {@code channels} planes each → one plane per filter, the mean of its planes. */
	static float[] averageOverChannels(float[] raw, int count, int channels, int plane) {
		float[] values = new float[count * plane];
		for (int f = 0; f < count; f++) {
			for (int c = 0; c < channels; c++) {
				int from = (f * channels + c) * plane;
				for (int i = 0; i < plane; i++) {
					values[f * plane + i] += raw[from + i] / channels;
				}
			}
		}
		return values;
	}
}
