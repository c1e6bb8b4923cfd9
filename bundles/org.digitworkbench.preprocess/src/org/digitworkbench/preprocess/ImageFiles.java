package org.digitworkbench.preprocess;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.digitworkbench.files.AtomicFile;

/**
 * Reads a digit from a PNG, JPEG or BMP file (or any other format the Java runtime decodes) as ink, whichever way
 * round its colours are; writes one as a PNG. Every refusal is one line naming the file and the reason: an image
 * larger than {@link #MAX_PIXELS} (checked from its header, before it is decoded), damaged or cut-short image data
 * (also where the decoder would go on with grey), a folder, a missing file.
 */
public final class ImageFiles {

	/**
	 * The most pixels an image may have: 25 million (5000×5000; a digit needs a few thousand, a 24-megapixel photo
	 * still fits). Decoding one takes up to 13 bytes of memory a pixel.
	 *
	 * @since 0.2.1
	 */
	public static final long MAX_PIXELS = 25_000_000;

	private ImageFiles() {
	}

	/**
	 * The ink of the image in {@code file}. Paper is what the border shows: a bright border means dark ink on light
	 * paper, a dark one light ink on dark paper, and a transparent one (a drawing on a transparent background) means
	 * the opaque strokes are the ink, whatever their colour.
	 *
	 * @throws IOException one line naming the file and the reason it cannot be read
	 */
	public static InkImage read(Path file) throws IOException {
		BufferedImage image = decode(file);
		try {
			return ink(image);
		} catch (OutOfMemoryError e) {
			throw new IOException(file + ": too large to read in the memory available (" + image.getWidth() + "×"
					+ image.getHeight() + " pixels)");
		}
	}

	private static BufferedImage decode(Path file) throws IOException {
		if (Files.isDirectory(file)) {
			throw new IOException(file + ": is a folder, not an image file");
		}
		if (!Files.exists(file)) {
			throw new IOException(file + ": no such file");
		}
		if (!Files.isReadable(file)) {
			throw new IOException(file + ": cannot be read (permission denied)");
		}
		if (Files.size(file) == 0) {
			throw new IOException(file + ": the file is empty");
		}
		try (ImageInputStream stream = ImageIO.createImageInputStream(file.toFile())) {
			if (stream == null) {
				throw new IOException(file + ": cannot be read");
			}
			Iterator<ImageReader> readers = ImageIO.getImageReaders(stream);
			if (!readers.hasNext()) {
				throw new IOException(file + ": not a PNG, JPEG or BMP image");
			}
			ImageReader reader = readers.next();
			String format = reader.getFormatName().toUpperCase(Locale.ROOT);
			try {
				reader.setInput(stream, true, true);
				long width = reader.getWidth(0);
				long height = reader.getHeight(0);
				if (width <= 0 || height <= 0) {
					throw new IOException(file + ": the " + format + " header gives a size of " + width + "×" + height);
				}
				if (width * height > MAX_PIXELS) {
					throw new IOException(file + ": " + width + "×" + height + " pixels, more than the " + MAX_PIXELS
							+ " an image may have (a digit needs a few thousand)");
				}
				List<String> warnings = new ArrayList<>();
				reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
				BufferedImage image = reader.read(0);
				if (!warnings.isEmpty()) { // the JPEG decoder fills what is missing with grey and only warns
					throw new IOException(file + ": the " + format + " data is damaged or cut short ("
							+ firstLine(warnings.getFirst()) + ")");
				}
				return image;
			} catch (IIOException | IndexOutOfBoundsException | IllegalArgumentException | IllegalStateException
					| NegativeArraySizeException e) {
				throw new IOException(file + ": the " + format + " data is damaged or cut short (" + reason(e) + ")", e);
			} catch (OutOfMemoryError e) {
				throw new IOException(file + ": too large to decode in the memory available");
			} finally {
				reader.dispose();
			}
		} catch (AccessDeniedException e) {
			throw new IOException(file + ": cannot be read (permission denied)", e);
		}
	}

	/** Ink in [0, 1] for every pixel of {@code image}; see {@link #read}. */
	private static InkImage ink(BufferedImage image) {
		int w = image.getWidth();
		int h = image.getHeight();
		boolean hasAlpha = image.getColorModel().hasAlpha();
		float[] ink = new float[w * h]; // luminance first, ink in the end
		byte[] alpha = hasAlpha ? new byte[w * h] : null;
		int[] row = new int[w];
		for (int y = 0; y < h; y++) {
			image.getRGB(0, y, w, 1, row, 0, w);
			for (int x = 0; x < w; x++) {
				int argb = row[x];
				int r = (argb >> 16) & 0xff;
				int g = (argb >> 8) & 0xff;
				int b = argb & 0xff;
				ink[y * w + x] = (0.299f * r + 0.587f * g + 0.114f * b) / 255f;
				if (alpha != null) {
					alpha[y * w + x] = (byte) (argb >>> 24);
				}
			}
		}
		double borderLuminance = 0;
		double borderAlpha = 0;
		int borderCount = 0;
		for (int i : borderIndices(w, h)) {
			borderLuminance += ink[i];
			borderAlpha += alpha == null ? 1 : Byte.toUnsignedInt(alpha[i]) / 255.0;
			borderCount++;
		}
		borderLuminance /= borderCount;
		borderAlpha /= borderCount;
		if (alpha != null && borderAlpha < 0.5) {
			// a transparent background: the opaque strokes are the ink, dark or light as most of them are
			double opaque = 0;
			double opaqueLuminance = 0;
			for (int i = 0; i < ink.length; i++) {
				float a = Byte.toUnsignedInt(alpha[i]) / 255f;
				opaque += a;
				opaqueLuminance += a * ink[i];
			}
			boolean darkInk = opaque == 0 || opaqueLuminance / opaque < 0.5;
			for (int i = 0; i < ink.length; i++) {
				float a = Byte.toUnsignedInt(alpha[i]) / 255f;
				ink[i] = a * (darkInk ? 1 - ink[i] : ink[i]);
			}
			return new InkImage(w, h, ink);
		}
		// opaque paper: see-through pixels show the paper's shade
		float paper = (float) borderLuminance;
		boolean darkInk = borderLuminance > 0.5;
		for (int i = 0; i < ink.length; i++) {
			float luminance = ink[i];
			if (alpha != null) {
				float a = Byte.toUnsignedInt(alpha[i]) / 255f;
				luminance = a * luminance + (1 - a) * paper;
			}
			ink[i] = darkInk ? 1 - luminance : luminance;
		}
		return new InkImage(w, h, ink);
	}

	/** The indices of the pixels on the image's edge (corners twice, as before). */
	private static int[] borderIndices(int w, int h) {
		int[] indices = new int[2 * w + 2 * h];
		int k = 0;
		for (int x = 0; x < w; x++) {
			indices[k++] = x;
			indices[k++] = (h - 1) * w + x;
		}
		for (int y = 0; y < h; y++) {
			indices[k++] = y * w;
			indices[k++] = y * w + w - 1;
		}
		return indices;
	}

	private static String reason(Throwable e) {
		Throwable deepest = e;
		while (deepest.getCause() != null && deepest.getCause() != deepest) {
			deepest = deepest.getCause();
		}
		String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
				: e.getMessage();
		if (deepest != e && deepest instanceof java.io.EOFException) {
			message += ": the file ends early";
		} else if (deepest != e && deepest.getMessage() != null) {
			message += ": " + deepest.getMessage();
		}
		return firstLine(message);
	}

	private static String firstLine(String text) {
		return text == null ? "" : text.lines().findFirst().orElse("").strip();
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
