package org.digitworkbench.ui.training;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.text.FieldPosition;
import java.text.Format;
import java.text.ParsePosition;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.eclipse.swtchart.ILineSeries;
import org.eclipse.swtchart.ILineSeries.PlotSymbolType;
import org.eclipse.swtchart.ISeries;
import org.eclipse.swtchart.ISeries.SeriesType;
import org.eclipse.swtchart.LineStyle;
import org.eclipse.swtchart.Range;
import org.eclipse.swtchart.model.DoubleArraySeriesModel;

/**
 * The two live charts of a run: the loss per batch (raw, faint, and smoothed with a bias-corrected exponential moving
 * average, plus the test loss after each epoch) and the accuracy per epoch (train, test, and validation when the run
 * holds some images out). Points are appended to growing buffers that are reused; the charts are redrawn at most
 * {@link #MAX_REFRESHES_PER_SECOND} times a second, however often points arrive.
 */
final class TrainingCharts {

	static final String RAW_LOSS = "loss per batch";
	static final String SMOOTHED_LOSS = "smoothed loss";
	static final String TEST_LOSS = "test loss";
	static final String TRAIN_ACCURACY = "train";
	static final String TEST_ACCURACY = "test";
	static final String VALIDATION_ACCURACY = "validation";

	/** Each chart's title, longest first: the longest that fits the chart's width is shown (see {@link ChartFit}). */
	static final String[] LOSS_TITLE = { "Loss (cross-entropy)", "Loss" };
	static final String[] ACCURACY_TITLE = { "Accuracy (%)", "Accuracy" };

	/**
	 * Redraws a second at most: 5 keeps the curves fluid while leaving the UI thread (and, under Xvfb or on a slow
	 * machine, the window system) mostly idle during a training.
	 */
	static final int MAX_REFRESHES_PER_SECOND = 5;
	/** Weight of the past in the moving average of the loss (over the batches that were reported, ≈ 20 a second). */
	static final double SMOOTHING = 0.9;
	/** Beyond this many points a series is thinned by averaging neighbours, so that long runs stay cheap to draw. */
	static final int MAX_POINTS = 4000;

	private final SashForm sash;
	private final Chart loss;
	private final Chart accuracy;

	/** The curves, kept outside the widgets (see {@link ConsoleHistory}): a reopened console shows them again. */
	private final Data data;

	private final Throttle throttle;

	private final List<Color> colors = new ArrayList<>();
	private RGB themeBackground;

