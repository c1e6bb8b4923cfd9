package org.digitworkbench.ui.canvas;

import java.util.Arrays;

/**
 * The strokes as ink, drawn in Java with an anti-aliased round pen — the same shape SWT paints on the screen — one
 * segment at a time, so that each mouse move costs only the pixels its segment touches (reading the painted screen
 * back took milliseconds per move).
 */
final class InkRaster {

	private final int size;
	private final float[] ink;

	InkRaster(int size) {
		this.size = size;
		this.ink = new float[size * size];
	}

	void clear() {
		Arrays.fill(ink, 0);
	}

	/** A dot or a line from (x0, y0) to (x1, y1) with a pen {@code width} pixels wide and round ends. */
	void segment(double x0, double y0, double x1, double y1, double width) {
		double radius = width / 2;
		int minX = Math.max(0, (int) Math.floor(Math.min(x0, x1) - radius - 1));
		int maxX = Math.min(size - 1, (int) Math.ceil(Math.max(x0, x1) + radius + 1));
		int minY = Math.max(0, (int) Math.floor(Math.min(y0, y1) - radius - 1));
		int maxY = Math.min(size - 1, (int) Math.ceil(Math.max(y0, y1) + radius + 1));
		double dx = x1 - x0;
		double dy = y1 - y0;
		double lengthSquared = dx * dx + dy * dy;
		for (int y = minY; y <= maxY; y++) {
			for (int x = minX; x <= maxX; x++) {
				// distance from the pixel's centre to the segment
				double px = x + 0.5 - x0;
				double py = y + 0.5 - y0;
				double t = lengthSquared == 0 ? 0 : Math.max(0, Math.min(1, (px * dx + py * dy) / lengthSquared));
				double ex = px - t * dx;
				double ey = py - t * dy;
				double coverage = radius + 0.5 - Math.sqrt(ex * ex + ey * ey);
				if (coverage > 0) {
					int i = y * size + x;
					ink[i] = Math.max(ink[i], (float) Math.min(1, coverage));
				}
			}
		}
	}

	/** A copy of the ink with {@code under} (a picture the strokes are drawn over, same size, or null) beneath it. */
	float[] snapshot(float[] under) {
		float[] copy = ink.clone();
		if (under != null) {
			for (int i = 0; i < copy.length; i++) {
				copy[i] = Math.max(copy[i], under[i]);
			}
		}
		return copy;
	}
}
