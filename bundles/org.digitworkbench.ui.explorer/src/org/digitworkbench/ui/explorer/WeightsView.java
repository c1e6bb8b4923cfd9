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
	private static final int GAP = 3;

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
		caption.setText(String.format(Locale.ROOT, "%s: %s %s \u2014 the first %d of %d %s as %d\u00d7%d tiles%s. "
				+ "Blue < 0 < red, each tile scaled to its largest |w|.", modelName, weights.parameter(), weights.shape(),
				weights.count(), weights.units(), weights.unitWord() + "s",
				weights.width(), weights.height(), what));
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

	/** Where the tiles go in the canvas: columns and the enlargement that makes them largest. */
	record Grid(int columns, int rows, int scale) {
	}

	static Grid grid(int count, int tileWidth, int tileHeight, int width, int height) {
		Grid best = new Grid(count, 1, 1);
		double bestScale = -1;
		for (int columns = 1; columns <= count; columns++) {
			int rows = (count + columns - 1) / columns;
			double sx = (width - GAP * (columns - 1)) / (double) (columns * tileWidth);
			double sy = (height - GAP * (rows - 1)) / (double) (rows * tileHeight);
			double scale = Math.min(sx, sy);
			if (scale > bestScale) {
				bestScale = scale;
				best = new Grid(columns, rows, Math.max(1, (int) Math.floor(scale)));
			}
		}
		return best;
	}

	private void paint(GC gc) {
		if (tiles == null || strip == null) {
			return;
		}
		Point size = canvas.getSize();
		Grid grid = grid(tiles.count(), tiles.width(), tiles.height(), size.x, size.y);
		gc.setInterpolation(SWT.NONE);
		gc.setAntialias(SWT.OFF);
		int w = tiles.width() * grid.scale();
		int h = tiles.height() * grid.scale();
		for (int t = 0; t < tiles.count(); t++) {
			int x = t % grid.columns() * (w + GAP);
			int y = t / grid.columns() * (h + GAP);
			gc.drawImage(strip, t * tiles.width(), 0, tiles.width(), tiles.height(), x, y, w, h);
		}
	}

	private void hover(int x, int y) {
		if (tiles == null) {
			return;
		}
		Point size = canvas.getSize();
		Grid grid = grid(tiles.count(), tiles.width(), tiles.height(), size.x, size.y);
		int w = tiles.width() * grid.scale();
		int h = tiles.height() * grid.scale();
		int column = x / (w + GAP);
		int row = y / (h + GAP);
		int t = row * grid.columns() + column;
		String tip = null;
		if (column < grid.columns() && x % (w + GAP) < w && y % (h + GAP) < h && t < tiles.count()) {
			tip = String.format(Locale.ROOT, "%s %d of %d: weights %.4f \u2026 %.4f",
					tiles.dense() ? "Unit" : "Filter", t + 1, tiles.units(), tiles.min(t),
					tiles.max(t));
		}
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
