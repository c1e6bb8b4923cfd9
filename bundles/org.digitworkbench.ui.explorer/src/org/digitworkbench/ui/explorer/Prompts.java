package org.digitworkbench.ui.explorer;

import java.util.List;

import org.digitworkbench.model.ModelArchitecture;
import org.eclipse.jface.dialogs.IInputValidator;
import org.eclipse.swt.widgets.Shell;

/**
 * Everything the explorer asks the person or tells them in a dialog. The part uses {@link DialogPrompts}; a test
 * hands it answers through {@code ExplorerPart.setPrompts} instead, so no modal dialog waits for a person.
 */
interface Prompts {

	/** A yes/no question; true when the person confirms. */
	boolean confirm(Shell shell, String title, String message);

	/** Reports a failure, with its reason. */
	void error(Shell shell, String title, String message);

	/** A name, checked by {@code validator} while typed; null when cancelled. */
	String askName(Shell shell, String title, String message, String initial, IInputValidator validator);

	/** A file to read; null when cancelled. */
	String openFile(Shell shell, String title, String[] extensions, String[] extensionNames);

	/** A file to write, suggested {@code fileName}; null when cancelled. */
	String saveFile(Shell shell, String title, String[] extensions, String[] extensionNames, String fileName);

	/** The architecture a {@code .pth} file is read into, and the new model's name; null when cancelled. */
	PthImport choosePthImport(Shell shell, String fileName, List<ModelArchitecture> architectures, String suggestedName,
			IInputValidator nameValidator);

	record PthImport(String architectureId, String name) {
	}
}
