package org.digitworkbench.ui.canvas;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;

/** "Fine-tune the active model on my handwriting"; active while the drawing canvas is and no fine-tune runs. */
public class FineTuneHandler {

	@CanExecute
	public boolean canExecute(@Optional CanvasPart canvas) {
		return canvas != null && !canvas.fineTuning();
	}

	@Execute
	public void execute(CanvasPart canvas) {
		canvas.fineTune();
	}
}
