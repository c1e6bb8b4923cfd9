package org.digitworkbench.examples.activations;

import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.RGB;

/**
 * Activation values as colours, one scale per layer so that layers can be told apart and values within a layer
 * compared: zero is near-black, positive values glow red to yellow, negative ones blue to cyan, each in proportion to
 * the layer's largest magnitude. Builds device-independent {@link ImageData} (safe off the UI thread).
 */
final class Heatmap {

	private static final PaletteData RGB_PALETTE = new PaletteData(0xFF0000, 0x00FF00, 0x0000FF);
	private static final int[] ZERO = { 18, 18, 26 };
	private static final int[] WARM_MID = { 214, 64, 32 };
	private static final int[] WARM_END = { 255, 236, 140 };
	private static final int[] COLD_MID = { 40, 96, 230 };
	private static final int[] COLD_END = { 170, 240, 255 };

	private Heatmap() {
	}

	/** The colour of {@code value} on a scale where {@code scale} (> 0) is the strongest. */
	static RGB color(float value, float scale) {
		float t = scale > 0 ? Math.max(-1, Math.min(1, value / scale)) : 0;
		int[] mid = t >= 0 ? WARM_MID : COLD_MID;
		int[] end = t >= 0 ? WARM_END : COLD_END;
		float a = Math.abs(t);
		int[] from = a <= 0.5f ? ZERO : mid;
		int[] to = a <= 0.5f ? mid : end;
		float f = a <= 0.5f ? a * 2 : (a - 0.5f) * 2;
		return new RGB(mix(from[0], to[0], f), mix(from[1], to[1], f), mix(from[2], to[2], f));
	}

	private static int mix(int from, int to, float f) {
		return Math.round(from + (to - from) * f);
	}

	/** The largest magnitude of a layer's values (1 when they are all zero, so that zero stays dark). */
	static float scale(LayerActivations.Layer layer) {
		float scale = Math.max(Math.abs(layer.min()), Math.abs(layer.max()));
		return scale > 0 ? scale : 1;
	}

	/**
	 * Feature maps side by side: {@code channels × columns} wide, {@code rows} high; other shapes as one strip of
	 * {@code values.length × 1} pixels.
	 */
	static ImageData image(LayerActivations.Layer layer) {
		float scale = scale(layer);
		float[] values = layer.values();
		if (layer.isMaps()) {
			int channels = (int) layer.shape()[0];
			int rows = (int) layer.shape()[1];
			int columns = (int) layer.shape()[2];
			ImageData data = new ImageData(channels * columns, rows, 24, RGB_PALETTE);
			for (int c = 0; c < channels; c++) {
				for (int y = 0; y < rows; y++) {
					for (int x = 0; x < columns; x++) {
						float v = values[(c * rows + y) * columns + x];
						data.setPixel(c * columns + x, y, RGB_PALETTE.getPixel(color(v, scale)));
					}
				}
			}
			return data;
		}
		ImageData data = new ImageData(Math.max(1, values.length), 1, 24, RGB_PALETTE);
		for (int i = 0; i < values.length; i++) {
			data.setPixel(i, 0, RGB_PALETTE.getPixel(color(values[i], scale)));
		}
		return data;
	}
}
