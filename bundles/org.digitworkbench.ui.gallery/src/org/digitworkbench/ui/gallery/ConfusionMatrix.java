package org.digitworkbench.ui.gallery;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

import org.digitworkbench.app.FocusRing;
import org.eclipse.swt.SWT;
import org.eclipse.swt.accessibility.AccessibleAdapter;
import org.eclipse.swt.accessibility.AccessibleEvent;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.graphics.Transform;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;

/**
 * The confusion matrix as a heat map on a {@link Canvas}: true classes in rows, predicted classes in columns, the
 * count in every cell. Correct predictions (the diagonal) are blue, darker for a higher recall; mistakes are red,
 * darker for more images on a logarithmic scale, so that a single mistake is visible beside a thousand correct
 * images. Clicking a cell, a row header or a column header selects it; the corner selects everything. The arrow keys
 * move a focus cell, Enter or Space selects it, Escape selects everything.
 */
final class ConfusionMatrix {

	private static final int PAD = 4;

	/** Where the pointer is: a cell, a row header (column −1), a column header (row −1) or the corner (both −1). */
	record Target(int row, int column) {
		static final Target CORNER = new Target(-1, -1);
	}

	/** Positions of the parts, in canvas coordinates; worked out from the canvas size and the fonts. */
	record Geometry(int left, int top, int cellWidth, int cellHeight, int rowLabelWidth, int columnLabelHeight, boolean rotatedColumns,
			int titleHeight, int legendTop) {
	}

	private final Canvas canvas;
	private final Palette palette;
	private final Font countFont;
	/** For counts too wide for {@link #countFont} in small cells (the diagonal's thousands). */
	private final Font narrowCountFont;
	private final Consumer<MatrixSelection> onSelect;
	private final Consumer<String> onHover;

	private int[][] confusion;
	private List<String> names = List.of();
	private int classes;
	private int maxMistakes;
	private MatrixSelection selection = MatrixSelection.ALL;
	private Target hover;
	private int focusRow;
	private int focusColumn;
	private Geometry geometry;

	ConfusionMatrix(Composite parent, Consumer<MatrixSelection> onSelect, Consumer<String> onHover) {
		this.onSelect = onSelect;
		this.onHover = onHover;
		canvas = new Canvas(parent, SWT.DOUBLE_BUFFERED | SWT.NO_BACKGROUND);
		palette = new Palette(canvas);
		FontData data = canvas.getFont().getFontData()[0];
		countFont = new Font(canvas.getDisplay(), data.getName(), Math.max(7, Math.round(data.getHeight() * 0.85f)),
				SWT.NORMAL);
		narrowCountFont = new Font(canvas.getDisplay(), data.getName(), Math.max(6, Math.round(data.getHeight() * 0.7f)),
				SWT.NORMAL);
		canvas.addDisposeListener(e -> {
			countFont.dispose();
			narrowCountFont.dispose();
		});
		canvas.addListener(SWT.Paint, e -> paint(e.gc));
		canvas.addListener(SWT.Resize, e -> {
			geometry = null;
			canvas.redraw();
		});
		canvas.addListener(SWT.MouseMove, e -> hover(targetAt(e.x, e.y)));
		canvas.addListener(SWT.MouseExit, e -> hover(null));
		canvas.addListener(SWT.MouseDown, e -> {
			if (e.button == 1) {
				canvas.setFocus();
				click(targetAt(e.x, e.y));
			}
		});
		canvas.addListener(SWT.Traverse, e -> {
			switch (e.detail) {
			case SWT.TRAVERSE_TAB_NEXT, SWT.TRAVERSE_TAB_PREVIOUS -> e.doit = true;
			case SWT.TRAVERSE_RETURN, SWT.TRAVERSE_ESCAPE, SWT.TRAVERSE_ARROW_NEXT, SWT.TRAVERSE_ARROW_PREVIOUS -> e.doit = false;
			default -> {
				// leave the others to SWT
			}
			}
		});
		canvas.addListener(SWT.KeyDown, this::key);
		canvas.addListener(SWT.FocusIn, e -> {
			canvas.redraw();
			announceFocus();
		});
		canvas.addListener(SWT.FocusOut, e -> canvas.redraw());
		canvas.getAccessible().addAccessibleListener(new AccessibleAdapter() {
			@Override
			public void getName(AccessibleEvent e) {
				e.result = confusion == null ? "Confusion matrix (no evaluation yet)"
						: "Confusion matrix. " + describe(new Target(focusRow, focusColumn));
			}
		});
	}

