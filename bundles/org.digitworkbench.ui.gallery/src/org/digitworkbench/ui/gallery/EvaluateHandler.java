package org.digitworkbench.ui.gallery;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;

/** Evaluate…: asks for a saved model and evaluates it on its test split (or cancels the evaluation under way); active while the Predictions view is. */
public class EvaluateHandler {

	@CanExecute
	public boolean canExecute(@Optional GalleryPart gallery) {
		return gallery != null;
	}

	@Execute
	public void execute(GalleryPart gallery) {
		gallery.evaluateOrCancel();
	}
}
