package org.digitworkbench.ui.gallery;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.files.AtomicFile;
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
 * The gallery's selection as one PNG, like the old training script's {@code predictions.png}: a title line naming
 * the model, the dataset and what the captions mean, then a grid of thumbnails (white ink on black, as the model sees
 * them) on white, each captioned {@code true/predicted} and, where the tiles are wide enough, the model's confidence,
 * in green when right and red when wrong. The captions are rendered once per distinct text on the UI thread ({@link #captions}); the grid
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

	/** Rendered captions, by text, all {@code height} pixels high, and the rendered title line. */
	record Captions(Map<String, ImageData> images, int height, ImageData title) {
	}

	/** The title line: which model, on what, and how to read the captions. */
	static String title(Evaluation evaluation, String modelName, int count) {
		return String.format(java.util.Locale.ROOT, "%s on %s: %d images; captions true/predicted%s (green right, red wrong)",
				modelName, evaluation.datasetId(), count, withConfidence(count) ? " confidence" : "");
	}

	/** Tiles are wide enough for the confidence at the ×2 scale (up to 400 images). */
	static boolean withConfidence(int count) {
		return Layout.of(count, 28, 28, 0).scale() >= 2;
	}

	private PngGrid() {
	}

	static String caption(Evaluation evaluation, int image) {
		return evaluation.labels()[image] + "/" + evaluation.predicted()[image];
	}

	/** "5/9 43%" where the tiles have room for the confidence, else "5/9". */
	static String caption(Evaluation evaluation, int image, boolean confidence) {
		if (!confidence) {
			return caption(evaluation, image);
		}
		return caption(evaluation, image) + " " + Math.round(100 * evaluation.probability(image,
				evaluation.predicted()[image])) + "%";
	}

	/** Renders every caption {@code shown} needs, once each; on the UI thread (it draws text with a GC). */
	static Captions captions(Device device, Font font, Evaluation evaluation, int[] shown, String title) {
		boolean confidence = withConfidence(shown.length);
		Map<String, Boolean> texts = new HashMap<>();
		for (int image : shown) {
			texts.put(caption(evaluation, image, confidence), evaluation.labels()[image] == evaluation.predicted()[image]);
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
		ImageData titleImage;
		try {
			for (Map.Entry<String, Boolean> text : texts.entrySet()) {
				rendered.put(text.getKey(), render(device, font, text.getKey(), height, paper, text.getValue() ? right : wrong));
			}
			titleImage = render(device, font, title, height, paper, device.getSystemColor(SWT.COLOR_BLACK));
		} finally {
			paper.dispose();
			right.dispose();
			wrong.dispose();
		}
		return new Captions(rendered, height, titleImage);
	}

	private static ImageData render(Device device, Font font, String text, int height, Color paper, Color ink) {
		Image image = new Image(device, Math.max(1, text.length() * height), height);
		try {
			GC gc = new GC(image);
			try {
				gc.setFont(font);
				gc.setBackground(paper);
				gc.fillRectangle(0, 0, image.getBounds().width, height);
				gc.setForeground(ink);
				gc.setAntialias(SWT.ON);
				gc.drawText(text, 0, 0, true);
				int width = gc.textExtent(text).x;
				ImageData data = image.getImageData();
				return crop(data, Math.min(width, data.width), height);
			} finally {
				gc.dispose();
			}
		} finally {
			image.dispose();
		}
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
		ImageData title = captions.title();
		int top = title.height + 2 * PAD; // the title line above the tiles
		// a width in whole 4-pixel steps: rows of 24-bit pixels then need no padding, which SWT's PNG encoder (3.135)
		// does not skip (an odd width came out sheared)
		int gridWidth = Math.max(layout.width(), (title.width + 2 * PAD + 3) / 4 * 4);
		ImageData grid = new ImageData(gridWidth, layout.height() + top, 24,
				new PaletteData(0xff0000, 0x00ff00, 0x0000ff));
		java.util.Arrays.fill(grid.data, (byte) 0xff);
		for (int y = 0; y < title.height; y++) {
			System.arraycopy(title.data, y * title.bytesPerLine, grid.data, (PAD + y) * grid.bytesPerLine + PAD * 3,
					title.width * 3);
		}
		boolean confidence = withConfidence(shown.length);
		byte[] pixels = images.pixelData();
		for (int k = 0; k < shown.length; k++) {
			if (progress.isCanceled()) {
				throw new OperationCanceledException();
			}
			int image = shown[k];
			Point origin = layout.thumbOrigin(k);
			origin.y += top;
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
			ImageData caption = captions.images().get(caption(evaluation, image, confidence));
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
	 * Writes {@code grid} as a PNG to {@code file} through {@link AtomicFile} (a hidden temporary beside it, renamed
	 * onto it when complete, swept if the process dies meanwhile; a new file gets the user's normal mode).
	 *
	 * @throws IOException with a message that names the file and the reason
	 */
	static void write(ImageData grid, Path file) throws IOException {
		ImageLoader loader = new ImageLoader();
		loader.data = new ImageData[] { grid };
		try {
			AtomicFile.write(file, out -> {
				try {
					loader.save(out, SWT.IMAGE_PNG);
				} catch (SWTException e) {
					throw new IOException("Cannot encode the PNG: " + e.getMessage(), e);
				}
			});
		} catch (AccessDeniedException e) {
			throw new IOException("Cannot write " + file + ": permission denied.", e);
		} catch (NoSuchFileException e) {
			throw new IOException("Cannot write " + file + ": the folder " + file.toAbsolutePath().getParent()
					+ " does not exist.", e);
		} catch (FileSystemException e) {
			throw new IOException("Cannot write " + file + ": "
					+ (e.getReason() != null ? e.getReason() : e.getClass().getSimpleName()) + ".", e);
		}
	}
}
