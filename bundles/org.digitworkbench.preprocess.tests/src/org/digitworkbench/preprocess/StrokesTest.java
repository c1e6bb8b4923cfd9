package org.digitworkbench.preprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Thin strokes are widened to MNIST's width in the MNIST-style pipeline; normal ones are left as drawn. The drawings
 * are an "8" made here with a round pen of one width and a one-pixel anti-aliased edge, as the canvas draws.
 */
class StrokesTest {

	/** MNIST's strokes (as {@link Strokes#width} measures them) spread 1.73-3.23 px from the 10th to 90th percentile. */
	private static final double TOLERANCE = 0.4;

	/**
	 * An "8" (two ellipses, one on the other) {@code height} pixels tall and 0.6 of it wide, drawn with a pen
	 * {@code pen} pixels wide in the middle of a {@code side}² canvas.
	 */
	static InkImage eight(int side, double height, double pen) {
		float[] ink = new float[side * side];
		double cx = side / 2.0;
		double radiusY = height / 4;
		for (double cy : new double[] { side / 2.0 - radiusY, side / 2.0 + radiusY }) {
			double radiusX = cy < side / 2.0 ? height * 0.25 : height * 0.3;
			int n = 72;
			for (int i = 0; i < n; i++) {
				double a = 2 * Math.PI * i / n;
				double b = 2 * Math.PI * (i + 1) / n;
				stroke(ink, side, pen, new double[] { cx + radiusX * Math.cos(a), cy + radiusY * Math.sin(a) },
						new double[] { cx + radiusX * Math.cos(b), cy + radiusY * Math.sin(b) });
			}
		}
		return new InkImage(side, side, ink);
	}

	/** Inks the segment a-b with a round pen, anti-aliased one pixel wide at its edge. */
	private static void stroke(float[] ink, int side, double pen, double[] a, double[] b) {
		double reach = pen / 2 + 1;
		int x0 = (int) Math.max(0, Math.floor(Math.min(a[0], b[0]) - reach));
		int x1 = (int) Math.min(side - 1, Math.ceil(Math.max(a[0], b[0]) + reach));
		int y0 = (int) Math.max(0, Math.floor(Math.min(a[1], b[1]) - reach));
		int y1 = (int) Math.min(side - 1, Math.ceil(Math.max(a[1], b[1]) + reach));
		for (int y = y0; y <= y1; y++) {
			for (int x = x0; x <= x1; x++) {
				float v = (float) Math.max(0, Math.min(1, pen / 2 + 0.5 - segment(x + 0.5, y + 0.5, a, b)));
				ink[y * side + x] = Math.max(ink[y * side + x], v);
			}
		}
	}

	private static double segment(double px, double py, double[] a, double[] b) {
		double dx = b[0] - a[0];
		double dy = b[1] - a[1];
		double t = Math.max(0, Math.min(1, ((px - a[0]) * dx + (py - a[1]) * dy) / (dx * dx + dy * dy)));
		return Math.hypot(px - a[0] - t * dx, py - a[1] - t * dy);
	}

	private static double inputWidth(Pipeline pipeline, InkImage drawing) {
		return Strokes.width(pipeline.apply(drawing).orElseThrow().pixels(), 28, 28);
	}

	@Test
	void theWidthOfABarIsItsWidthLessItsEnds() {
		float[] bar = new float[100 * 300];
		for (int y = 50; y < 250; y++) {
			for (int x = 45; x < 55; x++) {
				bar[y * 100 + x] = 1;
			}
		}
		// 10 × 200: area 2000, outline 420
		assertEquals(2.0 * 2000 / 420, Strokes.width(bar, 100, 300), 0.05); // the corners count a little more
		assertEquals(0, Strokes.width(new float[100], 10, 10), "blank: no strokes");
	}

