package org.digitworkbench.drawings;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.preprocess.InkImage;
import org.digitworkbench.preprocess.ModelInput;
import org.digitworkbench.preprocess.Pipeline;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

/**
 * MNIST digits redrawn the way people draw on the 280×280 canvas: anywhere on it, small or large, slanted and
 * rotated, with a thin or thick round pen of one fixed width and crisp anti-aliased edges — unlike the scans, which
 * are centred, 20 px tall and soft. Used to measure how well a model plus a pipeline recognise drawings.
 */
public final class DrawingLikeDigits {

	/** The canvas side. */
	public static final int CANVAS = 280;

	/** How one digit is redrawn; {@link #random} draws one. */
	public record Style(double height, double slant, double rotationDegrees, double penWidth, double centreX,
			double centreY) {
	}

	private DrawingLikeDigits() {
	}

	/**
	 * A random style: digit height 50–250 px, slant ±0.35, rotation ±15°, pen 6–36 px but at most a fifth of the
	 * height (nobody writes a small digit with a fat pen), placed anywhere it fits (also off-centre). The placement is decided in {@link #redraw} once the digit's extent is known; here it is a
	 * fraction in [0, 1] of the free room.
	 */
	public static Style random(Random random) {
		double height = 50 + random.nextDouble() * 200;
		double slant = (random.nextDouble() * 2 - 1) * 0.35;
		double rotation = (random.nextDouble() * 2 - 1) * 15;
		double pen = Math.min(6 + random.nextDouble() * 30, height / 5);
		return new Style(height, slant, rotation, pen, random.nextDouble(), random.nextDouble());
	}