	Canvas control() {
		return canvas;
	}

	void setInput(int[][] confusion, List<String> classNames) {
		this.confusion = confusion;
		this.names = List.copyOf(classNames);
		this.classes = classNames.size();
		maxMistakes = 0;
		for (int t = 0; t < classes; t++) {
			for (int p = 0; p < classes; p++) {
				if (t != p) {
					maxMistakes = Math.max(maxMistakes, confusion[t][p]);
				}
			}
		}
		focusRow = Math.min(focusRow, classes - 1);
		focusColumn = Math.min(focusColumn, classes - 1);
		selection = MatrixSelection.ALL;
		hover = null;
		geometry = null;
		canvas.redraw();
	}

	void setSelection(MatrixSelection selection) {
		this.selection = Objects.requireNonNull(selection);
		canvas.redraw();
	}

	/** Centre of cell (true {@code row}, predicted {@code column}) in canvas coordinates. */
	Point cellCenter(int row, int column) {
		Geometry g = geometry();
		return new Point(g.left + column * g.cellWidth + g.cellWidth / 2, g.top + row * g.cellHeight + g.cellHeight / 2);
	}

	/** Where the cell is filled (a pixel of the matrix's grid lies right and below it). */
	Rectangle cellBounds(int row, int column) {
		Geometry g = geometry();
		return new Rectangle(g.left + column * g.cellWidth, g.top + row * g.cellHeight, g.cellWidth - 1,
				g.cellHeight - 1);
	}

	Point rowHeaderCenter(int row) {
		Geometry g = geometry();
		return new Point(g.left - g.rowLabelWidth / 2, g.top + row * g.cellHeight + g.cellHeight / 2);
	}

	Point columnHeaderCenter(int column) {
		Geometry g = geometry();
		return new Point(g.left + column * g.cellWidth + g.cellWidth / 2, g.top - g.columnLabelHeight / 2);
	}

	/** Background of cell (row, column) as painted. */
	RGB cellColor(int row, int column) {
		int count = confusion[row][column];
		if (count == 0) {
			return Palette.blend(canvas.getBackground().getRGB(), canvas.getForeground().getRGB(), 0.07);
		}
		if (row == column) {
			int support = 0;
			for (int p = 0; p < classes; p++) {
				support += confusion[row][p];
			}
			double recall = (double) count / support;
			return Palette.blue(0.2 + 0.8 * Math.max(0, Math.min(1, (recall - 0.5) / 0.5)));
		}
		return Palette.red(0.15 + 0.85 * Math.log1p(count) / Math.log1p(maxMistakes));
	}

	Target targetAt(int x, int y) {
		if (confusion == null) {
			return null;
		}
		Geometry g = geometry();
		boolean inColumns = x >= g.left && x < g.left + classes * g.cellWidth;
		boolean inRows = y >= g.top && y < g.top + classes * g.cellHeight;
		if (inColumns && inRows) {
			return new Target((y - g.top) / g.cellHeight, (x - g.left) / g.cellWidth);
		}
		if (inColumns && y >= g.top - g.columnLabelHeight && y < g.top) {
			return new Target(-1, (x - g.left) / g.cellWidth);
		}
		if (inRows && x >= g.left - g.rowLabelWidth && x < g.left) {
			return new Target((y - g.top) / g.cellHeight, -1);
		}
		if (x >= PAD && x < g.left && y >= PAD && y < g.top) {
			return Target.CORNER;
		}
		return null;
	}

	private void click(Target target) {
		if (target == null) {
			return;
		}
		if (target.row >= 0 && target.column >= 0) {
			focusRow = target.row;
			focusColumn = target.column;
		}
		select(selectionFor(target));
	}

