package org.digitworkbench.ui.explorer;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;

/**
 * Makes the selected model the canvas's model (also Enter or a double-click); active while the Model Explorer is. It works on the explorer's own selection (the one it also gives the
 * selection service): its toolbar asks it while another view is active too.
 */
public class ActivateHandler {

	@CanExecute
	public boolean canExecute(@Optional ModelOperations operations) {
		return operations != null && operations.canActivate(operations.selection());
	}

	@Execute
	public void execute(ModelOperations operations) {
		operations.activate(operations.selection());
	}
}
