package org.digitworkbench.ui.gallery;

import org.eclipse.swt.widgets.Shell;

/** What the view's actions tell the Predictions view and ask of it. */
interface GalleryView {

	/** Whether the view is still open. */
	boolean alive();

	Shell shell();

	/** A line for the view's own status line. */
	void status(String text);

	/** The view's Evaluate… button now starts an evaluation ({@code false}) or cancels the one running ({@code true}). */
	void evaluating(boolean running);

	/** The name of the model whose evaluation is shown, as it is called now (it follows renames). */
	String shownModelName();
}
