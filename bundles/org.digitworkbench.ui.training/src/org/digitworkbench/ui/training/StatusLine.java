package org.digitworkbench.ui.training;

import org.eclipse.swt.SWT;
import org.eclipse.swt.accessibility.ACC;
import org.eclipse.swt.accessibility.AccessibleAdapter;
import org.eclipse.swt.accessibility.AccessibleControlAdapter;
import org.eclipse.swt.accessibility.AccessibleControlEvent;
import org.eclipse.swt.accessibility.AccessibleEvent;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;

/**
 * One line of text that changes many times a second during a training. A label would ask the whole window to lay
 * itself out again on every change (GTK re-allocates from the label up to the shell); this line only repaints
 * itself. Long text is cut with an ellipsis; the tooltip and screen readers get all of it.
 */
final class StatusLine extends Canvas {

	private String text = "";

	StatusLine(Composite parent) {
		super(parent, SWT.DOUBLE_BUFFERED);
		addPaintListener(e -> paint(e.gc));
		getAccessible().addAccessibleListener(new AccessibleAdapter() {
			@Override
			public void getName(AccessibleEvent e) {
				e.result = text;
			}
		});
		getAccessible().addAccessibleControlListener(new AccessibleControlAdapter() {
			@Override
			public void getRole(AccessibleControlEvent e) {
				e.detail = ACC.ROLE_LABEL;
			}

			@Override
			public void getValue(AccessibleControlEvent e) {
				e.result = text;
			}
		});
	}

	void setText(String newText) {
		checkWidget();
		String value = newText == null ? "" : newText;
		if (!value.equals(text)) {
			text = value;
			setToolTipText(text);
			redraw();
		}
	}

	String getText() {
		checkWidget();
		return text;
	}

	@Override
	public Point computeSize(int wHint, int hHint, boolean changed) {
		GC gc = new GC(this);
		try {
			int height = gc.getFontMetrics().getHeight() + 4;
			return new Point(wHint == SWT.DEFAULT ? 200 : wHint, hHint == SWT.DEFAULT ? height : hHint);
		} finally {
			gc.dispose();
		}
	}

	private void paint(GC gc) {
		int width = getClientArea().width;
		String shown = Ellipsis.shorten(gc, text, width);
		gc.setForeground(readableForeground());
		gc.drawText(shown, 0, 2, true);
	}

	/**
	 * Its foreground, or its parent's where that one does not stand out from the background: a widget of its own
	 * class is not always matched by the theme's CSS, and GTK's default text colour (dark) was drawn on the dark
	 * theme's background.
	 */
	Color readableForeground() {
		RGB background = getBackground().getRGB();
		for (Color candidate : new Color[] { getForeground(), getParent().getForeground() }) {
			if (Math.abs(TrainingCharts.luminance(candidate.getRGB()) - TrainingCharts.luminance(background)) >= 0.4) {
				return candidate;
			}
		}
		return getDisplay().getSystemColor(TrainingCharts.luminance(background) < 0.5 ? SWT.COLOR_WHITE : SWT.COLOR_BLACK);
	}
}
