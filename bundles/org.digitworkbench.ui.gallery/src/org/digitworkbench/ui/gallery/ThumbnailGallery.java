package org.digitworkbench.ui.gallery;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntConsumer;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.training.Evaluation;
import org.digitworkbench.app.FocusRing;
import org.eclipse.swt.SWT;
import org.eclipse.swt.accessibility.AccessibleAdapter;
import org.eclipse.swt.accessibility.AccessibleEvent;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.ScrollBar;

/**
 * A virtual gallery of test images: one {@link Canvas} with a vertical scroll bar that paints only the rows in view.
 * A tile's pixels are written straight from the image set into an RGB buffer, made into an {@link Image} with its
 * caption the first time the tile comes into view, and kept in a bounded cache (a few screens' worth, the least
 * recently shown disposed first), so 10,000 images cost no more than a few hundred. Each tile shows the image as the
 * model sees it (white ink on black), a green frame when the prediction is right and a red one when it is wrong, and
 * {@code true→predicted confidence} below, by the dataset's class names.
 * <p>
 * Keyboard: the arrows, Page Up/Down, Home and End move a focus tile; Enter opens it (like a double-click).
 */
final class ThumbnailGallery {

	private static final int GAP = 6;
	private static final int FRAME = 2;
	/** Enough for a few screens of tiles at the smallest size on a large monitor. */
	private static final int MAX_TILES = 1500;
	/** How long one paint may spend rendering tiles it has not cached. */
	private static final long RENDER_BUDGET_NANOS = 15_000_000L;

	private final Canvas canvas;
	private final Palette palette;
	private final Font captionFont;
	private final IntConsumer onHover;
	private final IntConsumer onOpen;

	private Evaluation evaluation;
	private Evaluation shownEvaluation; // the evaluation the cached tiles belong to
	private ImageSet images;
	private int[] indices = new int[0];
	private int scale = 2;
	private int focus = -1; // position in indices
	private int hover = -1; // position in indices
	private String emptyText = "";

	private int tileWidth;
	private int tileHeight;
	private int captionHeight;
	private int columns = 1;

	/** Rendered tiles by image index, least recently painted first; at most {@link #MAX_TILES}, each disposed on eviction. */
	private final Map<Integer, Image> tiles = new LinkedHashMap<>(256, 0.75f, true) {
		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(Map.Entry<Integer, Image> eldest) {
			if (size() > MAX_TILES) {
				eldest.getValue().dispose();
				return true;
			}
			return false;
		}
	};
	private RGB tilesBackground;

	/** Paints so far and the time they took (for the tests' measurements). */
	int paints;
	long paintNanos;

	/**
	 * @param onHover called with the image index under the pointer or keyboard focus, −1 when none
	 * @param onOpen  called with the image index double-clicked or opened with Enter
	 */
	ThumbnailGallery(Composite parent, IntConsumer onHover, IntConsumer onOpen) {
		this.onHover = onHover;
		this.onOpen = onOpen;
		canvas = new Canvas(parent, SWT.V_SCROLL | SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND | SWT.BORDER);
		palette = new Palette(canvas);
		FontData data = canvas.getFont().getFontData()[0];
		captionFont = new Font(canvas.getDisplay(), data.getName(), Math.max(7, Math.round(data.getHeight() * 0.85f)),
				SWT.NORMAL);
		canvas.addDisposeListener(e -> {
			clearTiles();
			captionFont.dispose();
		});
		measure();
		ScrollBar bar = canvas.getVerticalBar();
		bar.addListener(SWT.Selection, e -> canvas.redraw());
		canvas.addListener(SWT.Resize, e -> relayout(false));
		canvas.addListener(SWT.Paint, e -> {
			long started = System.nanoTime();
			paint(e.gc);
			paintNanos += System.nanoTime() - started;
			paints++;
		});
		canvas.addListener(SWT.MouseMove, e -> setHover(positionAt(e.x, e.y)));
		canvas.addListener(SWT.MouseExit, e -> setHover(-1));
		canvas.addListener(SWT.MouseDown, e -> {
			canvas.setFocus();
			int position = positionAt(e.x, e.y);
			if (position >= 0) {
				setFocus(position);
			}
		});
		canvas.addListener(SWT.MouseDoubleClick, e -> {
			int position = positionAt(e.x, e.y);
			if (e.button == 1 && position >= 0) {
				onOpen.accept(indices[position]);
			}
		});
		canvas.addListener(SWT.Traverse, e -> {
			switch (e.detail) {
			case SWT.TRAVERSE_TAB_NEXT, SWT.TRAVERSE_TAB_PREVIOUS -> e.doit = true;
			case SWT.TRAVERSE_RETURN, SWT.TRAVERSE_ARROW_NEXT, SWT.TRAVERSE_ARROW_PREVIOUS, SWT.TRAVERSE_PAGE_NEXT,
					SWT.TRAVERSE_PAGE_PREVIOUS -> e.doit = false;
			default -> {
				// leave the others to SWT
			}
			}
		});
		canvas.addListener(SWT.KeyDown, this::key);
		canvas.addListener(SWT.FocusIn, e -> {
			if (focus < 0 && indices.length > 0) {
				setFocus(Math.max(0, firstVisiblePosition()));
			}
			canvas.redraw();
		});
		canvas.addListener(SWT.FocusOut, e -> canvas.redraw());
		canvas.getAccessible().addAccessibleListener(new AccessibleAdapter() {
			@Override
			public void getName(AccessibleEvent e) {
				e.result = focus < 0 ? "Prediction gallery, " + indices.length + " images"
						: "Prediction gallery, " + describe(indices[focus]);
			}
		});
	}

