package org.digitworkbench.preprocess;

/**
 * A greyscale picture of a digit as ink intensity: 0 = paper, 1 = full ink, whatever the source's polarity was.
 * Row-major, any size (the canvas is 280×280).
 */
public record InkImage(int width, int height, float[] ink) {

	public InkImage {
		if (width <= 0 || height <= 0 || ink.length != width * height) {
			throw new IllegalArgumentException("ink must hold width*height = " + width * height + " values");
		}
	}

	public float at(int x, int y) {
		return ink[y * width + x];
	}
}
