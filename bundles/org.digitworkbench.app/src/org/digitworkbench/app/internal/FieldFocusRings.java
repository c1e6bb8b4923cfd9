package org.digitworkbench.app.internal;

import org.digitworkbench.app.FocusRing;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.List;
import org.eclipse.swt.widgets.Listener;
import org.eclipse.swt.widgets.Scrollable;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;

/**
 * The focused field, list or table gets {@link FocusRing}'s ring around it, in every window of the display: GTK's own
 * indication is 1 px of dark blue on a dark field, and nothing at all on a table without a chosen row, so in the dark
 * theme the keyboard was hard to follow. The ring is painted on the control's parent, just outside the control, as
 * e4's CSS border support does; CSS itself cannot: {@code :focus} applies only with
 * {@code -Dorg.eclipse.e4.ui.css.dynamic=true}, which also restyles every control the mouse passes over.
 */
final class FieldFocusRings {

	private static final String PAINTS = FieldFocusRings.class.getName();

	private FieldFocusRings() {
	}

	/** From now on, for every window of {@code display}. On the UI thread. */
	static void install(Display display) {
		if (display.getData(PAINTS) != null) {
			return;
		}
		display.setData(PAINTS, Boolean.TRUE);
		Listener focus = event -> {
			if (listLike(event.widget)) {
				Scrollable list = (Scrollable) event.widget;
				paintInside(list);
				list.redraw();
			} else if (ringed(event.widget)) {
				Control control = (Control) event.widget;
				paintOn(control.getParent());
				redrawAround(control);
			}
		};
		display.addFilter(SWT.FocusIn, focus);
		display.addFilter(SWT.FocusOut, focus);
	}

	/** The controls whose focus GTK shows too faintly; buttons and check boxes keep GTK's own ring. */
	static boolean ringed(Object widget) {
		return widget instanceof Text || widget instanceof Spinner || widget instanceof Combo || widget instanceof Table
				|| widget instanceof Tree || widget instanceof List;
	}

	/** Tables, trees and lists mostly fill their parent, leaving no room around them: their ring is inside. */
	private static boolean listLike(Object widget) {
		return widget instanceof Table || widget instanceof Tree || widget instanceof List;
	}

	private static void paintInside(Scrollable list) {
		if (list.getData(PAINTS) != null) {
			return;
		}
		list.setData(PAINTS, Boolean.TRUE);
		list.addListener(SWT.Paint, (Event e) -> {
			if (list.isFocusControl()) {
				Rectangle area = list.getClientArea();
				int header = header(list); // the header lies over the top of the client area
				Rectangle rows = new Rectangle(area.x, area.y + header, area.width, area.height - header);
				FocusRing.draw(e.gc, rows, list.getBackground().getRGB());
			}
		});
	}

	private static int header(Scrollable list) {
		if (list instanceof Table table && table.getHeaderVisible()) {
			return table.getHeaderHeight();
		}
		if (list instanceof Tree tree && tree.getHeaderVisible()) {
			return tree.getHeaderHeight();
		}
		return 0;
	}

	private static void paintOn(Composite parent) {
		if (parent == null || parent.getData(PAINTS) != null) {
			return;
		}
		parent.setData(PAINTS, Boolean.TRUE);
		parent.addListener(SWT.Paint, (Event e) -> {
			Control focused = parent.getDisplay().getFocusControl();
			if (focused != null && focused.getParent() == parent && ringed(focused) && !listLike(focused)
					&& focused.isVisible()) {
				FocusRing.draw(e.gc, around(focused), parent.getBackground().getRGB());
			}
		});
	}

	private static Rectangle around(Control control) {
		Rectangle bounds = control.getBounds();
		int width = FocusRing.WIDTH;
		return new Rectangle(bounds.x - width, bounds.y - width, bounds.width + 2 * width, bounds.height + 2 * width);
	}

	private static void redrawAround(Control control) {
		Composite parent = control.getParent();
		if (parent != null && !parent.isDisposed()) {
			Rectangle ring = around(control);
			parent.redraw(ring.x, ring.y, ring.width, ring.height, false);
		}
	}
}
