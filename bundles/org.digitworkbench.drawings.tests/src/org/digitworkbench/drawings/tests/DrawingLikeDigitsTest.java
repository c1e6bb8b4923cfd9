package org.digitworkbench.drawings.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.digitworkbench.drawings.DrawingLikeDigits;
import org.digitworkbench.drawings.DrawingLikeDigits.Style;
import org.digitworkbench.preprocess.InkImage;
import org.digitworkbench.preprocess.ModelInput;
import org.digitworkbench.preprocess.Pipelines;
import org.junit.jupiter.api.Test;

/** The drawing-like redraw: where, how big and with which pen a digit lands on the canvas. */
class DrawingLikeDigitsTest {

	/** A scan-like "1": a soft vertical bar 3 px wide and 20 px tall in a 28×28 image. */
	private static byte[] bar() {
		byte[] digit = new byte[28 * 28];
		for (int y = 4; y < 24; y++) {
			digit[y * 28 + 13] = (byte) 200;
			digit[y * 28 + 14] = (byte) 255;
			digit[y * 28 + 15] = (byte) 200;
		}
		return digit;
	}

	private record Box(int minX, int minY, int maxX, int maxY) {
		int width() {
			return maxX - minX + 1;
		}

		int height() {
			return maxY - minY + 1;
		}
	}

	private static Box ink(InkImage image) {
		int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
		for (int y = 0; y < image.height(); y++) {
			for (int x = 0; x < image.width(); x++) {
				if (image.at(x, y) >= 0.5f) {
					minX = Math.min(minX, x);
					maxX = Math.max(maxX, x);
					minY = Math.min(minY, y);
					maxY = Math.max(maxY, y);
				}
			}
		}
		return new Box(minX, minY, maxX, maxY);
	}

	@Test
	void anUprightDigitGetsTheRequestedHeightAndOnePenWidth() {
		InkImage thin = DrawingLikeDigits.redraw(bar(), 28, 28, new Style(200, 0, 0, 8, 0.5, 0.5));
		InkImage thick = DrawingLikeDigits.redraw(bar(), 28, 28, new Style(200, 0, 0, 30, 0.5, 0.5));
		Box thinBox = ink(thin);
		Box thickBox = ink(thick);
		assertEquals(8, thinBox.width(), 2, "a thin pen's stroke width");
		assertEquals(30, thickBox.width(), 2, "a thick pen's stroke width, whatever the scan's stroke was");
		// the bar is 200 px long: its middle line ends half the scan's (enlarged) stroke width before its ends, and the
		// round pen adds half its own width at each end
		assertTrue(thinBox.height() >= 170 && thinBox.height() <= 200 + 8 + 2, "height " + thinBox.height());
		assertEquals(140, (thinBox.minX + thinBox.maxX) / 2, 2, "centred when asked to be");
		for (float v : thin.ink()) {
			assertTrue(v >= 0 && v <= 1);
		}
	}

	@Test
	void placementAndSlantMoveAndLeanTheDigit() {
		Box left = ink(DrawingLikeDigits.redraw(bar(), 28, 28, new Style(80, 0, 0, 10, 0, 0)));
		Box right = ink(DrawingLikeDigits.redraw(bar(), 28, 28, new Style(80, 0, 0, 10, 1, 1)));
		assertTrue(left.maxX < 60 && left.maxY < 110, "top-left corner: " + left);
		assertTrue(right.minX > 220 && right.minY > 170, "bottom-right corner: " + right);
		Box slanted = ink(DrawingLikeDigits.redraw(bar(), 28, 28, new Style(200, 0.3, 0, 10, 0.5, 0.5)));
		assertTrue(slanted.width() > 50, "a slanted bar spans more width: " + slanted);
	}

	@Test
	void aTooLargeDigitIsShrunkToFitTheCanvas() {
		Box box = ink(DrawingLikeDigits.redraw(bar(), 28, 28, new Style(400, 0.35, 15, 36, 0.5, 0.5)));
		assertTrue(box.minX >= 0 && box.minY >= 0 && box.maxX < 280 && box.maxY < 280);
		assertTrue(box.height() > 200, "still large: " + box);
	}

	@Test
	void randomStylesAreReproducibleAndTheMnistPipelineRecentresThem() {
		Style a = DrawingLikeDigits.random(new Random(5));
		Style b = DrawingLikeDigits.random(new Random(5));
		assertEquals(a, b);
		assertArrayEquals(DrawingLikeDigits.redraw(bar(), 28, 28, a).ink(), DrawingLikeDigits.redraw(bar(), 28, 28, b).ink());
		Random random = new Random(11);
		for (int i = 0; i < 50; i++) {
			Style style = DrawingLikeDigits.random(random);
			assertTrue(style.penWidth() <= style.height() / 5 + 1e-9, "no fat pen on a small digit: " + style);
			ModelInput input = Pipelines.MNIST.apply(DrawingLikeDigits.redraw(bar(), 28, 28, style)).orElseThrow();
			double mass = 0, cy = 0;
			int top = 28, bottom = -1;
			for (int y = 0; y < 28; y++) {
				for (int x = 0; x < 28; x++) {
					float v = input.pixels()[y * 28 + x];
					mass += v;
					cy += v * (y + 0.5);
					if (v > 0.1f) {
						top = Math.min(top, y);
						bottom = Math.max(bottom, y);
					}
				}
			}
			assertEquals(14, cy / mass, 1.0, "centre of mass of " + style);
			assertEquals(20, bottom - top + 1, 2, "fitted into 20 px: " + style);
		}
	}

	@Test
	void aBlankScanGivesABlankCanvas() {
		InkImage blank = DrawingLikeDigits.redraw(new byte[28 * 28], 28, 28, new Style(100, 0, 0, 10, 0.5, 0.5));
		assertTrue(Pipelines.MNIST.apply(blank).isEmpty());
	}
}
