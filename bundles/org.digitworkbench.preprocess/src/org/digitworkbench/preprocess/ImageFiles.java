package org.digitworkbench.preprocess;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/** Reads a digit from a PNG, JPEG or BMP file as ink, whichever way round its colours are. */
public final class ImageFiles {

	private ImageFiles() {
	}

	public static InkImage read(Path file) throws IOException {
		if (!Files.isRegularFile(file)) {
			throw new IOException(file + ": no such file");
		}
		BufferedImage image;
		try {
			image = ImageIO.read(file.toFile());
		} catch (IOException | RuntimeException e) {
			throw new IOException(file + ": not a readable PNG, JPEG or BMP image (" + e.getMessage() + ")", e);
		}
		if (image == null) {
			throw new IOException(file + ": not a PNG, JPEG or BMP image");
		}
		int w = image.getWidth();
		int h = image.getHeight();
		float[] luminance = new float[w * h];
		boolean[] transparent = new boolean[w * h];
		boolean alpha = image.getColorModel().hasAlpha();
		for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				int argb = image.getRGB(x, y);
				int r = (argb >> 16) & 0xff;
				int g = (argb >> 8) & 0xff;
				int b = argb & 0xff;
				luminance[y * w + x] = (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
				transparent[y * w + x] = alpha && ((argb >>> 24) < 128);
			}
		}
		// Paper is what the border shows: bright border → dark ink on light paper.
		double border = 0;
		int borderCount = 0;
		for (int x = 0; x < w; x++) {
			border += luminance[x] + luminance[(h - 1) * w + x];
			borderCount += 2;
		}
		for (int y = 0; y < h; y++) {
			border += luminance[y * w] + luminance[y * w + w - 1];
			borderCount += 2;
		}
		boolean darkInk = border / borderCount > 0.5;
		float[] ink = new float[w * h];
		for (int i = 0; i < ink.length; i++) {
			ink[i] = transparent[i] ? 0 : darkInk ? 1 - luminance[i] : luminance[i];
		}
		return new InkImage(w, h, ink);
	}
}
