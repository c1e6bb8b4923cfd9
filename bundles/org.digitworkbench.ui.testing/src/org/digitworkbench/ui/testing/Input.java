package org.digitworkbench.ui.testing;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;

/**
 * Keys and pointer moves posted through the window system (X, under Xvfb), as a person's would arrive: the
 * workbench's key bindings, SWT's filters and the widgets all see them.
 */
public final class Input {

	private Input() {
	}

	/**
	 * Moves the pointer to (x, y) in {@code control}'s coordinates. Without a window manager X gives the keyboard to
	 * the window under the pointer, so keys are posted with the pointer on the shell.
	 */
	public static void movePointer(Control control, int x, int y) {
		Point p = control.toDisplay(x, y);
		Event move = new Event();
		move.type = SWT.MouseMove;
		move.x = p.x;
		move.y = p.y;
		post(control.getDisplay(), move);
		spin(control.getDisplay(), 150);
	}

	/** Posts a key press and release (e.g. {@code SWT.ESC}, or {@code 'z'} with {@code SWT.CTRL}). */
	public static void postKey(Display display, int modifierKeyCode, int keyCode) {
		if (modifierKeyCode != 0) {
			post(display, key(SWT.KeyDown, modifierKeyCode));
		}
		post(display, key(SWT.KeyDown, keyCode));
		post(display, key(SWT.KeyUp, keyCode));
		if (modifierKeyCode != 0) {
			post(display, key(SWT.KeyUp, modifierKeyCode));
		}
		spin(display, 100);
	}

	/** Posts {@code event}, then lets the X server and GTK deliver it before the next one comes. */
	static void post(Display display, Event event) {
		if (!display.post(event)) {
			throw new AssertionError("The window system refused a posted " + event);
		}
		// a press must find the pointer where it was moved
		long end = System.nanoTime() + 3_000_000;
		while (System.nanoTime() < end || display.readAndDispatch()) {
			if (!display.readAndDispatch()) {
				Thread.onSpinWait();
			}
		}
	}

	private static Event key(int type, int keyCode) {
		Event event = new Event();
		event.type = type;
		if (keyCode < 0x10000 && Character.isLetterOrDigit(keyCode)) {
			event.character = (char) keyCode;
		}
		event.keyCode = keyCode;
		return event;
	}

	private static void spin(Display display, long millis) {
		long end = System.nanoTime() + millis * 1_000_000;
		while (System.nanoTime() < end) {
			if (!display.readAndDispatch()) {
				try {
					Thread.sleep(5);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new AssertionError("interrupted", e);
				}
			}
		}
	}
}
