package org.digitworkbench.ui.training;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;

/** Start: trains a new model with the console's settings; active while the Training Console is. */
public class StartHandler {

	@CanExecute
	public boolean canExecute(@Optional TrainingPart training) {
		return training != null && training.canStart();
	}

	@Execute
	public void execute(TrainingPart training) {
		training.startTraining();
	}
}
