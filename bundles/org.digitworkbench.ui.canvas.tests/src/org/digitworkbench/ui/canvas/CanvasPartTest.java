package org.digitworkbench.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.drawings.HandwritingSamples;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.preprocess.ImageFiles;
import org.digitworkbench.ui.testing.PartHarness;
import org.digitworkbench.ui.testing.TestModels;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Listener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The drawing canvas under Xvfb: MNIST test digits are drawn with mouse strokes sent to the canvas and must be
 * recognised; Undo, Clear and "Save as sample" do what they say. Also measures the time from a
 * posted mouse move to repainted confidence bars (printed; the README reports it).
 */
class CanvasPartTest {

	private static final String MODEL = "canvas-test-mlp";
	private static ImageSet test;
	private static PartHarness<CanvasPart> harness;
	private static CanvasPart canvas;
	private static volatile String errorShown;

	@BeforeAll
	static void openCanvasWithATrainedModel() throws Exception {
		TestModels.oneEpochMlp(MODEL);
		PartHarness.service(ModelStore.class).setActiveModel(MODEL);
		test = mnist().load(Split.TEST, new NullProgressMonitor());
		harness = PartHarness.open(CanvasPart.class, 900, 600);
		canvas = harness.part();
		canvas.errors = (title, message) -> errorShown = title + ": " + message;
		harness.spinUntil(() -> canvas.modelText().startsWith("Model: " + MODEL + " ("), Duration.ofSeconds(60),
				"the active model loaded"); // "Model: loading …" names it too
	}

	private static DatasetProvider mnist() {
		return PartHarness.service(DatasetProvider.class, "(dataset.id=mnist)");
	}

	@AfterAll
	static void close() {
		if (harness != null) {
			harness.close();
		}
	}

	@BeforeEach
	void blank() {
		canvas.clear();
		harness.spin(Duration.ofMillis(50));
	}

	/**
	 * Draws MNIST test image {@code index} the way a person colours it in: one horizontal stroke per run of ink on each
	 * row, ten canvas pixels per MNIST pixel.
	 */
	private static void draw(int index) {
		canvas.setPenWidth(14);
		for (int row = 0; row < 28; row++) {
			int column = 0;
			while (column < 28) {
				if (test.pixel(index, row, column) < 110) {
					column++;
					continue;
				}
				int start = column;
				while (column < 28 && test.pixel(index, row, column) >= 110) {
					column++;
				}
				int y = row * 10 + 5;
				List<Integer> points = new ArrayList<>();
				for (int x = start * 10 + 5; x <= (column - 1) * 10 + 5; x += 10) {
					points.add(x);
					points.add(y);
				}
				if (points.size() == 2) {
					points.add(points.get(0) + 1);
					points.add(y);
				}
				harness.drawStroke(canvas.drawingArea(), points.stream().mapToInt(Integer::intValue).toArray());
			}
		}
		harness.spin(Duration.ofMillis(100));
	}

	@Test
	void drawnMnistDigitsAreRecognised() {
		int[] firstOfEachDigit = new int[10];
		Arrays.fill(firstOfEachDigit, -1);
		for (int i = 0; i < test.count() && Arrays.stream(firstOfEachDigit).anyMatch(v -> v < 0); i++) {
			if (firstOfEachDigit[test.label(i)] < 0) {
				firstOfEachDigit[test.label(i)] = i;
			}
		}
		int right = 0;
		StringBuilder report = new StringBuilder();
		for (int digit = 0; digit < 10; digit++) {
			canvas.clear();
			draw(firstOfEachDigit[digit]);
			assertTrue(canvas.strokeCount() > 2, "strokes arrived through the window system: " + canvas.strokeCount());
			int predicted = canvas.prediction();
			try { // kept for looking at what was drawn
				ImageFiles.writePng(canvas.render(), Files.createDirectories(Path.of("target", "drawn")).resolve(digit + ".png"));
			} catch (java.io.IOException e) {
				throw new AssertionError(e);
			}
			report.append(digit).append("→").append(predicted).append(' ');
			right += predicted == digit ? 1 : 0;
			assertTrue(canvas.verdictText().startsWith(Integer.toString(predicted)), canvas.verdictText());
		}
		assertTrue(right >= 9, "drawn digits recognised: " + report);
	}

	/** The commands behind Ctrl+Z and Esc (the integration tests press the keys in the workbench). */
	@Test
	void undoTakesOneStrokeAwayAndClearTheRest() {
		assertEquals("Draw a digit", canvas.verdictText(), "a blank canvas does not guess");
		assertEquals(-1, canvas.prediction());
		harness.drawStroke(canvas.drawingArea(), 140, 40, 140, 120, 140, 240);
		harness.drawStroke(canvas.drawingArea(), 100, 60, 140, 40);
		assertEquals(2, canvas.strokeCount());
		assertTrue(canvas.prediction() >= 0);
		assertTrue(harness.execute(UndoHandler.class));
		assertEquals(1, canvas.strokeCount(), "Undo removed the last stroke");
		assertTrue(harness.execute(ClearHandler.class));
		assertEquals(0, canvas.strokeCount());
		assertEquals("Draw a digit", canvas.verdictText());
	}