	Canvas control() {
		return canvas;
	}

	/** Shows {@code shown} (indices into {@code images}) from the top. */
	void setInput(Evaluation evaluation, ImageSet images, int[] shown, String emptyText) {
		this.evaluation = evaluation;
		this.images = images;
		this.indices = shown;
		this.emptyText = emptyText;
		if (evaluation != this.shownEvaluation) {
			clearTiles();
			shownEvaluation = evaluation;
			measure(); // the captions name the classes: a dataset with long names gets wider tiles
		}
		focus = -1;
		hover = -1;
		relayout(true);
	}

	int[] indices() {
		return indices.clone();
	}

	int scale() {
		return scale;
	}

	/** Thumbnail magnification: 2 or 3 pixels per image pixel. */
	void setScale(int scale) {
		if (scale != this.scale) {
			int keep = focus >= 0 ? focus : firstVisiblePosition();
			this.scale = scale;
			clearTiles();
			measure();
			relayout(false);
			if (keep >= 0) {
				reveal(keep);
			}
		}
	}

	private void measure() {
		GC gc = new GC(canvas);
		try {
			gc.setFont(captionFont);
			Point caption = gc.textExtent("8\u21928 100%");
			captionHeight = caption.y;
			int captionWidth = caption.x;
			if (evaluation != null) {
				int widestName = 0;
				for (String name : evaluation.classNames()) {
					widestName = Math.max(widestName, gc.textExtent(name).x);
				}
				captionWidth = Math.max(captionWidth, 2 * widestName + gc.textExtent("\u2192 100%").x);
			}
			int thumb = thumbSide() + 2 * FRAME;
			tileWidth = Math.max(thumb, captionWidth) + GAP;
			tileHeight = thumb + captionHeight + 2 + GAP;
		} finally {
			gc.dispose();
		}
	}

	private int thumbSide() {
		return (images == null ? 28 : Math.max(images.rows(), images.columns())) * scale;
	}

	private void relayout(boolean toTop) {
		Rectangle area = canvas.getClientArea();
		columns = Math.max(1, (area.width - GAP) / tileWidth);
		int rows = (indices.length + columns - 1) / columns;
		int contentHeight = rows * tileHeight + GAP;
		ScrollBar bar = canvas.getVerticalBar();
		int selection = toTop ? 0 : Math.min(bar.getSelection(), Math.max(0, contentHeight - area.height));
		int visible = Math.max(1, Math.min(area.height, contentHeight));
		bar.setValues(selection, 0, Math.max(contentHeight, 1), visible, Math.max(1, tileHeight / 4),
				Math.max(1, area.height - tileHeight / 2));
		bar.setEnabled(contentHeight > area.height);
		canvas.redraw();
	}

	private int leftMargin() {
		int used = columns * tileWidth;
		return Math.max(GAP, (canvas.getClientArea().width - used) / 2 + GAP / 2);
	}

	/** Position (in {@link #indices()}) of the tile at canvas point (x, y), or −1. */
	int positionAt(int x, int y) {
		int offset = canvas.getVerticalBar().getSelection();
		int column = (x - leftMargin()) / tileWidth;
		if (x < leftMargin() || column >= columns) {
			return -1;
		}
		int row = (y + offset - GAP) / tileHeight;
		if (y + offset < GAP) {
			return -1;
		}
		int position = row * columns + column;
		return position < indices.length ? position : -1;
	}

	/** Bounds of tile {@code position} in canvas coordinates at the current scroll offset. */
	Rectangle tileBounds(int position) {
		int offset = canvas.getVerticalBar().getSelection();
		int row = position / columns;
		int column = position % columns;
		return new Rectangle(leftMargin() + column * tileWidth, GAP + row * tileHeight - offset, tileWidth - GAP,
				tileHeight - GAP);
	}