	TrainingCharts(Composite parent, Data data) {
		this.data = data;
		sash = new SashForm(parent, SWT.HORIZONTAL | SWT.SMOOTH);
		loss = new Chart(sash, SWT.NONE);
		accuracy = new Chart(sash, SWT.NONE);
		throttle = new Throttle(parent.getDisplay(), 1000 / MAX_REFRESHES_PER_SECOND, this::refreshNow);
		sash.setWeights(1, 1);
		// side by side where there is width, stacked where the view is tall and narrow
		sash.addListener(SWT.Resize, e -> {
			var size = sash.getSize();
			int orientation = size.x >= size.y * 1.3 ? SWT.HORIZONTAL : SWT.VERTICAL;
			if (sash.getOrientation() != orientation) {
				sash.setOrientation(orientation);
			}
		});

		setUp(loss, LOSS_TITLE, "epoch", new DecimalFormat("0.##", DecimalFormatSymbols.getInstance(Locale.ROOT)),
				new DecimalFormat("0.00", DecimalFormatSymbols.getInstance(Locale.ROOT)));
		ILineSeries<?> raw = line(loss, RAW_LOSS, PlotSymbolType.NONE, 1);
		raw.setAntialias(SWT.OFF); // hundreds of faint segments: cheaper to draw without
		raw.setVisibleInLegend(false); // the faint line behind the smoothed one explains itself; the legend stays one row
		line(loss, SMOOTHED_LOSS, PlotSymbolType.NONE, 2);
		ILineSeries<?> test = line(loss, TEST_LOSS, PlotSymbolType.CIRCLE, 1);
		test.setLineStyle(LineStyle.DOT);
		loss.getPlotArea().setToolTipText("Cross-entropy loss. Faint: the loss of the reported batches. Solid: its "
				+ "moving average. Dots: the loss on the test images after each epoch.");

		setUp(accuracy, ACCURACY_TITLE, "epoch", new WholeNumbers(),
				new DecimalFormat("0.#", DecimalFormatSymbols.getInstance(Locale.ROOT)));
		accuracy.getAxisSet().getXAxis(0).getGrid().setVisible(false); // its ticks fall between the whole epochs too
		line(accuracy, TRAIN_ACCURACY, PlotSymbolType.CIRCLE, 2);
		line(accuracy, TEST_ACCURACY, PlotSymbolType.SQUARE, 2);
		accuracy.getPlotArea().setToolTipText("Share of images classified right after each epoch: on the training "
				+ "images (circles), the test images (squares) and, when some are held out, the validation images "
				+ "(triangles).");
		for (Chart chart : List.of(loss, accuracy)) {
			chart.addListener(SWT.Resize, e -> ChartFit.fit(chart));
		}
		sash.addDisposeListener(e -> colors.forEach(Color::dispose));
		if (data.validationAccuracy.size() > 0) {
			ILineSeries<?> series = line(accuracy, VALIDATION_ACCURACY, PlotSymbolType.TRIANGLE, 2);
			series.setLineStyle(LineStyle.DASH);
		}
		throttle.runNow(); // what the data holds: nothing for a new console, the last run's curves for a reopened one
	}

