package org.digitworkbench.preprocess;

/**
 * How wide a drawing's strokes are, and making thin ones wider. Both work on row-major ink in [0, 1] of any size.
 */
final class Strokes {

	private Strokes() {
	}

	/**
	 * The strokes' mean width in pixels: twice the ink's area over the length of its outline. A stroke of width w and
	 * length L has area w·L and an outline of 2·(L + w), so this reads w·L/(L + w), within a few per cent of w for
	 * the strokes of a digit. The outline is the ink's total variation (the sum of its gradient's length), which
	 * counts an anti-aliased edge as one edge; ink below {@link Pipelines#INK_THRESHOLD} counts as paper, so faint
	 * noise does not add outline. At the image's own resolution a stroke thinner than a pixel reads as about one
	 * pixel: measure where the strokes are wider than that. Zero for blank ink.
	 */
	static double width(float[] ink, int w, int h) {
		return width(ink, w, 0, 0, w, h);
	}

	/** As {@link #width(float[], int, int)} for the {@code w × h} box at (x0, y0) of ink {@code stride} pixels wide. */
	static double width(float[] ink, int stride, int x0, int y0, int w, int h) {
		double area = 0;
		double outline = 0;
		for (int y = 0; y < h; y++) {
			int row = (y0 + y) * stride + x0;
			for (int x = 0; x < w; x++) {
				float v = inked(ink[row + x]);
				float right = x + 1 < w ? inked(ink[row + x + 1]) : 0;
				float below = y + 1 < h ? inked(ink[row + stride + x]) : 0;
				area += v;
				outline += Math.sqrt((right - v) * (right - v) + (below - v) * (below - v));
				if (x == 0) {
					outline += v; // the edge to the paper left of the box
				}
				if (y == 0) {
					outline += v; // and above it
				}
			}
		}
		return outline == 0 ? 0 : 2 * area / outline;
	}

	private static float inked(float v) {
		return v > Pipelines.INK_THRESHOLD ? Math.min(1, v) : 0;
	}

	/**
	 * {@code ink} with every stroke {@code radius} pixels wider on each side, with an anti-aliased edge: the strokes'
	 * core (ink at least half the darkest) is grown by its exact Euclidean distance, and ink already there is kept.
	 * Ink within {@code radius} of the image's edge is cut there: pad the image first.
	 */
	static float[] thicken(float[] ink, int w, int h, double radius) {
		float darkest = 0;
		for (float v : ink) {
			darkest = Math.max(darkest, v);
		}
		float core = darkest / 2;
		double far = (double) (w + h) * (w + h);
		double[] distance = new double[w * h]; // squared distance to the core, columns first, then rows
		double[] column = new double[h];
		double[] columnOut = new double[h];
		int longer = Math.max(w, h);
		int[] vertex = new int[longer]; // the transform's work space, shared by every column and row
		double[] boundary = new double[longer + 1];
		for (int x = 0; x < w; x++) {
			for (int y = 0; y < h; y++) {
				column[y] = ink[y * w + x] >= core && core > 0 ? 0 : far;
			}
			squaredDistance(column, h, columnOut, vertex, boundary);
			for (int y = 0; y < h; y++) {
				distance[y * w + x] = columnOut[y];
			}
		}
		double[] row = new double[w];
		double[] rowOut = new double[w];
		float[] out = new float[w * h];
		for (int y = 0; y < h; y++) {
			System.arraycopy(distance, y * w, row, 0, w);
			squaredDistance(row, w, rowOut, vertex, boundary);
			for (int x = 0; x < w; x++) {
				// the core's edge lies half a pixel beyond its outermost pixels' centres
				double grown = radius + 1 - Math.sqrt(rowOut[x]);
				out[y * w + x] = (float) Math.max(ink[y * w + x], Math.max(0, Math.min(1, grown)));
			}
		}
		return out;
	}

	/**
	 * The one-dimensional squared Euclidean distance transform of {@code f} (0 on the core, large elsewhere): for each
	 * p the least (p − q)² + f(q), by the lower envelope of parabolas (Felzenszwalb and Huttenlocher, 2012).
	 */
	private static void squaredDistance(double[] f, int n, double[] out, int[] vertex, double[] boundary) {
		int k = 0;
		vertex[0] = 0;
		boundary[0] = Double.NEGATIVE_INFINITY;
		boundary[1] = Double.POSITIVE_INFINITY;
		for (int q = 1; q < n; q++) {
			double s = intersection(f, q, vertex[k]);
			while (s <= boundary[k]) { // boundary[0] is -infinity: stops at k = 0
				k--;
				s = intersection(f, q, vertex[k]);
			}
			k++;
			vertex[k] = q;
			boundary[k] = s;
			boundary[k + 1] = Double.POSITIVE_INFINITY;
		}
		k = 0;
		for (int q = 0; q < n; q++) {
			while (boundary[k + 1] < q) {
				k++;
			}
			double d = q - vertex[k];
			out[q] = d * d + f[vertex[k]];
		}
	}

	/** Where the parabolas rooted at q and v cross. */
	private static double intersection(double[] f, int q, int v) {
		return ((f[q] + (double) q * q) - (f[v] + (double) v * v)) / (2.0 * (q - v));
	}
}