	/** Scrolls so that tile {@code position} is fully in view. */
	void reveal(int position) {
		Rectangle area = canvas.getClientArea();
		ScrollBar bar = canvas.getVerticalBar();
		int top = GAP + position / columns * tileHeight;
		int offset = bar.getSelection();
		if (top - GAP < offset) {
			bar.setSelection(top - GAP);
		} else if (top + tileHeight > offset + area.height) {
			bar.setSelection(top + tileHeight - area.height);
		}
		canvas.redraw();
	}

	private int firstVisiblePosition() {
		if (indices.length == 0) {
			return -1;
		}
		int offset = canvas.getVerticalBar().getSelection();
		return Math.min(indices.length - 1, Math.max(0, (offset + tileHeight - 1 - GAP) / tileHeight) * columns);
	}

	private void setHover(int position) {
		if (position != hover) {
			hover = position;
			canvas.setToolTipText(position < 0 ? null : describe(indices[position]));
			onHover.accept(position < 0 ? (focus >= 0 ? indices[focus] : -1) : indices[position]);
			canvas.redraw();
		}
	}

	private void setFocus(int position) {
		focus = position;
		reveal(position);
		onHover.accept(indices[position]);
	}

	private void key(Event e) {
		if (indices.length == 0) {
			return;
		}
		int rowsPerPage = Math.max(1, canvas.getClientArea().height / tileHeight);
		int current = Math.max(0, focus);
		int next = switch (e.keyCode) {
		case SWT.ARROW_LEFT -> current - 1;
		case SWT.ARROW_RIGHT -> current + 1;
		case SWT.ARROW_UP -> current - columns;
		case SWT.ARROW_DOWN -> current + columns;
		case SWT.PAGE_UP -> current - rowsPerPage * columns;
		case SWT.PAGE_DOWN -> current + rowsPerPage * columns;
		case SWT.HOME -> 0;
		case SWT.END -> indices.length - 1;
		default -> Integer.MIN_VALUE;
		};
		if (next != Integer.MIN_VALUE) {
			setFocus(Math.max(0, Math.min(indices.length - 1, next)));
		} else if ((e.keyCode == SWT.CR || e.keyCode == SWT.KEYPAD_CR) && focus >= 0) {
			onOpen.accept(indices[focus]);
		}
	}

	/** One image in words: what it is, what the model said and how sure it was. */
	String describe(int image) {
		int label = evaluation.labels()[image];
		int predicted = evaluation.predicted()[image];
		return String.format(Locale.ROOT, "#%d: true %s, predicted %s (%.1f %%)%s", image,
				evaluation.classNames().get(label), evaluation.classNames().get(predicted),
				100 * evaluation.confidence(image), label == predicted ? "" : " \u2014 wrong");
	}

	/** True class, predicted class and confidence, by the dataset's class names ("7→2 53%", "Coat→Shirt 61%"). */
	static String caption(Evaluation evaluation, int image) {
		return String.format(Locale.ROOT, "%s\u2192%s %.0f%%", evaluation.classNames().get(evaluation.labels()[image]),
				evaluation.classNames().get(evaluation.predicted()[image]), 100 * evaluation.confidence(image));
	}

	private void paint(GC gc) {
		Rectangle area = canvas.getClientArea();
		Color background = canvas.getBackground();
		gc.setBackground(background);
		gc.fillRectangle(area);
		if (area.width <= 0 || area.height <= 0) {
			return;
		}
		if (indices.length == 0) {
			gc.setForeground(canvas.getForeground());
			gc.drawText(emptyText, GAP * 2, GAP * 2, true);
			return;
		}
		if (!background.getRGB().equals(tilesBackground)) {
			clearTiles(); // the theme changed: the tiles were made on another background
			tilesBackground = background.getRGB();
		}
		int offset = canvas.getVerticalBar().getSelection();
		int firstRow = Math.max(0, (offset - GAP) / tileHeight);
		int lastRow = (offset + area.height) / tileHeight;
		int first = firstRow * columns;
		int last = Math.min(indices.length - 1, (lastRow + 1) * columns - 1);
		// New tiles are rendered for at most RENDER_BUDGET_NANOS per paint; the rest show as empty frames until the next
		// paint, asked for at once, so a screenful of new tiles never holds the UI thread in one piece.
		long renderUntil = System.nanoTime() + RENDER_BUDGET_NANOS;
		boolean incomplete = false;
		for (int position = first; position <= last; position++) {
			Rectangle tile = tileBounds(position);
			int image = indices[position];
			if (tiles.containsKey(image) || System.nanoTime() < renderUntil) {
				gc.drawImage(tile(image), tile.x, tile.y);
			} else {
				incomplete = true;
				gc.setForeground(palette.get(Palette.blend(tilesBackground, canvas.getForeground().getRGB(), 0.2)));
				int side = thumbSide() + 2 * FRAME;
				gc.drawRectangle(tile.x + (tile.width - side) / 2, tile.y, side - 1, side - 1);
			}
		}
		if (incomplete) {
			canvas.getDisplay().asyncExec(() -> {
				if (!canvas.isDisposed()) {
					canvas.redraw();
				}
			});
		}
		gc.setForeground(canvas.getForeground());
		if (hover >= 0 && hover >= first && hover <= last) {
			Rectangle tile = tileBounds(hover);
			gc.setLineStyle(SWT.LINE_DOT);
			gc.drawRectangle(tile.x - 2, tile.y - 2, tile.width + 3, tile.height + 3);
			gc.setLineStyle(SWT.LINE_SOLID);
		}
		if (focus >= 0 && focus >= first && focus <= last) {
			Rectangle tile = tileBounds(focus);
			if (canvas.isFocusControl()) {
				FocusRing.draw(gc, new Rectangle(tile.x - 3, tile.y - 3, tile.width + 5, tile.height + 5), tilesBackground);
			} else { // where the keys will go: a quiet line, so that the ring's coming stands out (3:1 and more)
				gc.setForeground(palette.get(Palette.blend(tilesBackground, canvas.getForeground().getRGB(), 0.25)));
				gc.drawRectangle(tile.x - 2, tile.y - 2, tile.width + 3, tile.height + 3);
			}
		}
	}

