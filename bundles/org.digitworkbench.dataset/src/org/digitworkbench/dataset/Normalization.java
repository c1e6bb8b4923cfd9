package org.digitworkbench.dataset;

/**
 * How a model's input pixels are standardised: {@code (pixel − mean) / std}, with the pixel in [0, 1] (the byte /
 * 255) and the mean and standard deviation of the pixels of the training split the model learned on. A model must be
 * fed its training set's figures ever after — on the canvas, in {@code predict} and when it is evaluated on another
 * dataset — so a saved model keeps them.
 *
 * @param mean the training pixels' mean, in [0, 1]
 * @param std  their standard deviation, above 0
 */
public record Normalization(float mean, float std) {

	/** MNIST's training set, as PyTorch's examples/mnist normalises it: what every model before 0.1.2 was fed. */
	public static final Normalization MNIST = new Normalization(0.1307f, 0.3081f);

	public Normalization {
		if (!(mean >= 0 && mean <= 1) || !(std > 0 && std <= 1)) {
			throw new IllegalArgumentException("a normalisation needs a mean in [0, 1] and a standard deviation in (0, 1], not "
					+ mean + " and " + std);
		}
	}

	/** One pixel in [0, 1], standardised. */
	public float apply(float pixel) {
		return (pixel - mean) / std;
	}

	/** Pixels in [0, 1], standardised into a new array. */
	public float[] apply(float[] pixels) {
		float[] out = new float[pixels.length];
		for (int i = 0; i < pixels.length; i++) {
			out[i] = (pixels[i] - mean) / std;
		}
		return out;
	}

	/** The mean and (population) standard deviation of every pixel of {@code images}, as byte / 255. */
	public static Normalization measure(ImageSet images) {
		long[] histogram = new long[256];
		for (byte pixel : images.pixelData()) {
			histogram[Byte.toUnsignedInt(pixel)]++;
		}
		double count = images.pixelData().length;
		double sum = 0;
		double squares = 0;
		for (int value = 0; value < 256; value++) {
			double x = value / 255.0;
			sum += histogram[value] * x;
			squares += histogram[value] * x * x;
		}
		double mean = sum / count;
		return new Normalization((float) mean, (float) Math.sqrt(Math.max(0, squares / count - mean * mean)));
	}
}