	private static MatrixSelection selectionFor(Target target) {
		if (target.row >= 0 && target.column >= 0) {
			return MatrixSelection.cell(target.row, target.column);
		} else if (target.row >= 0) {
			return MatrixSelection.row(target.row);
		} else if (target.column >= 0) {
			return MatrixSelection.column(target.column);
		}
		return MatrixSelection.ALL;
	}

	private void select(MatrixSelection chosen) {
		setSelection(chosen);
		onSelect.accept(chosen);
	}

	private void key(Event e) {
		if (confusion == null) {
			return;
		}
		switch (e.keyCode) {
		case SWT.ARROW_UP -> focusRow = Math.max(0, focusRow - 1);
		case SWT.ARROW_DOWN -> focusRow = Math.min(classes - 1, focusRow + 1);
		case SWT.ARROW_LEFT -> focusColumn = Math.max(0, focusColumn - 1);
		case SWT.ARROW_RIGHT -> focusColumn = Math.min(classes - 1, focusColumn + 1);
		case SWT.HOME -> focusColumn = 0;
		case SWT.END -> focusColumn = classes - 1;
		case SWT.CR, SWT.KEYPAD_CR, ' ' -> select(MatrixSelection.cell(focusRow, focusColumn));
		case SWT.ESC -> select(MatrixSelection.ALL);
		default -> {
			if (e.character == 'r' || e.character == 'R') {
				select(MatrixSelection.row(focusRow));
			} else if (e.character == 'c' || e.character == 'C') {
				select(MatrixSelection.column(focusColumn));
			}
			return;
		}
		}
		announceFocus();
		canvas.redraw();
	}

	private void announceFocus() {
		if (confusion != null) {
			onHover.accept(describe(new Target(focusRow, focusColumn)));
		}
	}

	private void hover(Target target) {
		if (Objects.equals(target, hover)) {
			return;
		}
		hover = target;
		String text = target == null ? null : describe(target);
		canvas.setToolTipText(text);
		onHover.accept(text);
		canvas.redraw();
	}

	/** What a target holds, for the tooltip, the status line and screen readers. */
	String describe(Target target) {
		if (target.row >= 0 && target.column >= 0) {
			return "true " + names.get(target.row) + " \u2192 predicted " + names.get(target.column) + ": "
					+ images(confusion[target.row][target.column]);
		}
		int total = 0;
		int right;
		if (target.row >= 0) {
			for (int p = 0; p < classes; p++) {
				total += confusion[target.row][p];
			}
			right = confusion[target.row][target.row];
			return String.format(Locale.ROOT, "true %s: %s, %.1f %% recognised (click to show the row)",
					names.get(target.row), images(total), total == 0 ? 0 : 100.0 * right / total);
		}
		if (target.column >= 0) {
			for (int t = 0; t < classes; t++) {
				total += confusion[t][target.column];
			}
			right = confusion[target.column][target.column];
			return String.format(Locale.ROOT, "predicted %s: %s, %.1f %% of them right (click to show the column)",
					names.get(target.column), images(total), total == 0 ? 0 : 100.0 * right / total);
		}
		for (int[] row : confusion) {
			for (int c : row) {
				total += c;
			}
		}
		return "Show all " + images(total);
	}

	static String images(int count) {
		return String.format(Locale.ROOT, "%,d %s", count, count == 1 ? "image" : "images");
	}

	private Geometry geometry() {
		if (geometry == null) {
			GC gc = new GC(canvas);
			try {
				geometry = layout(gc);
			} finally {
				gc.dispose();
			}
		}
		return geometry;
	}

