package org.digitworkbench.ui.training;

import org.eclipse.swt.graphics.GC;

/** Text shortened to a width: the longest start that fits with an ellipsis after it. */
final class Ellipsis {

	private Ellipsis() {
	}

	/** {@code text}, or its longest start that fits in {@code room} px (in {@code gc}'s font) followed by "…". */
	static String shorten(GC gc, String text, int room) {
		if (gc.textExtent(text).x <= room) {
			return text;
		}
		int fits = 0;
		int tooLong = text.length();
		while (tooLong - fits > 1) {
			int middle = (fits + tooLong) / 2;
			if (gc.textExtent(text.substring(0, middle) + "\u2026").x <= room) {
				fits = middle;
			} else {
				tooLong = middle;
			}
		}
		return text.substring(0, fits) + "\u2026";
	}
}
