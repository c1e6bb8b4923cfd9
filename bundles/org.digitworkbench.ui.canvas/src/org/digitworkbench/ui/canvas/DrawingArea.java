package org.digitworkbench.ui.canvas;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

import org.digitworkbench.app.FocusRing;
import org.digitworkbench.preprocess.InkImage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

/**
 * The 280×280 paper: strokes drawn with the mouse (each kept with its pen width, so Undo can take the last away), a
 * picture opened from elsewhere that strokes draw over, and the same ink as the model gets it ({@link #render()}),
 * drawn segment by segment into an {@link InkRaster} as the mouse moves.
 */
final class DrawingArea {

	static final int SIZE = 280;
	private static final RGB PAPER = new RGB(255, 255, 255);

	/** One stroke: the pen width and the points it passed through, in canvas coordinates. */
	record Stroke(int width, List<Point> points) {
	}

	private final Canvas canvas;
	private final CanvasSession session;
	private final List<Stroke> strokes;
	private final InkRaster raster = new InkRaster(SIZE);
	private Stroke current;
	private InkImage background; // a picture opened from elsewhere (e.g. the gallery) that strokes draw over
	private float[] backgroundInk; // the same, enlarged to the canvas

	/**
	 * @param penWidth the width a new stroke gets
	 * @param changed  runs after every change of the ink (each stroke segment, clear, undo, an opened picture) and at
	 *                 the end of each stroke
	 */
	DrawingArea(Composite parent, CanvasSession session, IntSupplier penWidth, Runnable changed) {
		this.session = session;
		this.strokes = session.strokes;
		canvas = new Canvas(parent, SWT.BORDER | SWT.DOUBLE_BUFFERED);
		GridData data = new GridData(SWT.LEFT, SWT.TOP, false, false);
		data.widthHint = SIZE;
		data.heightHint = SIZE;
		canvas.setLayoutData(data);
		canvas.setBackground(canvas.getDisplay().getSystemColor(SWT.COLOR_WHITE));
		canvas.addPaintListener(e -> paint(e.gc));
		// the paper takes keys (a digit teaches, Esc clears): its ring shows when it has them
		canvas.addListener(SWT.FocusIn, e -> canvas.redraw());
		canvas.addListener(SWT.FocusOut, e -> canvas.redraw());
		canvas.addListener(SWT.MouseDown, e -> {
			current = new Stroke(penWidth.getAsInt(), new ArrayList<>(List.of(new Point(e.x, e.y))));
			strokes.add(current);
			raster.segment(e.x, e.y, e.x, e.y, current.width());
			changed.run();
		});
		canvas.addListener(SWT.MouseMove, e -> {
			if (current != null) {
				Point last = current.points().get(current.points().size() - 1);
				current.points().add(new Point(e.x, e.y));
				raster.segment(last.x, last.y, e.x, e.y, current.width());
				changed.run();
			}
		});
		canvas.addListener(SWT.MouseUp, e -> {
			if (current != null) {
				current = null;
				changed.run(); // the stroke ended: what waits for a whole stroke (the explanation) runs now
			}
		});
		setBackground(session.background); // a reopened view shows the drawing it had
		replay();
	}

	Canvas control() {
		return canvas;
	}

	/** Whether a stroke is being drawn (the mouse button is down). */
	boolean drawing() {
		return current != null;
	}

	int strokeCount() {
		return strokes.size();
	}

	/** Removes every stroke and any opened picture. */
	void clear() {
		strokes.clear();
		raster.clear();
		setBackground(null);
	}

	/** Takes the last stroke away; with none left, the opened picture. */
	void undo() {
		if (strokes.isEmpty()) {
			setBackground(null);
			return;
		}
		strokes.remove(strokes.size() - 1);
		replay();
	}

	/** Draws the strokes into the raster again. */
	private void replay() {
		raster.clear();
		for (Stroke stroke : strokes) {
			List<Point> points = stroke.points();
			for (int i = 0; i < points.size(); i++) {
				Point from = points.get(Math.max(0, i - 1));
				raster.segment(from.x, from.y, points.get(i).x, points.get(i).y, stroke.width());
			}
		}
	}

	/** Shows {@code image} to draw over, instead of the strokes. */
	void open(InkImage image) {
		strokes.clear();
		raster.clear();
		setBackground(image);
	}

	/** The strokes (and any opened picture) as ink, drawn the way they are shown. */
	InkImage render() {
		return new InkImage(SIZE, SIZE, raster.snapshot(backgroundInk));
	}

	/** A picture to draw over, enlarged to the canvas block by block as it is painted. */
	private void setBackground(InkImage image) {
		background = image;
		session.background = image;
		if (image == null) {
			backgroundInk = null;
			return;
		}
		backgroundInk = new float[SIZE * SIZE];
		int cellX = Math.max(1, SIZE / image.width());
		int cellY = Math.max(1, SIZE / image.height());
		for (int y = 0; y < SIZE; y++) {
			for (int x = 0; x < SIZE; x++) {
				int sx = Math.min(image.width() - 1, x / cellX);
				int sy = Math.min(image.height() - 1, y / cellY);
				backgroundInk[y * SIZE + x] = image.at(sx, sy) > 0.02f ? image.at(sx, sy) : 0;
			}
		}
	}

	private void paint(GC gc) {
		gc.setAntialias(SWT.ON);
		// white paper and black ink in every theme (a dark theme's CSS would otherwise paint the paper dark)
		gc.setBackground(new Color(PAPER));
		gc.fillRectangle(canvas.getClientArea());
		if (background != null) {
			for (int y = 0; y < background.height(); y++) {
				for (int x = 0; x < background.width(); x++) {
					float v = background.at(x, y);
					if (v > 0.02f) {
						int grey = Math.round(255 * (1 - v));
						Color color = new Color(grey, grey, grey);
						gc.setBackground(color);
						int cell = SIZE / background.width();
						gc.fillRectangle(x * cell, y * cell, cell, cell);
					}
				}
			}
		}
		gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_BLACK));
		gc.setBackground(gc.getDevice().getSystemColor(SWT.COLOR_BLACK));
		gc.setLineCap(SWT.CAP_ROUND);
		gc.setLineJoin(SWT.JOIN_ROUND);
		for (Stroke stroke : strokes) {
			gc.setLineWidth(stroke.width());
			List<Point> points = stroke.points();
			if (points.size() == 1) {
				Point p = points.get(0);
				gc.fillOval(p.x - stroke.width() / 2, p.y - stroke.width() / 2, stroke.width(), stroke.width());
			}
			for (int i = 1; i < points.size(); i++) {
				gc.drawLine(points.get(i - 1).x, points.get(i - 1).y, points.get(i).x, points.get(i).y);
			}
		}
		if (canvas.isFocusControl()) {
			// on the screen only: the model reads the raster, never these pixels
			FocusRing.draw(gc, canvas.getClientArea(), PAPER);
		}
	}
}
