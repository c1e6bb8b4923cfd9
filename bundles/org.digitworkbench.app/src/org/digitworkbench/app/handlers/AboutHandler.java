package org.digitworkbench.app.handlers;

import org.digitworkbench.app.Versions;
import org.digitworkbench.engine.EngineService;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;

import jakarta.inject.Named;

import org.eclipse.e4.ui.services.IServiceConstants;

public class AboutHandler {

	@Execute
	public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, @Optional EngineService engine) {
		MessageDialog.openInformation(shell, "About Digit Workbench", Versions.describe(engine));
	}
}
