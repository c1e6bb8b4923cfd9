package org.digitworkbench.preprocess;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.digitworkbench.files.AtomicFile;

/** Reads a digit from a PNG, JPEG or BMP file as ink, whichever way round its colours are; writes one as a PNG. */
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

	/**
	 * Writes {@code image} as a greyscale PNG, dark ink on white paper, through a temporary file and a rename: a full
	 * disk or a killed process leaves no half-written file.
	 */
	public static void writePng(InkImage image, Path file) throws IOException {
		BufferedImage png = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < image.height(); y++) {
			for (int x = 0; x < image.width(); x++) {
				int grey = Math.round(255 * (1 - Math.max(0, Math.min(1, image.at(x, y)))));
				png.setRGB(x, y, 0xff000000 | grey << 16 | grey << 8 | grey);
			}
		}
		try {
			AtomicFile.write(file, out -> {
				if (!ImageIO.write(png, "png", out)) {
					throw new IOException("no PNG writer available");
				}
			});
		} catch (IOException e) {
			throw new IOException(file + ": could not be written (" + e.getMessage() + ")", e);
		}
	}
}
