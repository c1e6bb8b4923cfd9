package org.digitworkbench.ui.canvas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;

import org.digitworkbench.app.UiEvents;
import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.drawings.HandwritingSamples;
import org.digitworkbench.model.Explanation;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.preprocess.InkImage;
import org.digitworkbench.preprocess.Pipelines;
import org.digitworkbench.ui.testing.PartHarness;
import org.digitworkbench.ui.testing.TestModels;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Teach it from the canvas, under Xvfb: drawings in a style the model misreads (a bar struck through the middle of every
 * digit, made here from one writer's MNIST digits) are opened on the canvas and taught with the digit buttons;
 * "Fine-tune on my handwriting" runs the real fine-tune, shows before/after on the held-back samples and MNIST, and
 * makes the tuned model active only when it is better. Also "Show why" after a stroke and the preprocessing
 * step by step.
 */
class TeachAndFineTuneTest {

	private static final String MODEL = "canvas-test-mlp"; // CanvasPartTest's, trained once
	private static final int SIDE = 112;
	private static PartHarness<CanvasPart> harness;
	private static CanvasPart canvas;
	private static ModelStore store;
	private static HandwritingSamples samples;

	@BeforeAll
	static void openCanvas() throws Exception {
		TestModels.oneEpochMlp(MODEL);
		store = PartHarness.service(ModelStore.class);
		store.setActiveModel(MODEL);
		samples = PartHarness.service(HandwritingSamples.class);
		deleteSamples();
		harness = PartHarness.open(CanvasPart.class, 900, 700);
		canvas = harness.part();
		canvas.errors = (title, message) -> {
			throw new AssertionError(title + ": " + message);
		};
		harness.spinUntil(() -> canvas.modelText().startsWith("Model: " + MODEL + " ("), Duration.ofSeconds(60),
				"the active model loaded");
	}

	@AfterAll
	static void close() throws Exception {
		if (harness != null) {
			harness.close();
		}
		store.setActiveModel(MODEL);
		deleteSamples(); // the other tests count from what they find, but start them from none
	}

	private static void deleteSamples() throws Exception {
		Path folder = samples.folder();
		if (Files.exists(folder)) {
			try (var all = Files.walk(folder)) {
				for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
					Files.delete(p);
				}
			}
		}
	}

	@Test
	void taughtSamplesOfAMisreadStyleFineTuneTheModelWhichBecomesActiveWhenBetter() throws Exception {
		// two thicknesses of the bar: here the 2-px one's tuned model was better, the 3-px one's lost 0.33 points
		// on MNIST (over the 0.3 allowed) and was not made active; the figures of each run decide, as in the part
		for (int bar : new int[] { 2, 3 }) {
			deleteSamples();
			store.setActiveModel(MODEL);
			harness.spinUntil(() -> canvas.modelText().startsWith("Model: " + MODEL + " ("), Duration.ofSeconds(60),
					"the base model active");
			canvas.refreshCounts(); // the samples went behind its back
			harness.spinUntil(() -> canvas.teachPanel().countText(0).equals("0"), Duration.ofSeconds(10), "no samples");
			teachAndFineTune(bar);
		}
	}

	private void teachAndFineTune(int bar) throws Exception {
		ImageSet train = PartHarness.service(DatasetProvider.class, "(dataset.id=mnist)").load(Split.TRAIN,
				new NullProgressMonitor());
		int misread = 0;
		for (int d = 0; d < 10; d++) {
			int digit = d;
			int[] writer = oneWriter(train, digit, 4);
			for (int k = 0; k < writer.length; k++) {
				canvas.clear();
				harness.events().send(UiEvents.OPEN_IN_CANVAS, struckThrough(train, writer[k], bar));
				harness.spinUntil(() -> canvas.prediction() >= 0, Duration.ofSeconds(10), "the drawing is read");
				misread += canvas.prediction() == digit ? 0 : 1;
				String before = canvas.teachPanel().countText(digit);
				canvas.teachPanel().digitButton(digit).notifyListeners(SWT.Selection, new Event());
				int expected = k + 1;
				harness.spinUntil(() -> canvas.teachPanel().countText(digit).equals(Integer.toString(expected)),
						Duration.ofSeconds(10), "sample " + expected + " of " + digit + " counted (was " + before + ")");
			}
		}
		System.out.println("teach test, " + bar + "-px bar: the base model misread " + misread + " of 40 drawings");
		assertTrue(misread >= 10, "a style the model misreads: it misread only " + misread + " of 40");
		assertEquals(40, Arrays.stream(samples.counts()).sum());
		assertTrue(canvas.statusText().startsWith("Saved your 9 as sample 4 of the digit 9 (40 samples in all)"), canvas.statusText());

		assertTrue(harness.execute(FineTuneHandler.class));
		harness.spinUntil(canvas::fineTuning, Duration.ofSeconds(10), "the fine-tune starts");
		assertTrue(canvas.teachPanel().cancelButton().getEnabled(), "it can be cancelled");
		assertFalse(harness.execute(FineTuneHandler.class), "one fine-tune at a time");
		harness.spinUntil(() -> !canvas.fineTuning(), Duration.ofMinutes(4), "the fine-tune ends");
		String result = canvas.fineTuneText();
		System.out.println("teach test, " + bar + "-px bar: " + result);
		assertTrue(result.startsWith("Your 10 held-back samples: "), result);
		assertTrue(result.contains("; MNIST test set: "), "before/after on MNIST too: " + result);
		FineTuneResult figures = canvas.lastFineTune();
		String tuned = figures.tuned();
		assertTrue(tuned.matches(MODEL + "-mine(-\\d+)?"), tuned);
		assertEquals(MODEL, store.find(tuned).orElseThrow().parent(), "the lineage is recorded");
		assertEquals(10, figures.heldBackCount());
		assertTrue(figures.heldBackAfter() > figures.heldBackBefore(), "it learnt the style: " + result);
		assertTrue(figures.replayBefore() > 0.9 && figures.replayAfter() > 0.9, "MNIST before and after: " + result);
		// the activation rule, on the figures this run produced
		boolean better = figures.heldBackAfter() > figures.heldBackBefore()
				&& figures.replayBefore() - figures.replayAfter() <= FineTuneResult.MAX_REPLAY_LOSS;
		assertEquals(better, figures.better());
		if (better) {
			assertTrue(result.contains("Better: " + tuned + " is now the active model"), result);
			assertEquals(tuned, store.activeModel().orElseThrow());
			harness.spinUntil(() -> canvas.modelText().startsWith("Model: " + tuned + " ("), Duration.ofSeconds(60),
					"the canvas uses the tuned model");
		} else {
			assertTrue(result.contains("Not better, so " + MODEL + " stays the active model"), result);
			harness.spin(Duration.ofMillis(500));
			assertEquals(MODEL, store.activeModel().orElseThrow());
			assertTrue(canvas.modelText().startsWith("Model: " + MODEL + " ("), canvas.modelText());
		}
		assertTrue(canvas.teachPanel().fineTuneButton().getEnabled());
	}

	@Test
	void showWhyExplainsTheDrawingAfterEachStroke() {
		canvas.clear();
		canvas.setShowWhy(true);
		assertNull(canvas.explanation(), "nothing to explain on a blank canvas");
		canvas.drawingArea().notifyListeners(SWT.MouseDown, mouse(140, 40));
		for (int y = 50; y <= 240; y += 10) {
			canvas.drawingArea().notifyListeners(SWT.MouseMove, mouse(140, y));
		}
		assertNull(canvas.explanation(), "not while the stroke is drawn");
		canvas.drawingArea().notifyListeners(SWT.MouseUp, mouse(140, 240));
		harness.spin(Duration.ofMillis(50));
		Explanation why = canvas.explanation();
		assertNotNull(why, "explained when the stroke ends");
		assertEquals(canvas.prediction(), why.digit());
		assertTrue(why.runnerUp() != why.digit() && why.runnerUp() >= 0);
		assertTrue(Explanation.maxMagnitude(why.evidence()) > 0, "some ink counts");
		canvas.setShowWhy(false);
		assertNull(canvas.explanation());
		canvas.clear();
	}

	@Test
	void whatTheNetworkSeesStepByStep() {
		canvas.clear();
		int pen = canvas.penWidth();
		canvas.toggleSteps();
		canvas.setPenWidth(30); // a "1" 30 px wide and 230 tall is 2.3 px once fitted: MNIST's, left as drawn
		harness.drawStroke(canvas.drawingArea(), 140, 40, 140, 140, 140, 240);
		harness.spin(Duration.ofMillis(50));
		assertEquals("Ink\n280\u00d7280", canvas.steps().caption(0));
		assertTrue(canvas.steps().caption(1).startsWith("Cropped to the ink\n"), canvas.steps().caption(1));
		assertTrue(canvas.steps().caption(2).matches("Fitted in 20 px\n\\d+\u00d720"), canvas.steps().caption(2));
		assertEquals("Centred by mass in 28\u00d728\n28\u00d728", canvas.steps().caption(3));
		assertTrue(canvas.steps().caption(4).startsWith("Normalised\n-0.42 \u2026 "), canvas.steps().caption(4));
		assertEquals("", canvas.steps().caption(5));
		canvas.clear();
		canvas.setPenWidth(4); // a thin pen: its strokes are widened before the fit, a step of its own
		harness.drawStroke(canvas.drawingArea(), 140, 40, 140, 140, 140, 240);
		harness.spin(Duration.ofMillis(50));
		assertTrue(canvas.steps().caption(2).startsWith(Pipelines.WIDENED + " 0."), canvas.steps().caption(2));
		assertTrue(canvas.steps().caption(3).matches("Fitted in 20 px\n\\d+\u00d720"), canvas.steps().caption(3));
		assertTrue(canvas.steps().caption(5).startsWith("Normalised\n"), canvas.steps().caption(5));
		canvas.clear();
		assertEquals("", canvas.steps().caption(0), "a blank canvas has no steps");
		canvas.toggleSteps();
		canvas.setPenWidth(pen);
	}

	private static Event mouse(int x, int y) {
		Event e = new Event();
		e.x = x;
		e.y = y;
		e.button = 1;
		e.stateMask = SWT.BUTTON1;
		return e;
	}

	/**
	 * One person's way of writing {@code digit}, as a stand-in: the {@code count} training images of it nearest (in
	 * pixels) to its first one.
	 */
	private static int[] oneWriter(ImageSet set, int digit, int count) {
		int prototype = -1;
		long[] keyed = new long[set.count()];
		int n = 0;
		for (int i = 0; i < set.count(); i++) {
			if (set.label(i) != digit) {
				continue;
			}
			prototype = prototype < 0 ? i : prototype;
			byte[] p = set.image(prototype);
			byte[] q = set.image(i);
			long distance = 0;
			for (int k = 0; k < p.length; k++) {
				int d = Byte.toUnsignedInt(p[k]) - Byte.toUnsignedInt(q[k]);
				distance += d * d;
			}
			keyed[n++] = distance << 20 | i;
		}
		long[] sorted = Arrays.copyOf(keyed, n);
		Arrays.sort(sorted);
		return Arrays.stream(sorted, 0, count).mapToInt(k -> (int) (k & 0xFFFFF)).toArray();
	}

	/**
	 * Image {@code index} with a bar {@code thickness} px thick struck through its middle, across its width, enlarged
	 * onto {@value #SIDE}².
	 */
	private static InkImage struckThrough(ImageSet set, int index, int thickness) {
		float[] digit = new float[784];
		byte[] bytes = set.image(index);
		int left = 28;
		int right = -1;
		for (int i = 0; i < 784; i++) {
			digit[i] = Byte.toUnsignedInt(bytes[i]) / 255f;
			if (digit[i] > 0.3f) {
				left = Math.min(left, i % 28);
				right = Math.max(right, i % 28);
			}
		}
		for (int x = Math.max(0, left - 2); x <= Math.min(27, right + 2); x++) {
			for (int y = 13; y < 13 + thickness; y++) {
				digit[y * 28 + x] = 1;
			}
		}
		int scale = SIDE / 28;
		float[] ink = new float[SIDE * SIDE];
		for (int y = 0; y < SIDE; y++) {
			for (int x = 0; x < SIDE; x++) {
				ink[y * SIDE + x] = digit[(y / scale) * 28 + x / scale];
			}
		}
		return new InkImage(SIDE, SIDE, ink);
	}
}