	@Test
	void widenedStrokesKeepTheirCoreAndGrowByTheRadius() {
		float[] bar = new float[60 * 60];
		for (int y = 10; y < 50; y++) {
			for (int x = 28; x < 32; x++) {
				bar[y * 60 + x] = 1;
			}
		}
		float[] widened = Strokes.thicken(bar, 60, 60, 3);
		int inked = 0;
		for (int x = 0; x < 60; x++) {
			inked += widened[30 * 60 + x] >= 0.5f ? 1 : 0;
		}
		assertEquals(4 + 2 * 3, inked, 1, "a 4 px bar grown by 3 px each side");
		for (int i = 0; i < bar.length; i++) {
			assertTrue(widened[i] >= bar[i], "ink is kept");
		}
		assertEquals(0f, widened[30 * 60 + 10], "far from the bar stays paper");
	}

	@Test
	void aFourPixelPenIsWidenedToMnistsStroke() {
		for (double height : new double[] { 120, 200, 250 }) {
			InkImage thin = eight(280, height, 4);
			double asDrawn = inputWidth(Pipelines.MNIST_AS_DRAWN, thin);
			double widened = inputWidth(Pipelines.MNIST, thin);
			assertTrue(asDrawn < 1.3, "a 4 px pen on a " + height + " px digit is faint as drawn: " + asDrawn);
			assertEquals(Pipelines.MNIST_STROKE, widened, TOLERANCE, "widened like MNIST's: " + widened);
		}
	}

	@Test
	void anEighteenPixelPenOnADigitOfUsualSizeIsLeftAsDrawn() {
		// 18 px at 120-150 px tall is 2.0-2.4 px once fitted: within MNIST's strokes
		for (double height : new double[] { 120, 150 }) {
			InkImage normal = eight(280, height, 18);
			assertArrayEquals(Pipelines.MNIST_AS_DRAWN.apply(normal).orElseThrow().pixels(),
					Pipelines.MNIST.apply(normal).orElseThrow().pixels(), "unchanged at " + height + " px");
			assertEquals(Pipelines.MNIST_STROKE, inputWidth(Pipelines.MNIST, normal), TOLERANCE);
			assertFalse(Pipelines.mnistSteps(normal).stream().anyMatch(s -> s.name().startsWith(Pipelines.WIDENED)));
		}
		// a thick pen is never thinned
		InkImage thick = eight(280, 150, 36);
		assertArrayEquals(Pipelines.MNIST_AS_DRAWN.apply(thick).orElseThrow().pixels(),
				Pipelines.MNIST.apply(thick).orElseThrow().pixels());
	}

	@Test
	void theWideningIsAStepOfWhatTheNetworkSees() {
		InkImage thin = eight(280, 200, 4);
		List<Pipelines.Step> steps = Pipelines.mnistSteps(thin);
		assertEquals(List.of("Ink", "Cropped to the ink", "widened", "Fitted in 20 px", "Centred by mass in 28\u00d728"),
				steps.stream().map(s -> s.name().startsWith(Pipelines.WIDENED) ? "widened" : s.name()).toList());
		assertTrue(steps.get(2).name().matches(Pipelines.WIDENED + " 0\\.\\d \u2192 2\\.\\d px"), steps.get(2).name());
		assertTrue(steps.get(2).width() > steps.get(1).width(), "the box grows with the strokes");
		assertArrayEquals(Pipelines.MNIST.apply(thin).orElseThrow().pixels(), steps.get(4).ink());
	}

	@Test
	void aLargeImageIsWidenedInABoundedBox() {
		// 1400² with a 10 px pen: the box is shrunk to 560 before widening
		InkImage large = eight(1400, 1100, 10);
		double widened = inputWidth(Pipelines.MNIST, large);
		assertEquals(Pipelines.MNIST_STROKE, widened, TOLERANCE);
		List<Pipelines.Step> steps = Pipelines.mnistSteps(large);
		int cropped = Math.max(steps.get(1).width(), steps.get(1).height());
		int widenedIn = Math.max(steps.get(2).width(), steps.get(2).height()); // 560 and the widened strokes
		assertTrue(cropped > 1000 && widenedIn < 700, "widened in " + widenedIn + " px, not in " + cropped);
	}
}