	private static void setUp(Chart chart, String[] titles, String xTitle, Format xFormat, Format yFormat) {
		chart.setData(ChartFit.TITLES, titles);
		chart.getTitle().setText(titles[0]);
		chart.getTitle().setFont(JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT));
		chart.getLegend().setPosition(SWT.BOTTOM);
		IAxis x = chart.getAxisSet().getXAxis(0);
		IAxis y = chart.getAxisSet().getYAxis(0);
		x.getTitle().setText(xTitle);
		// the unit is in the chart's title: SWTChart draws a vertical title through an image, which is slow to paint
		y.getTitle().setVisible(false);
		x.getTick().setFormat(xFormat);
		y.getTick().setFormat(yFormat);
		for (IAxis axis : List.of(x, y)) {
			axis.getTitle().setFont(JFaceResources.getDefaultFont());
			axis.getTick().setFont(JFaceResources.getDefaultFont());
			axis.getGrid().setStyle(LineStyle.SOLID);
		}
		// a label every 30 px at most, however short the plot: SWTChart's 64 px left a plot of 60 px (1024x700)
		// with one label, "0.00"; a label is ~15 px tall, so 30 px leaves a gap as tall as a label
		y.getTick().setTickMarkStepHint(ChartFit.Y_TICK_STEP);
	}

	private static ILineSeries<?> line(Chart chart, String id, PlotSymbolType symbol, int width) {
		ILineSeries<?> series = (ILineSeries<?>) chart.getSeriesSet().createSeries(SeriesType.LINE, id);
		series.setSymbolType(symbol);
		series.setSymbolSize(3);
		series.setLineWidth(width);
		series.setAntialias(SWT.ON);
		return series;
	}

	Composite control() {
		return sash;
	}

	Chart lossChart() {
		return loss;
	}

	Chart accuracyChart() {
		return accuracy;
	}

	/** How often the charts were redrawn since they were made (the test holds it to the rate limit). */
	int refreshes() {
		return throttle.runs();
	}

	/** Empties the charts for a run that starts after {@code epochsDone} of {@code totalEpochs} epochs. */
	void reset(int epochsDone, int totalEpochs) {
		for (Points p : List.of(data.rawLoss, data.smoothedLoss, data.testLoss, data.trainAccuracy, data.testAccuracy, data.validationAccuracy)) {
			p.clear();
		}
		data.average = 0;
		data.averaged = 0;
		data.firstEpoch = Math.max(0, epochsDone);
		data.epochs = Math.max(data.firstEpoch + 1, totalEpochs);
		if (accuracy.getSeriesSet().getSeries(VALIDATION_ACCURACY) != null) {
			accuracy.getSeriesSet().deleteSeries(VALIDATION_ACCURACY);
		}
		throttle.runNow();
	}

	/**
	 * Continues the curves on screen for a resumed run: what came after the kept {@code epochsDone} epochs (the part
	 * of an epoch the cancel threw away) goes; the rest stays.
	 */
	void continueAfter(int epochsDone, int totalEpochs) {
		for (Points p : List.of(data.rawLoss, data.smoothedLoss, data.testLoss, data.trainAccuracy, data.testAccuracy, data.validationAccuracy)) {
			p.keepUpTo(epochsDone + 1e-9);
		}
		data.epochs = Math.max(data.epochs, totalEpochs);
		throttle.runNow();
	}

	/** The total number of epochs became known (a run adopted halfway shows its epochs as they come). */
	void extendTo(int totalEpochs) {
		if (totalEpochs > data.epochs) {
			data.epochs = totalEpochs;
			refresh();
		}
	}

	/** One reported batch: {@code epochPosition} is the run's progress in epochs, e.g. 1.25. */
	void addBatch(double epochPosition, double batchLoss) {
		if (!Double.isFinite(batchLoss)) {
			return;
		}
		data.average = SMOOTHING * data.average + (1 - SMOOTHING) * batchLoss;
		data.averaged++;
		double corrected = data.average / (1 - Math.pow(SMOOTHING, data.averaged)); // without it the curve starts near 0
		data.rawLoss.add(epochPosition, batchLoss);
		data.smoothedLoss.add(epochPosition, corrected);
		refresh();
	}

	void addEpoch(int epoch, double train, double test, double validation, double epochTestLoss) {
		if (Double.isFinite(train)) {
			data.trainAccuracy.add(epoch, 100 * train);
		}
		if (Double.isFinite(test)) {
			data.testAccuracy.add(epoch, 100 * test);
		}
		if (Double.isFinite(validation)) {
			if (accuracy.getSeriesSet().getSeries(VALIDATION_ACCURACY) == null) {
				ILineSeries<?> series = line(accuracy, VALIDATION_ACCURACY, PlotSymbolType.TRIANGLE, 2);
				series.setLineStyle(LineStyle.DASH);
				colorSeries();
				ChartFit.fit(accuracy); // one more legend entry
			}
			data.validationAccuracy.add(epoch, 100 * validation);
		}
		if (Double.isFinite(epochTestLoss)) {
			data.testLoss.add(epoch, epochTestLoss);
		}
		extendTo(epoch);
		throttle.runNow();
	}

	/** Asks for a redraw; the requests within a fifth of a second make one. */
	void refresh() {
		if (!sash.isDisposed()) {
			throttle.request();
		}
	}

	private void refreshNow() {
		if (sash.isDisposed()) {
			return;
		}
		show(loss, RAW_LOSS, data.rawLoss);
		show(loss, SMOOTHED_LOSS, data.smoothedLoss);
		show(loss, TEST_LOSS, data.testLoss);
		show(accuracy, TRAIN_ACCURACY, data.trainAccuracy);
		show(accuracy, TEST_ACCURACY, data.testAccuracy);
		show(accuracy, VALIDATION_ACCURACY, data.validationAccuracy);

		loss.getAxisSet().getXAxis(0).setRange(new Range(data.firstEpoch, data.epochs));
		double top = finite(Math::max, data.rawLoss.maxY(), data.smoothedLoss.maxY(), data.testLoss.maxY());
		loss.getAxisSet().getYAxis(0).setRange(new Range(0, Double.isFinite(top) && top > 0 ? top * 1.08 : 1));

		accuracy.getAxisSet().getXAxis(0).setRange(new Range(data.firstEpoch + 0.5, data.epochs + 0.5));
		double low = finite(Math::min, data.trainAccuracy.minY(), data.testAccuracy.minY(), data.validationAccuracy.minY());
		double bottom = Double.isFinite(low) ? Math.max(0, Math.floor(low - 1)) : 0;
		accuracy.getAxisSet().getYAxis(0).setRange(new Range(Math.min(bottom, 98), 100));

		syncColors();
		loss.redraw();
		accuracy.redraw();
	}

	/** Combines the finite values (NaN when there is none): Math.max and Math.min would pass a NaN on. */
	static double finite(java.util.function.DoubleBinaryOperator combine, double... values) {
		double result = Double.NaN;
		for (double v : values) {
			if (Double.isFinite(v)) {
				result = Double.isNaN(result) ? v : combine.applyAsDouble(result, v);
			}
		}
		return result;
	}

	private static void show(Chart chart, String id, Points points) {
		@SuppressWarnings("unchecked")
		ISeries<Integer> series = (ISeries<Integer>) chart.getSeriesSet().getSeries(id);
		if (series != null) {
			series.setDataModel(points.model());
		}
	}

	/** Matches the charts to the theme's colours when they changed (the theme styles the view after it is made). */
	void syncColors() {
		if (sash.isDisposed()) {
			return;
		}
		RGB background = sash.getParent().getBackground().getRGB();
		if (background.equals(themeBackground)) {
			return;
		}
		themeBackground = background;
		RGB foreground = sash.getParent().getForeground().getRGB();
		boolean dark = luminance(background) < 0.45;
		if (dark && luminance(foreground) < 0.5) {
			foreground = new RGB(0xdd, 0xdd, 0xdd);
		}
		Color back = color(background);
		Color plot = color(dark ? mix(background, new RGB(0, 0, 0), 0.25) : new RGB(255, 255, 255));
		Color text = color(foreground);
		Color grid = color(mix(foreground, background, dark ? 0.8 : 0.87));
		for (Chart chart : List.of(loss, accuracy)) {
			chart.setBackground(back);
			chart.setBackgroundInPlotArea(plot);
			chart.getTitle().setForeground(text);
			chart.getLegend().setBackground(back);
			chart.getLegend().setForeground(text);
			for (IAxis axis : chart.getAxisSet().getAxes()) {
				axis.getTitle().setForeground(text);
				axis.getTick().setForeground(text);
				axis.getGrid().setForeground(grid);
			}
		}
		colorSeries();
	}

	private void colorSeries() {
		if (themeBackground == null) {
			return;
		}
		boolean dark = luminance(themeBackground) < 0.45;
		RGB plot = dark ? mix(themeBackground, new RGB(0, 0, 0), 0.25) : new RGB(255, 255, 255);
		RGB blue = dark ? new RGB(0x5a, 0xa9, 0xe6) : new RGB(0x1f, 0x6f, 0xb4);
		RGB orange = dark ? new RGB(0xff, 0xa5, 0x4f) : new RGB(0xe0, 0x6c, 0x00);
		RGB green = dark ? new RGB(0x6f, 0xcf, 0x6f) : new RGB(0x2c, 0x96, 0x2c);
		paint(loss, RAW_LOSS, mix(blue, plot, 0.7));
		paint(loss, SMOOTHED_LOSS, blue);
		paint(loss, TEST_LOSS, orange);
		paint(accuracy, TRAIN_ACCURACY, blue);
		paint(accuracy, TEST_ACCURACY, orange);
		paint(accuracy, VALIDATION_ACCURACY, green);
	}

	private void paint(Chart chart, String id, RGB rgb) {
		if (chart.getSeriesSet().getSeries(id) instanceof ILineSeries<?> series) {
			Color c = color(rgb);
			series.setLineColor(c);
			series.setSymbolColor(c);
		}
	}

	private Color color(RGB rgb) {
		Color c = new Color(rgb);
		colors.add(c);
		return c;
	}

	static double luminance(RGB rgb) {
		return (0.299 * rgb.red + 0.587 * rgb.green + 0.114 * rgb.blue) / 255;
	}

	/** {@code a} moved {@code towardsB} of the way to {@code b}. */
	static RGB mix(RGB a, RGB b, double towardsB) {
		return new RGB((int) Math.round(a.red + (b.red - a.red) * towardsB),
				(int) Math.round(a.green + (b.green - a.green) * towardsB),
				(int) Math.round(a.blue + (b.blue - a.blue) * towardsB));
	}

	/** The points of the curves and the epoch range they span. */
	static final class Data {
		final Points rawLoss = new Points();
		final Points smoothedLoss = new Points();
		final Points testLoss = new Points();
		final Points trainAccuracy = new Points();
		final Points testAccuracy = new Points();
		final Points validationAccuracy = new Points();
		double average;
		int averaged;
		int firstEpoch;
		int epochs = 1;
	}

	/** Points of one series in reused buffers that grow by doubling and are thinned past {@link #MAX_POINTS}. */
	static final class Points {
		private double[] x = new double[256];
		private double[] y = new double[256];
		private int size;
		private double maxY = Double.NEGATIVE_INFINITY;
		private double minY = Double.POSITIVE_INFINITY;

		void add(double px, double py) {
			if (size == MAX_POINTS) {
				thin();
			}
			if (size == x.length) {
				x = Arrays.copyOf(x, size * 2);
				y = Arrays.copyOf(y, size * 2);
			}
			x[size] = px;
			y[size] = py;
			size++;
			maxY = Math.max(maxY, py);
			minY = Math.min(minY, py);
		}

		/** Halves the points by averaging neighbours (the extremes stay in {@link #maxY()}/{@link #minY()}). */
		private void thin() {
			int half = size / 2;
			for (int i = 0; i < half; i++) {
				x[i] = (x[2 * i] + x[2 * i + 1]) / 2;
				y[i] = (y[2 * i] + y[2 * i + 1]) / 2;
			}
			if (size % 2 == 1) {
				x[half] = x[size - 1];
				y[half] = y[size - 1];
				half++;
			}
			size = half;
		}

		/** Drops the points beyond {@code x} (x grows along a series). */
		void keepUpTo(double lastX) {
			int keep = 0;
			while (keep < size && x[keep] <= lastX) {
				keep++;
			}
			size = keep;
			maxY = Double.NEGATIVE_INFINITY;
			minY = Double.POSITIVE_INFINITY;
			for (int i = 0; i < size; i++) {
				maxY = Math.max(maxY, y[i]);
				minY = Math.min(minY, y[i]);
			}
		}

		void clear() {
			size = 0;
			maxY = Double.NEGATIVE_INFINITY;
			minY = Double.POSITIVE_INFINITY;
		}

		int size() {
			return size;
		}

		double maxY() {
			return size == 0 ? Double.NaN : maxY;
		}

		double minY() {
			return size == 0 ? Double.NaN : minY;
		}

		/** The points now, for the chart (which keeps the arrays it is given). */
		DoubleArraySeriesModel model() {
			return new DoubleArraySeriesModel(Arrays.copyOf(x, size), Arrays.copyOf(y, size));
		}
	}

	/** Tick labels for whole epochs only: 1, 2, 3 (never 1.2). */
	static final class WholeNumbers extends Format {
		private static final long serialVersionUID = 1L;

		@Override
		public StringBuffer format(Object value, StringBuffer to, FieldPosition position) {
			if (value instanceof Number n) {
				double v = n.doubleValue();
				if (Math.abs(v - Math.rint(v)) < 1e-9) {
					to.append((long) Math.rint(v));
				}
			}
			return to;
		}

		@Override
		public Object parseObject(String source, ParsePosition position) {
			return null;
		}
	}
}
