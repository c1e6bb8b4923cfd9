package org.digitworkbench.app;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;

/**
 * The keyboard focus as the views' own drawn controls show it (the paper, the confusion matrix, the gallery): a
 * 2 px ring in a blue that stands out from what it is drawn on, in the light and the dark theme alike. GTK's own
 * indication ({@code GC.drawFocus}) is a faint dotted line, which the dark theme made all but invisible; the native
 * widgets' focus is the themes' CSS ({@code :focus}).
 *
 * @since 0.1.4
 */
public final class FocusRing {

	/** The ring's blue on light colours: the light theme's link blue, 5.3:1 against white. */
	public static final RGB ON_LIGHT = new RGB(0x1b, 0x6a, 0xcb);
	/** The ring's blue on dark colours: the dark theme's link blue, 6.8:1 against its background. */
	public static final RGB ON_DARK = new RGB(0x8c, 0xb4, 0xff);
	/** The ring's width in pixels. */
	public static final int WIDTH = 2;

	private FocusRing() {
	}

	/** The ring's colour where it is drawn over {@code background}: of the two blues, the one that stands out more. */
	public static RGB color(RGB background) {
		return contrast(ON_DARK, background) >= contrast(ON_LIGHT, background) ? ON_DARK : ON_LIGHT;
	}

	/** The contrast ratio of two colours, from 1 (the same) to 21 (black on white), as WCAG defines it. */
	public static double contrast(RGB a, RGB b) {
		double la = relativeLuminance(a);
		double lb = relativeLuminance(b);
		return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
	}

	private static double relativeLuminance(RGB rgb) {
		return 0.2126 * linear(rgb.red) + 0.7152 * linear(rgb.green) + 0.0722 * linear(rgb.blue);
	}

	private static double linear(int channel) {
		double c = channel / 255.0;
		return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
	}

	/** Draws the ring just inside {@code bounds}, over {@code background}; leaves {@code gc}'s line as it was. */
	public static void draw(GC gc, Rectangle bounds, RGB background) {
		Color before = gc.getForeground();
		int width = gc.getLineWidth();
		int style = gc.getLineStyle();
		gc.setForeground(new Color(color(background)));
		gc.setLineWidth(WIDTH);
		gc.setLineStyle(SWT.LINE_SOLID);
		// a line of width 2 is centred on the path: one pixel either side of it
		gc.drawRectangle(bounds.x + 1, bounds.y + 1, bounds.width - WIDTH, bounds.height - WIDTH);
		gc.setForeground(before);
		gc.setLineWidth(width);
		gc.setLineStyle(style);
	}
}
