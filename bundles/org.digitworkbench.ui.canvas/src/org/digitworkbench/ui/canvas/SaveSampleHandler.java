package org.digitworkbench.ui.canvas;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;

/** Keeps the drawing as a sample of the user's handwriting; active while the drawing canvas is. */
public class SaveSampleHandler {

	@CanExecute
	public boolean canExecute(@Optional CanvasPart canvas) {
		return canvas != null;
	}

	@Execute
	public void execute(CanvasPart canvas) {
		canvas.saveAsSample();
	}
}
