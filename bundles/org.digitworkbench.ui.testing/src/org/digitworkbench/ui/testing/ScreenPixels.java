package org.digitworkbench.ui.testing;

import java.util.HashMap;
import java.util.Map;

import org.digitworkbench.app.FocusRing;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Control;

/**
 * What a control looks like on the screen (read back from the window system under Xvfb), for checks that a widget's
 * colours say nothing about: what GTK drew, whether a label reads as disabled, whether a bar kept an old theme.
 */
public final class ScreenPixels {

	private ScreenPixels() {
	}

	/** The pixels {@code control} shows in {@code area} (in its own coordinates, within its size). */
	public static RGB[][] capture(Control control, Rectangle area) {
		Image image = new Image(control.getDisplay(), area.width, area.height);
		GC gc = new GC(control);
		try {
			gc.copyArea(image, area.x, area.y);
		} finally {
			gc.dispose();
		}
		try {
			ImageData data = image.getImageData();
			RGB[][] rows = new RGB[area.height][area.width];
			for (int y = 0; y < area.height; y++) {
				for (int x = 0; x < area.width; x++) {
					rows[y][x] = data.palette.getRGB(data.getPixel(x, y));
				}
			}
			return rows;
		} finally {
			image.dispose();
		}
	}

	/** The whole of {@code control} as it is on the screen. */
	public static RGB[][] capture(Control control) {
		return capture(control, new Rectangle(0, 0, control.getSize().x, control.getSize().y));
	}

	/** The colour most of {@code pixels} have: the background, where text and lines are few. */
	public static RGB mostCommon(RGB[][] pixels) {
		Map<RGB, Integer> counts = new HashMap<>();
		for (RGB[] row : pixels) {
			for (RGB rgb : row) {
				counts.merge(rgb, 1, Integer::sum);
			}
		}
		return counts.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
	}

	/** Brightness from 0 (black) to 1 (white), weighted as the eye sees the three primaries. */
	public static double luminance(RGB rgb) {
		return (0.299 * rgb.red + 0.587 * rgb.green + 0.114 * rgb.blue) / 255;
	}

	/** How many pixels differ between {@code before} and {@code after} by a contrast ratio of at least {@code ratio}. */
	public static int changed(RGB[][] before, RGB[][] after, double ratio) {
		int count = 0;
		for (int y = 0; y < before.length; y++) {
			for (int x = 0; x < before[y].length; x++) {
				if (FocusRing.contrast(before[y][x], after[y][x]) >= ratio) {
					count++;
				}
			}
		}
		return count;
	}

	/**
	 * Whether the focus shows on {@code indicated} (a control, a cell, an image): between {@code before} (focus
	 * elsewhere) and {@code after} (focus on it), captured around it, at least as many pixels as a 1 px line round it
	 * change by 3:1 or more. WCAG 2.2 asks that much contrast of a focus indicator; GTK's dotted or 1 px dark-blue
	 * rings do not reach it in the dark theme.
	 */
	public static void assertFocusShows(String what, Rectangle indicated, RGB[][] before, RGB[][] after) {
		assertFocusShows(what, 2 * (indicated.width + indicated.height),
				"a 1 px line round its " + indicated.width + "x" + indicated.height, before, after);
	}

	/** The same, with at least {@code pixels} changing ({@code line}: what as many pixels would draw). */
	public static void assertFocusShows(String what, int pixels, String line, RGB[][] before, RGB[][] after) {
		int changed = changed(before, after, 3);
		if (changed < pixels) {
			throw new AssertionError(what + ": " + changed + " pixels change by 3:1 or more when the focus comes, fewer"
					+ " than " + line + " (" + pixels + ")");
		}
	}

	/**
	 * How well text drawn in {@code area} of {@code control} stands out: the difference in luminance between the
	 * area's most common colour (its background) and the pixel that differs most from it.
	 */
	public static double textContrast(Control control, Rectangle area) {
		RGB[][] pixels = capture(control, area);
		double background = luminance(mostCommon(pixels));
		double most = 0;
		for (RGB[] row : pixels) {
			for (RGB rgb : row) {
				most = Math.max(most, Math.abs(luminance(rgb) - background));
			}
		}
		return most;
	}
}
