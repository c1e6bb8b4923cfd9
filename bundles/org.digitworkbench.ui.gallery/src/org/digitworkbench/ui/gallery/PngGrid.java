package org.digitworkbench.ui.gallery;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.training.Evaluation;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Device;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;

/**
 * The gallery's selection as one PNG, like the old training script's {@code predictions.png}: a grid of thumbnails
 * (white ink on black, as the model sees them) on white, each captioned {@code true/predicted} in green when right
 * and red when wrong. The captions are rendered once per distinct text on the UI thread ({@link #captions}); the grid
 * is composed and encoded in a job ({@link #write}), pixel by pixel, without touching the display.
 */
final class PngGrid {

	static final int PAD = 4;

	/**
	 * Where everything goes: {@code columns × rows} tiles of {@code tileWidth × tileHeight} pixels, thumbnails
	 * enlarged {@code scale} times (2 up to 400 images, then 1), as square a grid as the count allows.
	 */
	record Layout(int count, int scale, int columns, int rows, int thumbWidth, int thumbHeight, int captionHeight) {

		static Layout of(int count, int imageRows, int imageColumns, int captionHeight) {
			int scale = count <= 400 ? 2 : 1;
			int columns = Math.max(1, (int) Math.ceil(Math.sqrt(count)));
			int rows = Math.max(1, (count + columns - 1) / columns);
			return new Layout(count, scale, columns, rows, imageColumns * scale, imageRows * scale, captionHeight);
		}

		int tileWidth() {
			return thumbWidth + 2 * PAD;
		}

		int tileHeight() {
			return thumbHeight + captionHeight + 2 * PAD;
		}

		int width() {
			return columns * tileWidth();
		}

		int height() {
			return rows * tileHeight();
		}

		/** Top left corner of the thumbnail of the {@code k}-th image. */
		Point thumbOrigin(int k) {
			return new Point(k % columns * tileWidth() + PAD, k / columns * tileHeight() + PAD);
		}
	}

	/** Rendered captions, by text, all {@code height} pixels high. */
	record Captions(Map<String, ImageData> images, int height) {
	}

	private PngGrid() {
	}

	static String caption(Evaluation evaluation, int image) {
		return evaluation.labels()[image] + "/" + evaluation.predicted()[image];
	}

	/** Renders every caption {@code shown} needs, once each; on the UI thread (it draws text with a GC). */
	static Captions captions(Device device, Font font, Evaluation evaluation, int[] shown) {
		Map<String, Boolean> texts = new HashMap<>();
		for (int image : shown) {
			texts.put(caption(evaluation, image), evaluation.labels()[image] == evaluation.predicted()[image]);
		}
		Map<String, ImageData> rendered = new HashMap<>();
		GC measure = new GC(device);
		int height;
		try {
			measure.setFont(font);
			height = measure.getFontMetrics().getHeight();
		} finally {
			measure.dispose();
		}
		RGB white = new RGB(255, 255, 255);
		Color paper = new Color(device, white);
		Color right = new Color(device, Palette.verdict(true, white));
		Color wrong = new Color(device, Palette.verdict(false, white));
		try {
			for (Map.Entry<String, Boolean> text : texts.entrySet()) {
				Image image = new Image(device, Math.max(1, text.getKey().length() * height), height);
				try {
					GC gc = new GC(image);
					try {
						gc.setFont(font);
						gc.setBackground(paper);
						gc.fillRectangle(0, 0, image.getBounds().width, height);
						gc.setForeground(text.getValue() ? right : wrong);
						gc.setAntialias(SWT.ON);
						gc.drawText(text.getKey(), 0, 0, true);
						int width = gc.textExtent(text.getKey()).x;
						ImageData data = image.getImageData();
						rendered.put(text.getKey(), crop(data, Math.min(width, data.width), height));
					} finally {
						gc.dispose();
					}
				} finally {
					image.dispose();
				}
			}
		} finally {
			paper.dispose();
			right.dispose();
			wrong.dispose();
		}
		return new Captions(rendered, height);
	}

	private static ImageData crop(ImageData data, int width, int height) {
		ImageData out = new ImageData(Math.max(1, width), height, 24, new PaletteData(0xff0000, 0x00ff00, 0x0000ff));
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < out.width; x++) {
				RGB rgb = data.palette.getRGB(data.getPixel(x, y));
				out.setPixel(x, y, rgb.red << 16 | rgb.green << 8 | rgb.blue);
			}
		}
		return out;
	}

	/** Composes the grid; no display needed. */
	static ImageData compose(Evaluation evaluation, ImageSet images, int[] shown, Captions captions,
			IProgressMonitor monitor) {
		Layout layout = Layout.of(shown.length, images.rows(), images.columns(), captions.height());
		SubMonitor progress = SubMonitor.convert(monitor, "Drawing " + shown.length + " thumbnails", shown.length);
		ImageData grid = new ImageData(layout.width(), layout.height(), 24, new PaletteData(0xff0000, 0x00ff00, 0x0000ff));
		java.util.Arrays.fill(grid.data, (byte) 0xff);
		byte[] pixels = images.pixelData();
		for (int k = 0; k < shown.length; k++) {
			if (progress.isCanceled()) {
				throw new OperationCanceledException();
			}
			int image = shown[k];
			Point origin = layout.thumbOrigin(k);
			int base = image * images.pixelsPerImage();
			for (int y = 0; y < layout.thumbHeight(); y++) {
				int source = base + y / layout.scale() * images.columns();
				int at = (origin.y + y) * grid.bytesPerLine + origin.x * 3;
				for (int x = 0; x < layout.thumbWidth(); x++) {
					byte grey = pixels[source + x / layout.scale()];
					grid.data[at++] = grey;
					grid.data[at++] = grey;
					grid.data[at++] = grey;
				}
			}
			ImageData caption = captions.images().get(caption(evaluation, image));
			int width = Math.min(caption.width, layout.tileWidth());
			int cx = k % layout.columns() * layout.tileWidth() + (layout.tileWidth() - width) / 2;
			int cy = origin.y + layout.thumbHeight() + PAD / 2;
			for (int y = 0; y < caption.height && cy + y < grid.height; y++) {
				System.arraycopy(caption.data, y * caption.bytesPerLine, grid.data, (cy + y) * grid.bytesPerLine + cx * 3,
						width * 3);
			}
			progress.worked(1);
		}
		return grid;
	}

	/**
	 * Writes {@code grid} as a PNG to {@code file}, through a temporary file beside it, so a failed write leaves no
	 * half file.
	 *
	 * @throws IOException with a message that names the file and the reason
	 */
	static void write(ImageData grid, Path file) throws IOException {
		Path folder = file.toAbsolutePath().getParent();
		Path temporary;
		try {
			temporary = Files.createTempFile(folder, "." + file.getFileName(), ".part");
		} catch (AccessDeniedException e) {
			throw new IOException("Cannot write in " + folder + ": permission denied.", e);
		} catch (FileSystemException e) {
			throw new IOException("Cannot write in " + folder + ": "
					+ (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()) + ".", e);
		}
		try {
			ImageLoader loader = new ImageLoader();
			loader.data = new ImageData[] { grid };
			try (OutputStream out = Files.newOutputStream(temporary)) {
				loader.save(out, SWT.IMAGE_PNG);
			} catch (SWTException e) {
				throw new IOException("Cannot encode the PNG: " + e.getMessage(), e);
			}
			try {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			} catch (FileSystemException e) {
				throw new IOException("Cannot write " + file + ": "
						+ (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()) + ".", e);
			}
		} finally {
			Files.deleteIfExists(temporary);
		}
	}
}
