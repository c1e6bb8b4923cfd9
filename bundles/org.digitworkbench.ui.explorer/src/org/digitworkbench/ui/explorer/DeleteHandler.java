package org.digitworkbench.ui.explorer;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;

/**
 * Deletes the selected models after asking (Delete); active while the Model Explorer is. It works on the explorer's own selection (the one it also gives the
 * selection service): its toolbar asks it while another view is active too.
 */
public class DeleteHandler {

	@CanExecute
	public boolean canExecute(@Optional ModelOperations operations) {
		return operations != null && !operations.selection().isEmpty();
	}

	@Execute
	public void execute(ModelOperations operations) {
		operations.delete(operations.selection());
	}
}
