package org.digitworkbench.training.internal;

import java.util.Random;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.preprocess.ModelInput;

/**
 * Small random rotations (±12°), scales (0.85–1.15) and shifts (±3 px) of training images, bilinear: drawn digits are
 * rarely as upright, centred and evenly sized as MNIST's scans.
 */
final class Augmentation {

	private Augmentation() {
	}

	/** Normalised, augmented copies of the images at {@code indices[from..to)}. */
	static float[] batch(ImageSet images, int[] indices, int from, int to, Random random) {
		int rows = images.rows();
		int columns = images.columns();
		int size = rows * columns;
		byte[] pixels = images.pixelData();
		float[] out = new float[(to - from) * size];
		float background = -ModelInput.MEAN / ModelInput.STD;
		for (int n = from; n < to; n++) {
			int base = indices[n] * size;
			double angle = Math.toRadians((random.nextDouble() * 2 - 1) * 12);
			double scale = 0.85 + random.nextDouble() * 0.3;
			double shiftX = (random.nextDouble() * 2 - 1) * 3;
			double shiftY = (random.nextDouble() * 2 - 1) * 3;
			double cos = Math.cos(angle) / scale;
			double sin = Math.sin(angle) / scale;
			double cx = (columns - 1) / 2.0;
			double cy = (rows - 1) / 2.0;
			int o = (n - from) * size;
			for (int y = 0; y < rows; y++) {
				for (int x = 0; x < columns; x++) {
					// inverse mapping: where in the source does this output pixel come from
					double dx = x - cx - shiftX;
					double dy = y - cy - shiftY;
					double sx = cos * dx + sin * dy + cx;
					double sy = -sin * dx + cos * dy + cy;
					float value = sample(pixels, base, rows, columns, sx, sy) / 255f;
					out[o + y * columns + x] = value == 0 ? background : (value - ModelInput.MEAN) / ModelInput.STD;
				}
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
