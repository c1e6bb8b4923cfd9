package org.digitworkbench.ui.training;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;

/** Cancel: stops the console's running job (a training keeps its last completed epoch); active while the Training Console is. */
public class CancelHandler {

	@CanExecute
	public boolean canExecute(@Optional TrainingPart training) {
		return training != null && training.canCancel();
	}

	@Execute
	public void execute(TrainingPart training) {
		training.cancelJob();
	}
}
