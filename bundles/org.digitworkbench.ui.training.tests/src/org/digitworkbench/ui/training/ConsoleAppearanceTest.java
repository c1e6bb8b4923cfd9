package org.digitworkbench.ui.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.digitworkbench.ui.testing.PartHarness;
import org.digitworkbench.ui.testing.ScreenPixels;
import org.eclipse.core.runtime.Platform;
import org.eclipse.e4.ui.css.swt.engine.CSSSWTEngineImpl;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swtchart.Chart;
import org.eclipse.swtchart.IAxis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How the console looks: its charts' titles and tick labels whole and apart at the sizes the console has in a
 * 1024×700, 1366×768 and 1600×1000 window, and a disabled button in the dark theme that reads as disabled.
 */
class ConsoleAppearanceTest {

	/** The console's size in the workbench's default layout, measured on screenshots of each window size. */
	@ParameterizedTest(name = "console {0}x{1} (window {2})")
	@CsvSource({ "590, 290, 1024x700", "790, 330, 1366x768", "1010, 400, 1600x1000" })
	void chartTitlesAndTickLabelsFitTheirCharts(int width, int height, String window) {
		try (PartHarness<TrainingPart> h = PartHarness.open(TrainingPart.class, width, height)) {
			TrainingCharts charts = h.part().run().charts();
			h.spinUntil(() -> charts.lossChart().getPlotArea().getSize().y > 0, Duration.ofSeconds(10), "charts laid out");
			h.spin(Duration.ofMillis(300)); // the charts' own layout after the fit
			for (Chart chart : List.of(charts.lossChart(), charts.accuracyChart())) {
				String where = window + ", " + chart.getTitle().getText() + " chart " + chart.getSize();
				Point size = chart.getSize();
				int titleWidth = ChartFit.textWidth(chart, chart.getTitle().getFont(), chart.getTitle().getText());
				assertTrue(chart.getTitle().isVisible() && titleWidth <= size.x, where + ": title " + titleWidth + " px wide");
				Point plot = chart.getPlotArea().getSize();
				assertTrue(plot.y >= 50, where + ": plot only " + plot.y + " px tall");

				IAxis y = chart.getAxisSet().getYAxis(0);
				List<int[]> yLabels = labels(chart, y, false);
				assertTrue(yLabels.size() >= 2, where + ": " + yLabels.size() + " y label(s)");
				int lineHeight = ChartFit.textHeight(chart, y.getTick().getFont());
				for (int i = 1; i < yLabels.size(); i++) {
					assertTrue(Math.abs(yLabels.get(i)[0] - yLabels.get(i - 1)[0]) >= lineHeight, where + ": y labels overlap");
				}

				IAxis x = chart.getAxisSet().getXAxis(0);
				List<int[]> xLabels = labels(chart, x, true);
				assertTrue(!xLabels.isEmpty(), where + ": no x label");
				Rectangle plotBounds = chart.getPlotArea().getControl().getBounds();
				for (int i = 0; i < xLabels.size(); i++) {
					int[] label = xLabels.get(i); // centre, width
					int left = plotBounds.x + label[0] - label[1] / 2;
					int right = left + label[1];
					assertTrue(left >= 0 && right <= size.x, where + ": x label at " + left + ".." + right + " outside the chart");
					if (i > 0) {
						int[] previous = xLabels.get(i - 1);
						assertTrue(previous[0] + (previous[1] + 1) / 2 < label[0] - label[1] / 2, where + ": x labels overlap");
					}
				}
			}
			if (width >= 1000) { // where the console has the room, the combos show their items whole
				for (var combo : List.of(h.part().form().datasetChoice(), h.part().form().architectureChoice())) {
					String full = Choices.label(combo, combo.getSelectionIndex());
					assertTrue(full.equals(combo.getText()), window + ": \"" + combo.getText() + "\" shown for \"" + full
							+ "\" in a combo " + combo.getSize().x + " px wide");
				}
			}
		}
	}

	/** Each shown tick label of {@code axis}: its pixel position in the plot and its text's width. */
	private static List<int[]> labels(Chart chart, IAxis axis, boolean horizontal) {
		List<int[]> labels = new ArrayList<>();
		for (double value : axis.getTick().getTickLabelValues()) {
			String text = axis.getTick().getFormat().format(value);
			if (text.isEmpty()) {
				continue; // the accuracy chart labels whole epochs only
			}
			labels.add(new int[] { axis.getPixelCoordinate(value), ChartFit.textWidth(chart, axis.getTick().getFont(), text) });
		}
		labels.sort((a, b) -> Integer.compare(a[0], b[0]));
		return labels;
	}

	@Test
	void inTheDarkThemeADisabledButtonReadsAsDisabled() throws Exception {
		try (PartHarness<TrainingPart> h = PartHarness.open(TrainingPart.class, 1000, 600)) {
			boolean gtk = darkVariant(true);
			try {
				CSSSWTEngineImpl css = new CSSSWTEngineImpl(h.display());
				URL sheet = Platform.getBundle("org.digitworkbench.app").getEntry("css/dark.css");
				try (InputStream in = sheet.openStream()) {
					css.parseStyleSheet(in);
				}
				css.applyStyles(h.shell(), true);
				Button start = h.part().run().startButton();
				Button cancel = h.part().run().cancelButton();
				h.spinUntil(() -> start.isEnabled() && !cancel.isEnabled(), Duration.ofSeconds(20), "Start enabled, Cancel not");
				h.spin(Duration.ofMillis(500));
				double enabled = textContrast(start);
				double disabled = textContrast(cancel);
				String figures = String.format("text against background: enabled %.2f, disabled %.2f (GTK dark variant: %s)",
						enabled, disabled, gtk);
				assertTrue(disabled >= 0.15, "a disabled button's text must stay legible: " + figures);
				assertTrue(enabled - disabled >= 0.15, "a disabled button must look unlike an enabled one: " + figures);
				css.dispose();
			} finally {
				darkVariant(false);
			}
		}
	}

	/** GTK's dark variant on or off, as the theme engine sets it for the dark theme (Display#setDarkThemePreferred). */
	private static boolean darkVariant(boolean dark) {
		try {
			Method setTheme = Class.forName("org.eclipse.swt.internal.gtk.OS", true, Display.class.getClassLoader())
					.getMethod("setTheme", boolean.class);
			setTheme.invoke(null, dark);
			return true;
		} catch (ReflectiveOperationException | LinkageError e) {
			return false;
		}
	}

	/** How well a button's label stands out from the button, in its middle band, away from its border. */
	private static double textContrast(Control control) {
		Point size = control.getSize();
		return ScreenPixels.textContrast(control, new Rectangle(4, size.y / 4, size.x - 8, size.y * 3 / 4 - size.y / 4));
	}
}
