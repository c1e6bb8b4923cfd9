package org.digitworkbench.ui.training;

import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ISeries;

/**
 * Fits a chart's furniture to its size, so that what is shown is whole and the plot keeps room: the longest title
 * that fits the width (the chart's data {@link #TITLES}, longest first), the legend only where its entries fit in
 * one row (the plot's tooltip names the curves too), the x axis's title only where the plot stays at least
 * {@link #MIN_PLOT_HEIGHT} tall with it. At 1024×700 a console chart is ≈ 140×150 px: with everything shown its
 * plot was 40 px tall, its title was cut ("oss (cross-entrop") and its axis read only "0.00".
 * <p>
 * Tick labels never overlap: SWTChart puts them at least the tick step hint apart (the x labels here are at most
 * 4 characters, narrower than its 64 px), and the y axis's hint ({@link #Y_TICK_STEP}) is twice a label's height.
 */
final class ChartFit {

	/** Chart data key: the titles to choose from, a {@code String[]}, longest first. */
	static final String TITLES = "org.digitworkbench.ui.training.titles";
	static final int MIN_PLOT_HEIGHT = 80;
	static final int Y_TICK_STEP = 30;
	/** A legend entry's symbol and gaps beside its text, as SWTChart draws it. */
	private static final int LEGEND_ENTRY_EXTRA = 30;
	/** What SWTChart keeps around the title, the axes' labels and the legend (margins and padding), per row. */
	private static final int ROW_PADDING = 6;

	private ChartFit() {
	}

	static void fit(Chart chart) {
		if (chart.isDisposed()) {
			return;
		}
		Point size = chart.getSize();
		if (size.x <= 0 || size.y <= 0) {
			return;
		}
		boolean changed = false;
		String title = title(chart, size.x);
		if (!title.equals(chart.getTitle().getText())) {
			chart.getTitle().setText(title);
			changed = true;
		}
		int row = textHeight(chart, chart.getTitle().getFont()) + ROW_PADDING;
		int plot = size.y - 2 * row; // the title and the x axis's tick labels are always shown
		boolean legend = legendFitsOneRow(chart, size.x);
		if (legend) {
			plot -= row;
		}
		IAxis x = chart.getAxisSet().getXAxis(0);
		boolean xTitle = plot - row >= MIN_PLOT_HEIGHT;
		if (xTitle) {
			plot -= row;
		}
		if (legend && plot < MIN_PLOT_HEIGHT) {
			legend = false;
		}
		if (chart.getLegend().isVisible() != legend) {
			chart.getLegend().setVisible(legend);
			changed = true;
		}
		if (x.getTitle().isVisible() != xTitle) {
			x.getTitle().setVisible(xTitle);
			changed = true;
		}
		if (changed) {
			chart.updateLayout();
			chart.redraw();
		}
	}

	/** The longest of the chart's titles whose text fits {@code width}; the shortest when none does. */
	static String title(Chart chart, int width) {
		String[] titles = chart.getData(TITLES) instanceof String[] t && t.length > 0 ? t
				: new String[] { chart.getTitle().getText() };
		for (String candidate : titles) {
			if (textWidth(chart, chart.getTitle().getFont(), candidate) + 2 * ROW_PADDING <= width) {
				return candidate;
			}
		}
		return titles[titles.length - 1];
	}

	static boolean legendFitsOneRow(Chart chart, int width) {
		int needed = ROW_PADDING;
		for (ISeries<?> series : chart.getSeriesSet().getSeries()) {
			if (series.isVisibleInLegend()) {
				needed += textWidth(chart, chart.getLegend().getFont(), series.getId()) + LEGEND_ENTRY_EXTRA;
			}
		}
		return needed <= width;
	}

	static int textWidth(Control control, Font font, String text) {
		GC gc = new GC(control);
		try {
			gc.setFont(font);
			return gc.textExtent(text).x;
		} finally {
			gc.dispose();
		}
	}

	static int textHeight(Control control, Font font) {
		GC gc = new GC(control);
		try {
			gc.setFont(font);
			return gc.getFontMetrics().getHeight();
		} finally {
			gc.dispose();
		}
	}
}
