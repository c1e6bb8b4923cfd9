package org.digitworkbench.preprocess;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The two ways from a drawing to the model's 28×28 input. {@link #MNIST} makes the picture the way MNIST's digits
 * were made (crop, widen strokes thinner than MNIST's, fit into 20 px, centre by mass); {@link #SIMPLE} is the old
 * script's blur-and-shrink, kept so the difference can be shown.
 */
public final class Pipelines {

	/** Ink below this counts as paper when looking for the digit. */
	static final float INK_THRESHOLD = 0.1f;
	/** Fewer inked pixels than this (on a 280×280 canvas scale: a dot) is a blank image, not a digit. */
	static final float MIN_INK_SHARE = 0.0005f;
	/**
	 * MNIST's typical stroke width in the 28×28 picture (the digit fitted in 20 px), as {@link Strokes#width}
	 * measures it: the median of its 60,000 training digits is 2.34 px (10th percentile 1.73, 90th 3.23).
	 */
	static final double MNIST_STROKE = 2.34;
	/**
	 * Strokes that would be thinner than this once fitted in 20 px are widened to {@link #MNIST_STROKE}; the 10th
	 * percentile of MNIST's training digits, so what MNIST has plenty of is left as drawn.
	 */
	static final double THIN_STROKE = 1.73;
	/** Thin strokes are widened in a box at most this many pixels on its longer side (the canvas is 280). */
	static final int WIDEN_AT_MOST = 560;

	public static final Pipeline MNIST = new Prepared("mnist",
			"MNIST-style (crop, widen thin strokes, fit in 20 px, centre of mass)", Pipelines::mnistStyle);

	/**
	 * {@link #MNIST} without widening thin strokes, as it was before 0.2.3: to measure what the widening does (with a
	 * 4 px pen a one-epoch mlp read 45.0 % of 2000 drawn test digits this way and 89.5 % with {@link #MNIST}). Not
	 * among {@link #all()}.
	 *
	 * @since 0.2.3
	 */
	public static final Pipeline MNIST_AS_DRAWN = new Prepared("mnist-as-drawn",
			"MNIST-style, strokes as drawn (crop, fit in 20 px, centre of mass)", image -> mnistStyle(image, null, 0));

	public static final Pipeline SIMPLE = new Prepared("simple", "Plain (blur, shrink to 28×28)",
			image -> resize(blur(image), 28, 28));

	/** A pipeline as its name and the way it makes the 28×28 pixels of an image that is not blank. */
	private record Prepared(String id, String displayName, Function<InkImage, float[]> pixels) implements Pipeline {

		@Override
		public Optional<ModelInput> apply(InkImage image) {
			return isBlank(image) ? Optional.empty() : Optional.of(ModelInput.of(pixels.apply(image)));
		}
	}

	private Pipelines() {
	}

	/**
	 * One step of {@link #MNIST}'s way from a drawing to the model's input, as a picture.
	 *
	 * @param ink row-major, in [0, 1]
	 * @since 0.2.2
	 */
	public record Step(String name, int width, int height, float[] ink) {
	}

	/**
	 * How the name of the step that widens thin strokes begins; the rest says from which width to which, in pixels
	 * once fitted in 20 px.
	 *
	 * @since 0.2.3
	 */
	public static final String WIDENED = "Strokes widened";

	/**
	 * What {@link #MNIST} does to {@code image}, step by step: the ink, cropped to it, its strokes widened (only where
	 * they are thinner than MNIST's: the step's name then begins with {@link #WIDENED}), fitted in 20 px, centred by
	 * mass in 28×28 (the last is {@code MNIST.apply(image)}'s pixels, before the model's normalisation); empty for a
	 * blank image.
	 *
	 * @since 0.2.2
	 */
	public static List<Step> mnistSteps(InkImage image) {
		if (isBlank(image)) {
			return List.of();
		}
		List<Step> steps = new java.util.ArrayList<>();
		steps.add(new Step("Ink", image.width(), image.height(), image.ink().clone()));
		mnistStyle(image, steps, THIN_STROKE);
		return List.copyOf(steps);
	}

	public static List<Pipeline> all() {
		return List.of(MNIST, SIMPLE);
	}

	public static Optional<Pipeline> byId(String id) {
		return all().stream().filter(p -> p.id().equals(id)).findFirst();
	}

	static boolean isBlank(InkImage image) {
		int inked = 0;
		for (float v : image.ink()) {
			if (v > INK_THRESHOLD) {
				inked++;
			}
		}
		return inked < Math.max(3, MIN_INK_SHARE * image.ink().length);
	}

	/**
	 * Crop to the ink, widen strokes thinner than MNIST's to its typical width, fit the longer side into 20 px, paste
	 * into 28×28 with the centre of mass in the middle.
	 */
	static float[] mnistStyle(InkImage image) {
		return mnistStyle(image, null, THIN_STROKE);
	}

	/**
	 * As {@link #mnistStyle(InkImage)}, adding each step's picture to {@code steps} (when not null); strokes that would
	 * be thinner than {@code thinBelow} pixels once fitted are widened to {@link #MNIST_STROKE} (0: none is).
	 */
	static float[] mnistStyle(InkImage image, List<Step> steps, double thinBelow) {
		Box box = Box.of(image);
		if (steps != null) {
			steps.add(new Step("Cropped to the ink", box.w, box.h, box.crop(image)));
		}
		InkImage source = image;
		double width = fittedStrokeWidth(image, box);
		if (width < thinBelow) {
			source = thickened(image, box, width);
			box = Box.of(source);
			if (steps != null) {
				steps.add(new Step(String.format(java.util.Locale.ROOT, WIDENED + " %.1f \u2192 %.1f px", width,
						fittedStrokeWidth(source, box)), box.w, box.h, box.crop(source)));
			}
		}
		int w = box.w;
		int h = box.h;
		double scale = 20.0 / Math.max(w, h);
		int targetW = Math.max(1, (int) Math.round(w * scale));
		int targetH = Math.max(1, (int) Math.round(h * scale));
		float[] digit = areaResize(source, box.x, box.y, w, h, targetW, targetH);
		if (steps != null) {
			steps.add(new Step("Fitted in 20 px", targetW, targetH, digit.clone()));
		}
		double mass = 0;
		double cx = 0;
		double cy = 0;
		for (int y = 0; y < targetH; y++) {
			for (int x = 0; x < targetW; x++) {
				float v = digit[y * targetW + x];
				mass += v;
				cx += v * (x + 0.5);
				cy += v * (y + 0.5);
			}
		}
		int offsetX = (int) Math.round(14 - cx / mass);
		int offsetY = (int) Math.round(14 - cy / mass);
		float[] out = new float[28 * 28];
		for (int y = 0; y < targetH; y++) {
			for (int x = 0; x < targetW; x++) {
				int tx = x + offsetX;
				int ty = y + offsetY;
				if (tx >= 0 && ty >= 0 && tx < 28 && ty < 28) {
					out[ty * 28 + tx] = digit[y * targetW + x];
				}
			}
		}
		if (steps != null) {
			steps.add(new Step("Centred by mass in 28\u00d728", 28, 28, out.clone()));
		}
		return out;
	}

	/** The ink's bounding box: ink above {@link #INK_THRESHOLD}. */
	private record Box(int x, int y, int w, int h) {

		static Box of(InkImage image) {
			int minX = image.width();
			int minY = image.height();
			int maxX = -1;
			int maxY = -1;
			for (int y = 0; y < image.height(); y++) {
				for (int x = 0; x < image.width(); x++) {
					if (image.at(x, y) > INK_THRESHOLD) {
						minX = Math.min(minX, x);
						maxX = Math.max(maxX, x);
						minY = Math.min(minY, y);
						maxY = Math.max(maxY, y);
					}
				}
			}
			return new Box(minX, minY, maxX - minX + 1, maxY - minY + 1);
		}

		float[] crop(InkImage image) {
			float[] cropped = new float[w * h];
			for (int row = 0; row < h; row++) {
				System.arraycopy(image.ink(), (y + row) * image.width() + x, cropped, row * w, w);
			}
			return cropped;
		}
	}

	/** How wide the strokes in {@code box} will be once its longer side is fitted in 20 px. */
	private static double fittedStrokeWidth(InkImage image, Box box) {
		return Strokes.width(image.ink(), image.width(), box.x, box.y, box.w, box.h) * 20.0 / Math.max(box.w, box.h);
	}

	/**
	 * The ink in {@code box}, padded, with its strokes widened so that once fitted in 20 px they are
	 * {@link #MNIST_STROKE} wide. The box grows with the strokes: a stroke w px wide in a box of side S, widened to W,
	 * is W·20/(S − w + W) wide once fitted, so W = t·(S − w)/(20 − t) for the fitted width t. A box larger than
	 * {@link #WIDEN_AT_MOST} is shrunk to it first, so a large photograph costs no more than a canvas.
	 */
	private static InkImage thickened(InkImage image, Box box, double fittedWidth) {
		int side = Math.max(box.w, box.h);
		double shrink = Math.min(1, (double) WIDEN_AT_MOST / side);
		int w = Math.max(1, (int) Math.round(box.w * shrink));
		int h = Math.max(1, (int) Math.round(box.h * shrink));
		float[] ink = shrink < 1 ? areaResize(image, box.x, box.y, box.w, box.h, w, h) : box.crop(image);
		double scaledSide = side * shrink;
		double width = fittedWidth * scaledSide / 20; // in these pixels
		double widened = MNIST_STROKE * (scaledSide - width) / (20 - MNIST_STROKE);
		double radius = Math.max(0, (widened - width) / 2);
		int pad = (int) Math.ceil(radius) + 2;
		int paddedW = w + 2 * pad;
		int paddedH = h + 2 * pad;
		float[] padded = new float[paddedW * paddedH];
		for (int row = 0; row < h; row++) {
			System.arraycopy(ink, row * w, padded, (row + pad) * paddedW + pad, w);
		}
		return new InkImage(paddedW, paddedH, Strokes.thicken(padded, paddedW, paddedH, radius));
	}

	/** Area averaging (anti-aliased shrink, and a smooth enough enlarge for tiny drawings). */
	static float[] areaResize(InkImage image, int x0, int y0, int w, int h, int targetW, int targetH) {
		float[] out = new float[targetW * targetH];
		double sx = (double) w / targetW;
		double sy = (double) h / targetH;
		for (int ty = 0; ty < targetH; ty++) {
			double top = y0 + ty * sy;
			double bottom = top + sy;
			for (int tx = 0; tx < targetW; tx++) {
				double left = x0 + tx * sx;
				double right = left + sx;
				double sum = 0;
				double area = 0;
				for (int y = (int) Math.floor(top); y < Math.ceil(bottom); y++) {
					double coverY = Math.min(bottom, y + 1) - Math.max(top, y);
					for (int x = (int) Math.floor(left); x < Math.ceil(right); x++) {
						double cover = coverY * (Math.min(right, x + 1) - Math.max(left, x));
						if (x < image.width() && y < image.height()) {
							sum += cover * image.at(x, y);
						}
						area += cover;
					}
				}
				out[ty * targetW + tx] = (float) Math.min(1, sum / area);
			}
		}
		return out;
	}

	static float[] resize(InkImage image, int targetW, int targetH) {
		return areaResize(image, 0, 0, image.width(), image.height(), targetW, targetH);
	}

	/** Gaussian blur of radius 1 (σ = 1, 3×3 taps each way), as the old script's ImageFilter.GaussianBlur(1). */
	static InkImage blur(InkImage image) {
		double[] kernel = { Math.exp(-0.5), 1, Math.exp(-0.5) };
		double sum = kernel[0] + kernel[1] + kernel[2];
		int w = image.width();
		int h = image.height();
		float[] horizontal = new float[w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double v = 0;
				for (int k = -1; k <= 1; k++) {
					int xx = Math.min(w - 1, Math.max(0, x + k));
					v += kernel[k + 1] * image.at(xx, y);
				}
				horizontal[y * w + x] = (float) (v / sum);
			}
		}
		float[] out = new float[w * h];
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				double v = 0;
				for (int k = -1; k <= 1; k++) {
					int yy = Math.min(h - 1, Math.max(0, y + k));
					v += kernel[k + 1] * horizontal[yy * w + x];
				}
				out[y * w + x] = (float) (v / sum);
			}
		}
		return new InkImage(w, h, out);
	}
}
