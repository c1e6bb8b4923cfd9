package org.digitworkbench.ui.canvas;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;

import jakarta.inject.Named;

/**
 * "This is a 7": keeps the drawing as a sample of the digit the command's parameter names (keys 0–9 while the paper
 * has the keyboard, or the digit buttons). Not enabled elsewhere in the canvas view, so that digits typed into the
 * pen width stay digits.
 */
public class TeachHandler {

	/** The command's parameter: the digit, "0" to "9". */
	public static final String DIGIT = "org.digitworkbench.ui.canvas.teach.digit";

	@CanExecute
	public boolean canExecute(@Optional CanvasPart canvas, @Optional @Named(DIGIT) String digit) {
		return canvas != null && canvas.paperHasFocus() && (digit == null || digit.matches("[0-9]"));
	}

	@Execute
	public void execute(CanvasPart canvas, @Named(DIGIT) String digit) {
		canvas.teach(Integer.parseInt(digit));
	}
}