	/**
	 * Redraws {@code digit} ({@code rows × columns} unsigned bytes, 0 = paper) on a blank canvas in {@code style}.
	 * Blank input gives a blank canvas.
	 */
	public static InkImage redraw(byte[] digit, int rows, int columns, Style style) {
		// the digit's ink box in the source
		int minX = columns, minY = rows, maxX = -1, maxY = -1;
		for (int y = 0; y < rows; y++) {
			for (int x = 0; x < columns; x++) {
				if (Byte.toUnsignedInt(digit[y * columns + x]) > 25) {
					minX = Math.min(minX, x);
					maxX = Math.max(maxX, x);
					minY = Math.min(minY, y);
					maxY = Math.max(maxY, y);
				}
			}
		}
		float[] canvas = new float[CANVAS * CANVAS];
		if (maxX < 0) {
			return new InkImage(CANVAS, CANVAS, canvas);
		}
		double sourceCx = (minX + maxX + 1) / 2.0;
		double sourceCy = (minY + maxY + 1) / 2.0;
		double scale = style.height() / (maxY - minY + 1);
		double cos = Math.cos(Math.toRadians(style.rotationDegrees()));
		double sin = Math.sin(Math.toRadians(style.rotationDegrees()));
		// forward map: canvas = centre + scale · R · Shear · (source − sourceCentre); A is its linear part
		double a = scale * cos, b = scale * (cos * style.slant() - sin);
		double c = scale * sin, d = scale * (sin * style.slant() + cos);
		// extent of the transformed ink box, to place the digit where it fits (shrunk if it would not)
		double halfW = 0, halfH = 0;
		for (int corner = 0; corner < 4; corner++) {
			double u = (corner % 2 == 0 ? minX : maxX + 1) - sourceCx;
			double v = (corner < 2 ? minY : maxY + 1) - sourceCy;
			halfW = Math.max(halfW, Math.abs(a * u + b * v));
			halfH = Math.max(halfH, Math.abs(c * u + d * v));
		}
		double margin = style.penWidth() / 2 + 4;
		double fit = Math.min(1, Math.min((CANVAS / 2.0 - margin) / halfW, (CANVAS / 2.0 - margin) / halfH));
		a *= fit;
		b *= fit;
		c *= fit;
		d *= fit;
		halfW *= fit;
		halfH *= fit;
		double centreX = margin + halfW + style.centreX() * Math.max(0, CANVAS - 2 * (margin + halfW));
		double centreY = margin + halfH + style.centreY() * Math.max(0, CANVAS - 2 * (margin + halfH));
		double det = a * d - b * c;
		double ia = d / det, ib = -b / det, ic = -c / det, id = a / det;

		// work in the box the digit and its pen can reach; the rest of the canvas stays paper
		double radius = style.penWidth() / 2;
		int x0 = Math.max(0, (int) Math.floor(centreX - halfW - radius - 3));
		int y0 = Math.max(0, (int) Math.floor(centreY - halfH - radius - 3));
		int w = Math.min(CANVAS, (int) Math.ceil(centreX + halfW + radius + 3)) - x0;
		int h = Math.min(CANVAS, (int) Math.ceil(centreY + halfH + radius + 3)) - y0;

		// the stroke's core: where the enlarged scan is dark, as a mask
		boolean[] core = new boolean[w * h];
		int inked = 0;
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double dx = x0 + x + 0.5 - centreX;
				double dy = y0 + y + 0.5 - centreY;
				double u = ia * dx + ib * dy + sourceCx - 0.5;
				double v = ic * dx + id * dy + sourceCy - 0.5;
				boolean ink = bilinear(digit, rows, columns, u, v) > 0.5;
				core[y * w + x] = ink;
				inked += ink ? 1 : 0;
			}
		}
		if (inked == 0) {
			return new InkImage(CANVAS, CANVAS, canvas);
		}
		// a pen of one width: thin the scan's strokes to their middle lines, then ink everything within the pen's radius
		float[] toPaper = distance(core, w, h, true);
		// the ridge: pixels at least as far from the paper as their neighbours (the strokes' middle lines)
		boolean[] middle = new boolean[core.length];
		for (int y = 1; y < h - 1; y++) {
			for (int x = 1; x < w - 1; x++) {
				int i = y * w + x;
				if (!core[i]) {
					continue;
				}
				float v = toPaper[i];
				boolean ridge = true;
				for (int dy = -1; dy <= 1 && ridge; dy++) {
					for (int dx = -1; dx <= 1; dx++) {
						if (toPaper[i + dy * w + dx] > v + 0.01f) {
							ridge = false;
							break;
						}
					}
				}
				middle[i] = ridge;
			}
		}
		float[] toMiddle = distance(middle, w, h, false);
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				// anti-aliased edge one pixel wide
				canvas[(y0 + y) * CANVAS + x0 + x] = (float) Math.max(0, Math.min(1, radius + 0.5 - toMiddle[y * w + x]));
			}
		}
		return new InkImage(CANVAS, CANVAS, canvas);
	}

	/**
	 * The style of image {@code index} of a set redrawn with {@code seed} by {@link #redrawAll}. Neighbouring images'
	 * styles are alike (java.util.Random's first draws from nearby seeds are): a set's styles cover their whole range only
	 * over thousands of images, so sample a set by stride, not by its head.
	 */
	public static Style style(long seed, int index) {
		return random(new Random(seed * 1_000_003L + index));
	}

	/**
	 * Every image of {@code source} redrawn in a random style (image i's style comes from {@code seed} and i alone,
	 * so the set is the same however many threads make it) and prepared by {@code pipeline}, in parallel. Images
	 * the pipeline finds blank stay black. The set keeps {@code source}'s normalisation: it is a test of models
	 * trained on {@code source}.
	 */
	public static ImageSet redrawAll(ImageSet source, Pipeline pipeline, long seed, String datasetId,
			IProgressMonitor monitor) {
		int size = ModelInput.SIZE * ModelInput.SIZE;
		byte[] pixels = new byte[source.count() * size];
		SubMonitor progress = SubMonitor.convert(monitor, source.count());
		AtomicInteger done = new AtomicInteger();
		Thread caller = Thread.currentThread();
		IntStream.range(0, source.count()).parallel().forEach(i -> {
			if (progress.isCanceled()) {
				throw new OperationCanceledException();
			}
			Style style = style(seed, i);
			InkImage drawing = redraw(source.image(i), source.rows(), source.columns(), style);
			pipeline.apply(drawing).ifPresent(input -> {
				float[] p = input.pixels();
				for (int k = 0; k < size; k++) {
					pixels[i * size + k] = (byte) Math.round(255 * Math.max(0, Math.min(1, p[k])));
				}
			});
			int n = done.incrementAndGet();
			if (Thread.currentThread() == caller && n % 100 == 0) {
				progress.setWorkRemaining(source.count() - n + 100);
				progress.worked(100);
			}
		});
		return new ImageSet(datasetId, source.split(), ModelInput.SIZE, ModelInput.SIZE, pixels, source.labelData().clone(),
				source.classNames(), source.normalization());
	}

	private static double bilinear(byte[] pixels, int rows, int columns, double x, double y) {
		int x0 = (int) Math.floor(x);
		int y0 = (int) Math.floor(y);
		double fx = x - x0;
		double fy = y - y0;
		return ((1 - fx) * (1 - fy) * at(pixels, rows, columns, x0, y0) + fx * (1 - fy) * at(pixels, rows, columns, x0 + 1, y0)
				+ (1 - fx) * fy * at(pixels, rows, columns, x0, y0 + 1) + fx * fy * at(pixels, rows, columns, x0 + 1, y0 + 1))
				/ 255.0;
	}

	private static int at(byte[] pixels, int rows, int columns, int x, int y) {
		return x < 0 || y < 0 || x >= columns || y >= rows ? 0 : Byte.toUnsignedInt(pixels[y * columns + x]);
	}

	/**
	 * Chamfer (3-4) distance, in pixels, from every pixel to the nearest pixel whose mask value differs from
	 * {@code inside} (inside = true: distance from ink to paper; false: distance from paper to the mask).
	 */
	private static float[] distance(boolean[] mask, int w, int h, boolean inside) {
		float far = 1e6f;
		float[] dist = new float[mask.length];
		for (int i = 0; i < mask.length; i++) {
			dist[i] = mask[i] == inside ? far : 0;
		}
		int n = w;
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				int i = y * n + x;
				if (dist[i] == 0) {
					continue;
				}
				float v = dist[i];
				if (x > 0) v = Math.min(v, dist[i - 1] + 3);
				if (y > 0) {
					v = Math.min(v, dist[i - n] + 3);
					if (x > 0) v = Math.min(v, dist[i - n - 1] + 4);
					if (x < n - 1) v = Math.min(v, dist[i - n + 1] + 4);
				}
				dist[i] = v;
			}
		}
		for (int y = h - 1; y >= 0; y--) {
			for (int x = w - 1; x >= 0; x--) {
				int i = y * n + x;
				float v = dist[i];
				if (v == 0) {
					continue;
				}
				if (x < n - 1) v = Math.min(v, dist[i + 1] + 3);
				if (y < h - 1) {
					v = Math.min(v, dist[i + n] + 3);
					if (x < n - 1) v = Math.min(v, dist[i + n + 1] + 4);
					if (x > 0) v = Math.min(v, dist[i + n - 1] + 4);
				}
				dist[i] = v;
			}
		}
		for (int i = 0; i < dist.length; i++) {
			dist[i] /= 3;
		}
		return dist;
	}
}
