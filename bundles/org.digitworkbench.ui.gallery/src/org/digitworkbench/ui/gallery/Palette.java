package org.digitworkbench.ui.gallery;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Control;

/**
 * The colours of the matrix and the gallery: two sequential ColorBrewer scales (blues for correct predictions, reds
 * for mistakes), interpolated in linear light so that equal steps look like equal steps, and text colours picked by
 * WCAG contrast. Every {@link Color} it hands out is owned here and disposed with the control it was made for.
 */
final class Palette {

	private static final int[] BLUES = { 0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c,
			0x08306b };
	private static final int[] REDS = { 0xfff5f0, 0xfee0d2, 0xfcbba1, 0xfc9272, 0xfb6a4a, 0xef3b2c, 0xcb181d, 0xa50f15,
			0x67000d };

	private final Map<RGB, Color> colors = new HashMap<>();
	private final Control owner;

	Palette(Control owner) {
		this.owner = owner;
		owner.addDisposeListener(e -> dispose());
	}

	/** The colour for {@code rgb}, made once and kept until the owner is disposed. */
	Color get(RGB rgb) {
		return colors.computeIfAbsent(rgb, c -> new Color(owner.getDisplay(), c));
	}

	/** Position {@code t} in [0, 1] on the blue scale (correct predictions). */
	static RGB blue(double t) {
		return scale(BLUES, t);
	}

	/** Position {@code t} in [0, 1] on the red scale (mistakes). */
	static RGB red(double t) {
		return scale(REDS, t);
	}

	private static RGB scale(int[] stops, double t) {
		double x = Math.max(0, Math.min(1, t)) * (stops.length - 1);
		int i = Math.min(stops.length - 2, (int) Math.floor(x));
		double f = x - i;
		int a = stops[i];
		int b = stops[i + 1];
		return new RGB(mix(a >> 16 & 0xff, b >> 16 & 0xff, f), mix(a >> 8 & 0xff, b >> 8 & 0xff, f),
				mix(a & 0xff, b & 0xff, f));
	}

	/** Mixes two sRGB channel values in linear light. */
	private static int mix(int a, int b, double f) {
		double linear = toLinear(a) * (1 - f) + toLinear(b) * f;
		return (int) Math.round(255 * fromLinear(linear));
	}

	/** {@code a} moved towards {@code b} by {@code f}. */
	static RGB blend(RGB a, RGB b, double f) {
		return new RGB(mix(a.red, b.red, f), mix(a.green, b.green, f), mix(a.blue, b.blue, f));
	}

	private static double toLinear(int channel) {
		double c = channel / 255.0;
		return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
	}

	private static double fromLinear(double c) {
		return c <= 0.0031308 ? 12.92 * c : 1.055 * Math.pow(c, 1 / 2.4) - 0.055;
	}

	/** WCAG relative luminance, 0 (black) to 1 (white). */
	static double luminance(RGB rgb) {
		return 0.2126 * toLinear(rgb.red) + 0.7152 * toLinear(rgb.green) + 0.0722 * toLinear(rgb.blue);
	}

	/** WCAG contrast ratio of two colours, 1 to 21. */
	static double contrast(RGB a, RGB b) {
		double la = luminance(a);
		double lb = luminance(b);
		return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
	}

	/** Near-black or white, whichever reads better on {@code background}. */
	static RGB textOn(RGB background) {
		RGB dark = new RGB(0, 0, 0); // pure black: with white, always at least 4.58 : 1
		RGB light = new RGB(0xff, 0xff, 0xff);
		return contrast(dark, background) >= contrast(light, background) ? dark : light;
	}

	static boolean isDark(RGB background) {
		return luminance(background) < 0.2;
	}

	/** Green for right, red for wrong; lighter shades on a dark background so both stay legible. */
	static RGB verdict(boolean right, RGB background) {
		if (isDark(background)) {
			return right ? new RGB(0x66, 0xbb, 0x6a) : new RGB(0xff, 0x6e, 0x6e);
		}
		return right ? new RGB(0x1b, 0x7f, 0x2a) : new RGB(0xc6, 0x28, 0x28);
	}

	private void dispose() {
		colors.values().forEach(Color::dispose);
		colors.clear();
	}
}
