package org.digitworkbench.ui.explorer;

/**
 * The first layer's weights cut into small images: one tile per unit (a row of a dense layer's weight, reshaped to
 * the input image) or per convolution filter. {@code values} holds {@code count} tiles of {@code height × width},
 * tile after tile, row-major.
 *
 * @param parameter  the parameter's readable name, e.g. {@code Linear 784→512 · weight}
 * @param shape      the parameter's full shape, e.g. {@code (512, 784)}
 * @param dense      true for a dense layer's units, false for convolution filters
 * @param units      how many units (rows or filters) the parameter has
 * @param count      how many are shown (the first {@code count})
 * @param width      tile width
 * @param height     tile height
 * @param channels   input channels averaged into each tile (1 for a dense layer or a single-channel filter)
 * @param values     the weights
 */
record WeightTiles(String parameter, String shape, boolean dense, int units, int count, int width, int height, int channels,
		float[] values) {

	WeightTiles {
		if (values.length != count * width * height) {
			throw new IllegalArgumentException(values.length + " values for " + count + " tiles of " + width + "×" + height);
		}
	}

	/** {@code unit} or {@code filter}. */
	String unitWord() {
		return dense ? "unit" : "filter";
	}

	float value(int tile, int x, int y) {
		return values[(tile * height + y) * width + x];
	}

	/** The largest |w| in a tile: each tile's colours are scaled to it. */
	float maxAbs(int tile) {
		float max = 0;
		int start = tile * width * height;
		for (int i = start; i < start + width * height; i++) {
			max = Math.max(max, Math.abs(values[i]));
		}
		return max;
	}

	float min(int tile) {
		float min = Float.POSITIVE_INFINITY;
		int start = tile * width * height;
		for (int i = start; i < start + width * height; i++) {
			min = Math.min(min, values[i]);
		}
		return min;
	}

	float max(int tile) {
		float max = Float.NEGATIVE_INFINITY;
		int start = tile * width * height;
		for (int i = start; i < start + width * height; i++) {
			max = Math.max(max, values[i]);
		}
		return max;
	}
}
