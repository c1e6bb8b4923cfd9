package org.digitworkbench.training.internal;

import java.util.random.RandomGenerator;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Normalization;

/**
 * Small random rotations (±12°), slants (±0.3), scales (0.85–1.15) and shifts (±3 px) of training images, bilinear,
 * and a thinner or thicker stroke for two images in three: drawn digits are rarely as upright, centred, evenly sized
 * and evenly inked as MNIST's scans.
 */
final class Augmentation {

	private Augmentation() {
	}

	/** Normalised, augmented copies of the images at {@code indices[from..to)}. */
	static float[] batch(ImageSet images, int[] indices, int from, int to, RandomGenerator random,
			Normalization normalization) {
		int rows = images.rows();
		int columns = images.columns();
		int size = rows * columns;
		byte[] pixels = images.pixelData();
		float[] out = new float[(to - from) * size];
		float background = normalization.apply(0);
		for (int n = from; n < to; n++) {
			int base = indices[n] * size;
			double angle = Math.toRadians((random.nextDouble() * 2 - 1) * 12);
			double scale = 0.85 + random.nextDouble() * 0.3;
			double shiftX = (random.nextDouble() * 2 - 1) * 3;
			double shiftY = (random.nextDouble() * 2 - 1) * 3;
			double slant = (random.nextDouble() * 2 - 1) * 0.3;
			int stroke = random.nextInt(3) - 1; // -1 thinner, 0 as is, +1 thicker
			double cos = Math.cos(angle) / scale;
			double sin = Math.sin(angle) / scale;
			float[] ink = new float[size];
			double cx = (columns - 1) / 2.0;
			double cy = (rows - 1) / 2.0;
			int o = (n - from) * size;
			for (int y = 0; y < rows; y++) {
				for (int x = 0; x < columns; x++) {
					// inverse mapping: where in the source does this output pixel come from
					double dy = y - cy - shiftY;
					double dx = x - cx - shiftX - slant * dy;
					double sx = cos * dx + sin * dy + cx;
					double sy = -sin * dx + cos * dy + cy;
					ink[y * columns + x] = sample(pixels, base, rows, columns, sx, sy) / 255f;
				}
			}
			if (stroke != 0) {
				ink = restroke(ink, rows, columns, stroke > 0);
			}
			for (int i = 0; i < size; i++) {
				out[o + i] = ink[i] == 0 ? background : normalization.apply(ink[i]);
			}
		}
		return out;
	}

	/** Grey-level dilation (thicker) or erosion (thinner) over the 4-neighbourhood, half strength. */
	static float[] restroke(float[] ink, int rows, int columns, boolean thicker) {
		float[] out = new float[ink.length];
		for (int y = 0; y < rows; y++) {
			for (int x = 0; x < columns; x++) {
				float v = ink[y * columns + x];
				float extreme = v;
				for (int k = 0; k < 4; k++) {
					int nx = x + (k == 0 ? 1 : k == 1 ? -1 : 0);
					int ny = y + (k == 2 ? 1 : k == 3 ? -1 : 0);
					float n = nx < 0 || ny < 0 || nx >= columns || ny >= rows ? 0 : ink[ny * columns + nx];
					extreme = thicker ? Math.max(extreme, n) : Math.min(extreme, n);
				}
				out[y * columns + x] = (v + extreme) / 2;
			}
		}
		return out;
	}

	private static float sample(byte[] pixels, int base, int rows, int columns, double x, double y) {
		int x0 = (int) Math.floor(x);
		int y0 = (int) Math.floor(y);
		double fx = x - x0;
		double fy = y - y0;
		return (float) ((1 - fx) * (1 - fy) * at(pixels, base, rows, columns, x0, y0)
				+ fx * (1 - fy) * at(pixels, base, rows, columns, x0 + 1, y0)
				+ (1 - fx) * fy * at(pixels, base, rows, columns, x0, y0 + 1)
				+ fx * fy * at(pixels, base, rows, columns, x0 + 1, y0 + 1));
	}

	private static int at(byte[] pixels, int base, int rows, int columns, int x, int y) {
		return x < 0 || y < 0 || x >= columns || y >= rows ? 0 : Byte.toUnsignedInt(pixels[base + y * columns + x]);
	}
}
