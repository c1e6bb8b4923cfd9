package org.digitworkbench.app.internal;

import java.lang.reflect.Method;

import org.eclipse.e4.ui.css.swt.theme.ITheme;
import org.eclipse.swt.widgets.Display;

/**
 * Asks GTK for its dark variant while the dark theme is on, as the Eclipse IDE's dark theme does. The CSS colours
 * what it names, but GTK still draws the widgets' states: with its light variant a disabled button's text was as
 * bright as an enabled one's (SWT's foreground colour applies to every state), the focus ring was dark on dark and
 * scroll bars and check boxes stayed light. GTK's dark variant draws those for a dark background.
 * <p>
 * SWT offers this only in its internal {@code org.eclipse.swt.internal.gtk.OS.setTheme(boolean)}; it is called
 * through reflection so that the product still starts where the class is missing (another window system, another
 * SWT): then only the CSS applies.
 */
final class NativeThemeVariant {

	private static final String GTK_OS = "org.eclipse.swt.internal.gtk.OS";

	private NativeThemeVariant() {
	}

	static boolean isDark(ITheme theme) {
		return theme != null && theme.getId() != null && theme.getId().endsWith(".dark");
	}

	/** Applies {@code theme}'s variant; true when GTK was told. On the UI thread. */
	static boolean apply(Display display, ITheme theme) {
		if (display == null || display.isDisposed()) {
			return false;
		}
		try {
			Class<?> os = Class.forName(GTK_OS, true, Display.class.getClassLoader());
			Method setTheme = os.getMethod("setTheme", boolean.class);
			setTheme.invoke(null, isDark(theme));
			return true;
		} catch (ReflectiveOperationException | LinkageError e) {
			return false; // not GTK, or an SWT without it: the CSS alone colours the widgets
		}
	}
}