	private Geometry layout(GC gc) {
		Rectangle area = canvas.getClientArea();
		gc.setFont(canvas.getFont());
		int textHeight = gc.getFontMetrics().getHeight();
		int widest = gc.textExtent("true \u2193").x;
		for (String name : names) {
			widest = Math.max(widest, gc.textExtent(name).x);
		}
		int widestName = 0;
		for (String name : names) {
			widestName = Math.max(widestName, gc.textExtent(name).x);
		}
		int rowLabelWidth = widest + 2 * PAD;
		int titleHeight = textHeight + 2;
		int legendHeight = textHeight + 2 * PAD;
		int n = Math.max(1, classes);
		int columnLabelHeight = textHeight + PAD;
		int cell = fit(area, n, rowLabelWidth, titleHeight + columnLabelHeight + legendHeight);
		boolean rotated = widestName > cell - 2; // (class names longer than a digit, as in Fashion-MNIST)
		if (rotated) {
			columnLabelHeight = widestName + PAD;
			cell = fit(area, n, rowLabelWidth, titleHeight + columnLabelHeight + legendHeight);
		}
		// Cells are square unless the largest count would not fit: then they widen (up to half as wide again) where
		// the view has the room, rather than hide the diagonal's thousands.
		int cellWidth = cell;
		if (confusion != null) {
			gc.setFont(countFont);
			int largest = 0;
			for (int[] row : confusion) {
				for (int count : row) {
					largest = Math.max(largest, count);
				}
			}
			int wanted = gc.textExtent(Integer.toString(largest)).x + 4;
			int room = (area.width - rowLabelWidth - 2 * PAD) / n;
			cellWidth = Math.max(cell, Math.min(Math.min(wanted, cell * 3 / 2), room));
			gc.setFont(canvas.getFont());
		}
		int left = PAD + rowLabelWidth;
		int top = PAD + titleHeight + columnLabelHeight;
		return new Geometry(left, top, cellWidth, cell, rowLabelWidth, columnLabelHeight, rotated, titleHeight,
				top + n * cell + PAD);
	}

	private static int fit(Rectangle area, int n, int reservedWidth, int reservedHeight) {
		int byWidth = (area.width - reservedWidth - 2 * PAD) / n;
		int byHeight = (area.height - reservedHeight - 2 * PAD) / n;
		return Math.max(10, Math.min(72, Math.min(byWidth, byHeight)));
	}

