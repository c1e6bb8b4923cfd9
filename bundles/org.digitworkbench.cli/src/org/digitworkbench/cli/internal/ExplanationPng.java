package org.digitworkbench.cli.internal;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.digitworkbench.files.AtomicFile;
import org.digitworkbench.model.Explanation;

/**
 * {@code predict --explain OUT.png}: the 28×28 input the model saw, twice, each pixel 10×10, 560×280 in all. Left,
 * why it says its digit: ink in green where it speaks for the digit, red where against. Right, what would make it say
 * the runner-up: blue where more ink would, orange on ink whose removal would. Strength is the share of each panel's
 * largest value; the input shows through in grey.
 */
final class ExplanationPng {

	static final int SCALE = 10;
	private static final int SIDE = 28;

	private ExplanationPng() {
	}

	static BufferedImage render(float[] ink, Explanation explanation) {
		BufferedImage image = new BufferedImage(2 * SIDE * SCALE, SIDE * SCALE, BufferedImage.TYPE_INT_RGB);
		paint(image, 0, ink, explanation.evidence(), new int[] { 0, 160, 0 }, new int[] { 210, 0, 0 });
		paint(image, SIDE * SCALE, ink, explanation.towardRunnerUp(), new int[] { 0, 80, 230 }, new int[] { 240, 140, 0 });
		return image;
	}

	private static void paint(BufferedImage image, int left, float[] ink, float[] values, int[] positive,
			int[] negative) {
		float max = Explanation.maxMagnitude(values);
		for (int y = 0; y < SIDE; y++) {
			for (int x = 0; x < SIDE; x++) {
				int i = y * SIDE + x;
				float grey = 255 * (1 - 0.6f * Math.max(0, Math.min(1, ink[i]))); // ink dark on white, muted
				float share = max == 0 ? 0 : Math.min(1, Math.abs(values[i]) / max);
				int[] colour = values[i] >= 0 ? positive : negative;
				int rgb = 0;
				for (int c = 0; c < 3; c++) {
					rgb = rgb << 8 | Math.round(grey + (colour[c] - grey) * share);
				}
				for (int dy = 0; dy < SCALE; dy++) {
					for (int dx = 0; dx < SCALE; dx++) {
						image.setRGB(left + x * SCALE + dx, y * SCALE + dy, rgb);
					}
				}
			}
		}
		for (int y = 0; y < SIDE * SCALE; y++) { // a line between the panels
			image.setRGB(SIDE * SCALE, y, 0x808080);
		}
	}

	/** Writes the overlay to {@code file}, replacing it whole. */
	static void write(Path file, float[] ink, Explanation explanation) throws IOException {
		BufferedImage image = render(ink, explanation);
		AtomicFile.write(file.toAbsolutePath(), out -> {
			if (!ImageIO.write(image, "png", out)) {
				throw new IOException("no PNG writer");
			}
		});
	}
}
