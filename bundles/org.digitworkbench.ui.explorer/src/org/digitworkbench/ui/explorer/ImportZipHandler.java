package org.digitworkbench.ui.explorer;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;

/** Imports a model exported as a zip; active while the Model Explorer is. */
public class ImportZipHandler {

	@CanExecute
	public boolean canExecute(@Optional ModelOperations operations) {
		return operations != null;
	}

	@Execute
	public void execute(ModelOperations operations) {
		operations.importZip();
	}
}
