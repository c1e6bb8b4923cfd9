package org.digitworkbench.preprocess;

import java.util.List;
import java.util.Optional;

/**
 * The two ways from a drawing to the model's 28×28 input. {@link #MNIST} makes the picture the way MNIST's digits
 * were made (crop, fit into 20 px, centre by mass); {@link #SIMPLE} is the old script's blur-and-shrink, kept so the
 * difference can be shown.
 */
public final class Pipelines {

	/** Ink below this counts as paper when looking for the digit. */
	static final float INK_THRESHOLD = 0.1f;
	/** Fewer inked pixels than this (on a 280×280 canvas scale: a dot) is a blank image, not a digit. */
	static final float MIN_INK_SHARE = 0.0005f;

	public static final Pipeline MNIST = new Pipeline() {
		@Override
		public String id() {
			return "mnist";
		}

		@Override
		public String displayName() {
			return "MNIST-style (crop, fit in 20 px, centre of mass)";
		}

		@Override
		public Optional<ModelInput> apply(InkImage image) {
			return isBlank(image) ? Optional.empty() : Optional.of(input(mnistStyle(image)));
		}
	};

	public static final Pipeline SIMPLE = new Pipeline() {
		@Override
		public String id() {
			return "simple";
		}

		@Override
		public String displayName() {
			return "Plain (blur, shrink to 28×28)";
		}

		@Override
		public Optional<ModelInput> apply(InkImage image) {
			return isBlank(image) ? Optional.empty() : Optional.of(input(resize(blur(image), 28, 28)));
		}
	};

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
	 * What {@link #MNIST} does to {@code image}, step by step: the ink, cropped to it, fitted in 20 px, centred by
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
		mnistStyle(image, steps);
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

	private static ModelInput input(float[] pixels) {
		return ModelInput.of(pixels);
	}

	/** Crop to the ink, fit the longer side into 20 px, paste into 28×28 with the centre of mass in the middle. */
	static float[] mnistStyle(InkImage image) {
		return mnistStyle(image, null);
	}

	/** As {@link #mnistStyle(InkImage)}, adding each step's picture to {@code steps} (when not null). */
	private static float[] mnistStyle(InkImage image, List<Step> steps) {
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
		int w = maxX - minX + 1;
		int h = maxY - minY + 1;
		double scale = 20.0 / Math.max(w, h);
		int targetW = Math.max(1, (int) Math.round(w * scale));
		int targetH = Math.max(1, (int) Math.round(h * scale));
		float[] digit = areaResize(image, minX, minY, w, h, targetW, targetH);
		if (steps != null) {
			float[] cropped = new float[w * h];
			for (int y = 0; y < h; y++) {
				for (int x = 0; x < w; x++) {
					cropped[y * w + x] = image.at(minX + x, minY + y);
				}
			}
			steps.add(new Step("Cropped to the ink", w, h, cropped));
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