	/**
	 * The rendered tile of one image — frame, thumbnail and caption — made the first time it scrolls into view and kept
	 * in a bounded cache, so that scrolling back and forth only copies pixels.
	 */
	private Image tile(int image) {
		Image cached = tiles.get(image);
		if (cached != null) {
			return cached;
		}
		int width = tileWidth - GAP;
		int height = tileHeight - GAP;
		boolean right = evaluation.labels()[image] == evaluation.predicted()[image];
		RGB verdict = Palette.verdict(right, tilesBackground);
		ImageData data = new ImageData(width, height, 24, new PaletteData(0xff0000, 0x00ff00, 0x0000ff));
		fill(data, 0, 0, width, height, tilesBackground);
		int side = thumbSide() + 2 * FRAME;
		int x = (width - side) / 2;
		fill(data, x, 0, side, side, verdict);
		drawThumbnail(data, image, x + FRAME, FRAME);
		Image tile = new Image(canvas.getDisplay(), data);
		GC gc = new GC(tile);
		try {
			gc.setFont(captionFont);
			gc.setForeground(palette.get(verdict));
			String caption = caption(evaluation, image);
			Point extent = gc.textExtent(caption);
			gc.drawText(caption, (width - extent.x) / 2, side + 1, true);
		} finally {
			gc.dispose();
		}
		tiles.put(image, tile);
		return tile;
	}

	private void clearTiles() {
		tiles.values().forEach(Image::dispose);
		tiles.clear();
	}

	/** Fills a clipped rectangle of a 24-bit R,G,B buffer. */
	private static void fill(ImageData buffer, int x, int y, int width, int height, RGB rgb) {
		int x0 = Math.max(0, x);
		int x1 = Math.min(buffer.width, x + width);
		int y0 = Math.max(0, y);
		int y1 = Math.min(buffer.height, y + height);
		if (x0 >= x1) {
			return;
		}
		byte r = (byte) rgb.red;
		byte g = (byte) rgb.green;
		byte b = (byte) rgb.blue;
		byte[] data = buffer.data;
		for (int row = y0; row < y1; row++) {
			int at = row * buffer.bytesPerLine + x0 * 3;
			for (int col = x0; col < x1; col++) {
				data[at++] = r;
				data[at++] = g;
				data[at++] = b;
			}
		}
	}

	/** Writes image {@code image}, enlarged {@link #scale} times, at (x, y): grey level = ink, on black. */
	private void drawThumbnail(ImageData buffer, int image, int x, int y) {
		byte[] pixels = images.pixelData();
		int rows = images.rows();
		int cols = images.columns();
		int base = image * images.pixelsPerImage();
		byte[] data = buffer.data;
		for (int py = 0; py < rows * scale; py++) {
			int row = y + py;
			if (row < 0 || row >= buffer.height) {
				continue;
			}
			int source = base + py / scale * cols;
			int at = row * buffer.bytesPerLine;
			for (int px = 0; px < cols * scale; px++) {
				int column = x + px;
				if (column < 0 || column >= buffer.width) {
					continue;
				}
				byte grey = pixels[source + px / scale];
				int i = at + column * 3;
				data[i] = grey;
				data[i + 1] = grey;
				data[i + 2] = grey;
			}
		}
	}
}
