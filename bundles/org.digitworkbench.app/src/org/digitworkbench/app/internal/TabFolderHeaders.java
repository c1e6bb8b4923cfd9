package org.digitworkbench.app.internal;

import java.util.HashSet;
import java.util.Set;

import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.ToolBar;

/**
 * Gives each tab folder's own header tool bars (SWT's minimise/maximise and chevron bars) the folder's background
 * after a theme change.
 * <p>
 * The CSS engine restyles only what it counts as a tab folder's visible children (the top-right control, the tabs,
 * the selected tab's control), so it never reaches these bars, and a style rule for them ({@code CTabFolder ToolBar})
 * cannot either. SWT gives them the folder's background, but only when the folder lays out its header again, so after
 * a switch from dark to light they stayed dark (and light after light to dark) until a stack was resized or hovered.
 */
final class TabFolderHeaders {

	private TabFolderHeaders() {
	}

	/** Every tab folder in {@code display}'s windows: its header bars take its background. On the UI thread. */
	static void follow(Display display) {
		if (display.isDisposed()) {
			return;
		}
		for (Shell shell : display.getShells()) {
			follow(shell);
		}
	}

	private static void follow(Control control) {
		if (control.isDisposed()) {
			return;
		}
		if (control instanceof CTabFolder folder) {
			Set<Control> styled = styledChildren(folder);
			for (Control child : folder.getChildren()) {
				if (child instanceof ToolBar bar && !styled.contains(bar)) {
					bar.setBackground(folder.getBackground());
				}
			}
		}
		if (control instanceof Composite composite) {
			for (Control child : composite.getChildren()) {
				follow(child);
			}
		}
	}

	/** The folder's children the CSS engine does style: its top-right control and its tabs' controls. */
	private static Set<Control> styledChildren(CTabFolder folder) {
		Set<Control> styled = new HashSet<>();
		if (folder.getTopRight() != null) {
			styled.add(folder.getTopRight());
		}
		for (CTabItem item : folder.getItems()) {
			if (item.getControl() != null) {
				styled.add(item.getControl());
			}
		}
		return styled;
	}
}
