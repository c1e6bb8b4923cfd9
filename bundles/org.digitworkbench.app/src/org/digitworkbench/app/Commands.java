package org.digitworkbench.app;

/**
 * The workbench-wide commands the application model defines, with their key bindings; a view takes part by giving
 * its part descriptor a handler for the command (the handler is active while the view is), as Eclipse's views do.
 * Plug-ins' views may do the same, or run a command with {@code EHandlerService}.
 *
 * @since 0.1.2
 */
public final class Commands {

	/** Delete the selection (Delete). */
	public static final String DELETE = "org.eclipse.ui.edit.delete";
	/** Rename the selection (F2). */
	public static final String RENAME = "org.eclipse.ui.edit.rename";
	/** Read the view's data again (F5). */
	public static final String REFRESH = "org.eclipse.ui.file.refresh";
	/** Undo the last change (Ctrl+Z). */
	public static final String UNDO = "org.eclipse.ui.edit.undo";
	/** Open a view or bring it to the front; its one parameter is {@link #SHOW_VIEW_ID}. */
	public static final String SHOW_VIEW = "org.eclipse.ui.views.showView";
	/** {@link #SHOW_VIEW}'s parameter: the part descriptor's id. */
	public static final String SHOW_VIEW_ID = "org.eclipse.ui.views.showView.viewId";

	/**
	 * Open Window › Preferences (Ctrl+,).
	 *
	 * @since 0.1.3
	 */
	public static final String PREFERENCES = "org.eclipse.ui.window.preferences";

	private Commands() {
	}
}
