package org.digitworkbench.ui.explorer;

import java.util.List;

import org.digitworkbench.model.ModelArchitecture;
import org.eclipse.jface.dialogs.IInputValidator;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Shell;

/** The explorer's dialogs: JFace message and input dialogs, SWT file dialogs and {@link ImportPthDialog}. */
final class DialogPrompts implements Prompts {

	@Override
	public boolean confirm(Shell shell, String title, String message) {
		return MessageDialog.openConfirm(shell, title, message);
	}

	@Override
	public void error(Shell shell, String title, String message) {
		MessageDialog.openError(shell, title, message);
	}

	@Override
	public String askName(Shell shell, String title, String message, String initial, IInputValidator validator) {
		InputDialog dialog = new InputDialog(shell, title, message, initial, validator);
		return dialog.open() == Window.OK ? dialog.getValue().strip() : null;
	}

	@Override
	public String openFile(Shell shell, String title, String[] extensions, String[] extensionNames) {
		FileDialog dialog = new FileDialog(shell, SWT.OPEN);
		dialog.setText(title);
		dialog.setFilterExtensions(extensions);
		dialog.setFilterNames(extensionNames);
		return dialog.open();
	}

	@Override
	public String saveFile(Shell shell, String title, String[] extensions, String[] extensionNames, String fileName) {
		FileDialog dialog = new FileDialog(shell, SWT.SAVE);
		dialog.setText(title);
		dialog.setFilterExtensions(extensions);
		dialog.setFilterNames(extensionNames);
		dialog.setFileName(fileName);
		dialog.setOverwrite(true);
		return dialog.open();
	}

	@Override
	public PthImport choosePthImport(Shell shell, String fileName, List<ModelArchitecture> architectures,
			String suggestedName, IInputValidator nameValidator) {
		ImportPthDialog dialog = new ImportPthDialog(shell, fileName, architectures, suggestedName, nameValidator);
		return dialog.open() == Window.OK ? dialog.choice() : null;
	}
}