	private void paint(GC gc) {
		Rectangle area = canvas.getClientArea();
		Color background = canvas.getBackground();
		Color foreground = canvas.getForeground();
		gc.setBackground(background);
		gc.fillRectangle(area);
		gc.setForeground(foreground);
		if (confusion == null) {
			return;
		}
		geometry = layout(gc);
		Geometry g = geometry;
		int width = classes * g.cellWidth;
		int height = classes * g.cellHeight;
		Color muted = palette.get(Palette.blend(foreground.getRGB(), background.getRGB(), 0.45));
		Color highlight = palette.get(Palette.blend(background.getRGB(), foreground.getRGB(), 0.12));

		// headers, with the selected or hovered row / column shaded
		gc.setForeground(foreground);
		String title = "predicted \u2192";
		gc.drawText(title, g.left + Math.max(0, (width - gc.textExtent(title).x) / 2), PAD, true);
		String corner = "true \u2193";
		Point cornerSize = gc.textExtent(corner);
		gc.drawText(corner, g.left - PAD - cornerSize.x, g.top - cornerSize.y - 2, true);
		for (int i = 0; i < classes; i++) {
			boolean rowMarked = selection.kind() == MatrixSelection.Kind.ROW && selection.trueClass() == i
					|| hover != null && hover.row == i && hover.column < 0;
			boolean columnMarked = selection.kind() == MatrixSelection.Kind.COLUMN && selection.predictedClass() == i
					|| hover != null && hover.column == i && hover.row < 0;
			if (rowMarked) {
				gc.setBackground(highlight);
				gc.fillRectangle(g.left - g.rowLabelWidth, g.top + i * g.cellHeight, g.rowLabelWidth, g.cellHeight);
			}
			if (columnMarked) {
				gc.setBackground(highlight);
				gc.fillRectangle(g.left + i * g.cellWidth, g.top - g.columnLabelHeight, g.cellWidth, g.columnLabelHeight);
			}
			String name = names.get(i);
			Point extent = gc.textExtent(name);
			gc.drawText(name, g.left - PAD - extent.x, g.top + i * g.cellHeight + (g.cellHeight - extent.y) / 2, true);
			if (g.rotatedColumns) {
				Transform rotate = new Transform(gc.getDevice());
				try {
					rotate.translate(g.left + i * g.cellWidth + (g.cellWidth - extent.y) / 2f, g.top - PAD / 2f);
					rotate.rotate(-90);
					gc.setTransform(rotate);
					gc.drawText(name, 0, 0, true);
				} finally {
					gc.setTransform(null);
					rotate.dispose();
				}
			} else {
				gc.drawText(name, g.left + i * g.cellWidth + (g.cellWidth - extent.x) / 2,
						g.top - g.columnLabelHeight + (g.columnLabelHeight - extent.y) / 2, true);
			}
		}

		// cells
		gc.setFont(countFont);
		for (int t = 0; t < classes; t++) {
			for (int p = 0; p < classes; p++) {
				int x = g.left + p * g.cellWidth;
				int y = g.top + t * g.cellHeight;
				RGB fill = cellColor(t, p);
				gc.setBackground(palette.get(fill));
				gc.fillRectangle(x, y, g.cellWidth - 1, g.cellHeight - 1);
				int count = confusion[t][p];
				String text = Integer.toString(count);
				Point extent = gc.textExtent(text);
				if (extent.x > g.cellWidth - 2) {
					gc.setFont(narrowCountFont);
					extent = gc.textExtent(text);
				}
				if (extent.x <= g.cellWidth - 2 && extent.y <= g.cellHeight) {
					gc.setForeground(count == 0 ? muted : palette.get(Palette.textOn(fill)));
					gc.drawText(text, x + (g.cellWidth - 1 - extent.x) / 2, y + (g.cellHeight - 1 - extent.y) / 2, true);
				}
				gc.setFont(countFont);
			}
		}
		gc.setFont(canvas.getFont());

		// selection, hover and keyboard focus outlines
		gc.setForeground(foreground);
		Rectangle chosen = switch (selection.kind()) {
		case CELL -> new Rectangle(g.left + selection.predictedClass() * g.cellWidth,
				g.top + selection.trueClass() * g.cellHeight, g.cellWidth, g.cellHeight);
		case ROW -> new Rectangle(g.left, g.top + selection.trueClass() * g.cellHeight, width, g.cellHeight);
		case COLUMN -> new Rectangle(g.left + selection.predictedClass() * g.cellWidth, g.top, g.cellWidth, height);
		case ALL -> null;
		};
		if (chosen != null) {
			gc.setLineWidth(2);
			gc.drawRectangle(chosen.x - 1, chosen.y - 1, chosen.width, chosen.height);
			gc.setLineWidth(1);
		}
		if (hover != null && hover.row >= 0 && hover.column >= 0) {
			gc.setLineStyle(SWT.LINE_DOT);
			gc.drawRectangle(g.left + hover.column * g.cellWidth, g.top + hover.row * g.cellHeight, g.cellWidth - 2,
					g.cellHeight - 2);
			gc.setLineStyle(SWT.LINE_SOLID);
		}
		if (canvas.isFocusControl()) {
			// on the cell's edge, inside the selection's outline around it
			FocusRing.draw(gc, cellBounds(focusRow, focusColumn), cellColor(focusRow, focusColumn));
		}
		paintLegend(gc, g, foreground);
	}

	private void paintLegend(GC gc, Geometry g, Color foreground) {
		int x = g.left;
		int y = g.legendTop;
		int swatch = gc.getFontMetrics().getHeight() - 4;
		gc.setForeground(foreground);
		for (int i = 0; i < 4; i++) {
			gc.setBackground(palette.get(Palette.blue(0.2 + 0.8 * i / 3.0)));
			gc.fillRectangle(x + i * swatch, y + 2, swatch, swatch);
		}
		x += 4 * swatch + PAD;
		String right = "right (recall)";
		gc.drawText(right, x, y, true);
		x += gc.textExtent(right).x + 3 * PAD;
		for (int i = 0; i < 4; i++) {
			gc.setBackground(palette.get(Palette.red(0.15 + 0.85 * i / 3.0)));
			gc.fillRectangle(x + i * swatch, y + 2, swatch, swatch);
		}
		x += 4 * swatch + PAD;
		gc.drawText("mistakes (log count)", x, y, true);
	}
}
