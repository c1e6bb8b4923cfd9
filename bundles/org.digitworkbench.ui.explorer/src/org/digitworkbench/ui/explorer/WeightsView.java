package org.digitworkbench.ui.explorer;

import java.util.Locale;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

/**
 * Draws {@link WeightTiles} as a grid of small images on a diverging colour map: blue below zero, white at zero,
 * red above; each tile scaled to its own largest |w| so every unit's pattern is visible. Hovering a tile tells its
 * unit and range. The tiles are one image (a strip, one pixel per weight), drawn enlarged without smoothing.
 */
final class WeightsView {

	private static final RGB NEGATIVE = new RGB(33, 102, 172);
	private static final RGB ZERO = new RGB(247, 247, 247);
	private static final RGB POSITIVE = new RGB(178, 24, 43);

	private final Composite control;
	private final Label caption;
	private final Canvas canvas;
	private WeightTiles tiles;
	private Image strip;

	WeightsView(Composite parent) {
		control = new Composite(parent, SWT.NONE);
		GridLayout layout = new GridLayout(1, false);
		layout.marginWidth = 0;
		layout.marginHeight = 0;
		control.setLayout(layout);
		caption = new Label(control, SWT.WRAP);
		caption.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		canvas = new Canvas(control, SWT.DOUBLE_BUFFERED);
		canvas.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		canvas.addPaintListener(e -> paint(e.gc));
		canvas.addListener(SWT.MouseMove, e -> hover(e.x, e.y));
		canvas.addListener(SWT.Resize, e -> canvas.redraw());
		control.addDisposeListener(e -> disposeStrip());
	}

	Composite control() {
		return control;
	}

	void showMessage(String message) {
		tiles = null;
		disposeStrip();
		caption.setText(message);
		canvas.setToolTipText(null);
		control.layout(true);
		canvas.redraw();
	}

	void show(String modelName, WeightTiles weights) {
		tiles = weights;
		disposeStrip();
		strip = new Image(canvas.getDisplay(), stripData(weights));
		String what = weights.channels() == 1 ? "" : ", averaged over " + weights.channels() + " input channels";
		String which = weights.count() == weights.units() ? "all " + weights.units()
				: "the first " + weights.count() + " of " + weights.units();
		caption.setText(String.format(Locale.ROOT, "%s: %s %s \u2014 %s %ss as %d\u00d7%d tiles%s. "
				+ "Blue < 0 < red, each tile scaled to its largest |w|.", modelName, weights.parameter(), weights.shape(),
				which, weights.unitWord(), weights.width(), weights.height(), what));
		control.layout(true);
		canvas.redraw();
	}

	/** The tiles side by side, one pixel per weight. */
	static ImageData stripData(WeightTiles weights) {
		ImageData data = new ImageData(weights.count() * weights.width(), weights.height(), 24,
				new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
		for (int t = 0; t < weights.count(); t++) {
			float scale = weights.maxAbs(t);
			for (int y = 0; y < weights.height(); y++) {
				for (int x = 0; x < weights.width(); x++) {
					float v = scale == 0 ? 0 : weights.value(t, x, y) / scale;
					data.setPixel(t * weights.width() + x, y, colour(v));
				}
			}
		}
		return data;
	}

	/** {@code v} in [-1, 1] on the diverging map, as a 0xRRGGBB pixel. */
	static int colour(float v) {
		float t = Math.max(-1, Math.min(1, v));
		RGB end = t < 0 ? NEGATIVE : POSITIVE;
		float a = Math.abs(t);
		int r = Math.round(ZERO.red + (end.red - ZERO.red) * a);
		int g = Math.round(ZERO.green + (end.green - ZERO.green) * a);
		int b = Math.round(ZERO.blue + (end.blue - ZERO.blue) * a);
		return r << 16 | g << 8 | b;
	}

	/** Where the tiles go in the canvas: columns, each tile's size in pixels and the gap between tiles. */
	record Grid(int columns, int rows, int tileWidth, int tileHeight, int gap) {

		int x(int tile) {
			return tile % columns * (tileWidth + gap);
		}

		int y(int tile) {
			return tile / columns * (tileHeight + gap);
		}

		/** The tile at a point, or -1 for a gap or beyond the last tile. */
		int tileAt(int px, int py, int count) {
			int column = px / (tileWidth + gap);
			int row = py / (tileHeight + gap);
			int tile = row * columns + column;
			boolean inside = column < columns && px % (tileWidth + gap) < tileWidth && py % (tileHeight + gap) < tileHeight;
			return inside && tile < count ? tile : -1;
		}
	}

	/** The columns that make the tiles largest in {@code width × height}; gaps are a sixth of a tile, at least 2 px. */
	static Grid grid(int count, int tileWidth, int tileHeight, int width, int height) {
		int bestColumns = 1;
		double bestScale = -1;
		for (int columns = 1; columns <= count; columns++) {
			int rows = (count + columns - 1) / columns;
			// tile and gap together take 7/6 of a tile
			double scale = Math.min(width / (columns * tileWidth * 7.0 / 6), height / (rows * tileHeight * 7.0 / 6));
			if (scale > bestScale) {
				bestScale = scale;
				bestColumns = columns;
			}
		}
		double scale = Math.max(1, bestScale); // never less than a pixel per weight (then the canvas clips)
		int w = (int) Math.floor(tileWidth * scale);
		int h = (int) Math.floor(tileHeight * scale);
		return new Grid(bestColumns, (count + bestColumns - 1) / bestColumns, w, h, Math.max(2, Math.min(w, h) / 6));
	}

	private void paint(GC gc) {
		if (tiles == null || strip == null) {
			return;
		}
		Point size = canvas.getSize();
		Grid grid = grid(tiles.count(), tiles.width(), tiles.height(), size.x, size.y);
		gc.setInterpolation(SWT.NONE);
		gc.setAntialias(SWT.OFF);
		for (int t = 0; t < tiles.count(); t++) {
			gc.drawImage(strip, t * tiles.width(), 0, tiles.width(), tiles.height(), grid.x(t), grid.y(t),
					grid.tileWidth(), grid.tileHeight());
		}
	}

	private void hover(int x, int y) {
		if (tiles == null) {
			return;
		}
		Point size = canvas.getSize();
		int t = grid(tiles.count(), tiles.width(), tiles.height(), size.x, size.y).tileAt(x, y, tiles.count());
		String tip = t < 0 ? null
				: String.format(Locale.ROOT, "%s %d of %d: weights %.4f \u2026 %.4f", tiles.dense() ? "Unit" : "Filter",
						t + 1, tiles.units(), tiles.min(t), tiles.max(t));
		if (!java.util.Objects.equals(tip, canvas.getToolTipText())) {
			canvas.setToolTipText(tip);
		}
	}

	private void disposeStrip() {
		if (strip != null) {
			strip.dispose();
			strip = null;
		}
	}

	/** For tests: what is drawn now. */
	WeightTiles tiles() {
		return tiles;
	}

	Rectangle stripBounds() {
		return strip == null || strip.isDisposed() ? null : strip.getBounds();
	}

	String caption() {
		return caption.getText();
	}
}