	@Test
	void savedSamplesBecomeTheHandwritingTestSet() throws Exception {
		HandwritingSamples samples = PartHarness.service(HandwritingSamples.class);
		int before = samples.counts()[7];
		draw(0); // test image 0 is a 7
		canvas.saveSample(canvas.render(), 7);
		harness.spinUntil(() -> canvas.statusText().startsWith("Saved") || errorShown != null, Duration.ofSeconds(10),
				"the sample is saved");
		assertEquals(null, errorShown);
		assertEquals(before + 1, samples.counts()[7]);
		DatasetProvider handwriting = PartHarness.service(DatasetProvider.class,
				"(component.name=org.digitworkbench.drawings.internal.HandwritingProvider)");
		assertEquals(HandwritingSamples.DATASET_ID, handwriting.id());
		ImageSet set = handwriting.load(Split.TEST, new NullProgressMonitor());
		assertEquals(Arrays.stream(samples.counts()).sum(), set.count());
		assertTrue(Files.list(samples.folder().resolve("7")).anyMatch(f -> f.toString().endsWith(".png")));

		canvas.clear();
		canvas.saveSample(canvas.render(), 3);
		assertTrue(canvas.statusText().startsWith("Not saved: draw a digit first"), canvas.statusText());
		assertEquals(null, errorShown, "no dialog for a blank canvas");
	}

	/** Mouse move posted → stroke extended, recognised, bars repainted: the time for each of 300 segments. */
	@Test
	void measureMouseToRepaintedBarsLatency() throws Exception {
		int[] paints = new int[1];
		long[] received = new long[1];
		long[] handled = new long[300];
		int[] segment = { -1 };
		// a display filter runs before every listener: when SWT hands the part the mouse move
		Listener arrival = e -> {
			if (e.widget == canvas.drawingArea()) {
				received[0] = System.nanoTime();
			}
		};
		harness.display().addFilter(SWT.MouseMove, arrival);
		canvas.confidenceBars().addPaintListener(e -> {
			paints[0]++;
			if (segment[0] >= 0 && handled[segment[0]] == 0 && received[0] != 0) {
				handled[segment[0]] = System.nanoTime() - received[0];
			}
		});
		Point start = canvas.drawingArea().toDisplay(60, 60);
		post(SWT.MouseMove, start.x, start.y);
		post(SWT.MouseDown, start.x, start.y);
		long[] nanos = new long[300];
		for (int i = 0; i < nanos.length; i++) {
			// a zig-zag across the canvas, one segment per event
			int x = 60 + (i * 7) % 160;
			int y = 60 + (i / 23) * 12;
			Point p = canvas.drawingArea().toDisplay(x, y);
			int before = paints[0];
			received[0] = 0;
			segment[0] = i;
			long t0 = System.nanoTime();
			post(SWT.MouseMove, p.x, p.y);
			long deadline = t0 + 1_000_000_000L;
			while (paints[0] == before && System.nanoTime() < deadline) {
				if (!harness.display().readAndDispatch()) {
					Thread.onSpinWait();
				}
			}
			nanos[i] = System.nanoTime() - t0;
		}
		segment[0] = -1;
		harness.display().removeFilter(SWT.MouseMove, arrival);
		post(SWT.MouseUp, start.x, start.y);
		harness.spin(Duration.ofMillis(50));
		Arrays.sort(nanos);
		Arrays.sort(handled);
		String result = String.format(Locale.ROOT,
				"canvas: mouse move → recognised → confidence bars repainted, %d segments: from SWT's MouseMove median %.2f ms,"
						+ " p99 %.2f ms, max %.2f ms; from the X event (GTK delivers motion once a frame) median %.2f ms, p99 %.2f ms,"
						+ " max %.2f ms",
				nanos.length, handled[handled.length / 2] / 1e6, handled[handled.length * 99 / 100] / 1e6,
				handled[handled.length - 1] / 1e6, nanos[nanos.length / 2] / 1e6, nanos[nanos.length * 99 / 100] / 1e6,
				nanos[nanos.length - 1] / 1e6);
		System.out.println(result);
		Path out = Path.of(System.getProperty("digitworkbench.data", "target")).resolve("canvas-latency.txt");
		Files.createDirectories(out.getParent());
		Files.writeString(out, result + System.lineSeparator());
		assertTrue(canvas.strokeCount() == 1 && canvas.prediction() >= 0, "the zig-zag was drawn and recognised");
	}

	private static void post(int type, int x, int y) {
		Event event = new Event();
		event.type = type;
		event.x = x;
		event.y = y;
		event.button = type == SWT.MouseMove ? 0 : 1;
		assertTrue(harness.display().post(event));
	}
}
