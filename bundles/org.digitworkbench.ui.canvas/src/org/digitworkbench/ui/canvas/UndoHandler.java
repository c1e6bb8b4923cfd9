package org.digitworkbench.ui.canvas;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;

/** Takes the last stroke away (Ctrl+Z); active while the drawing canvas is. */
public class UndoHandler {

	@CanExecute
	public boolean canExecute(@Optional CanvasPart canvas) {
		return canvas != null;
	}

	@Execute
	public void execute(CanvasPart canvas) {
		canvas.undo();
	}
}
