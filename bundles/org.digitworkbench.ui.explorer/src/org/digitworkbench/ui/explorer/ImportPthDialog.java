package org.digitworkbench.ui.explorer;

import java.util.List;

import org.digitworkbench.model.ModelArchitecture;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.IInputValidator;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * Asks which architecture a PyTorch {@code state_dict} was saved from (among those that can import one) and what
 * to call the new model.
 */
final class ImportPthDialog extends TitleAreaDialog {

	private final String fileName;
	private final List<ModelArchitecture> architectures;
	private final String suggestedName;
	private final IInputValidator nameValidator;

	private Combo architecture;
	private Label description;
	private Text name;
	private Prompts.PthImport choice;

	ImportPthDialog(Shell parent, String fileName, List<ModelArchitecture> architectures, String suggestedName,
			IInputValidator nameValidator) {
		super(parent);
		this.fileName = fileName;
		this.architectures = architectures;
		this.suggestedName = suggestedName;
		this.nameValidator = nameValidator;
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText("Import PyTorch Model");
	}

	@Override
	protected boolean isResizable() {
		return true;
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite area = (Composite) super.createDialogArea(parent);
		setTitle("Import " + fileName);
		setMessage("A state_dict saved with torch.save holds only weights: choose the architecture it was saved from.");
		Composite fields = new Composite(area, SWT.NONE);
		fields.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		fields.setLayout(new GridLayout(2, false));

		new Label(fields, SWT.NONE).setText("&Architecture:");
		architecture = new Combo(fields, SWT.READ_ONLY);
		architecture.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		for (ModelArchitecture a : architectures) {
			architecture.add(a.name() + "  [" + a.id() + "]");
		}
		new Label(fields, SWT.NONE);
		description = new Label(fields, SWT.WRAP);
		GridData descriptionData = new GridData(SWT.FILL, SWT.TOP, true, false);
		descriptionData.widthHint = 420;
		description.setLayoutData(descriptionData);

		new Label(fields, SWT.NONE).setText("&Name:");
		name = new Text(fields, SWT.BORDER | SWT.SINGLE);
		name.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		name.setText(suggestedName);
		name.selectAll();

		architecture.addListener(SWT.Selection, e -> {
			describe();
			validate();
		});
		name.addListener(SWT.Modify, e -> validate());
		if (!architectures.isEmpty()) {
			architecture.select(0);
			describe();
		}
		return area;
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		createButton(parent, IDialogConstants.OK_ID, "&Import", true);
		createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
		validate();
	}

	private void describe() {
		int index = architecture.getSelectionIndex();
		description.setText(index < 0 ? "" : architectures.get(index).description());
		description.getParent().layout(true);
	}

	private void validate() {
		String problem = architecture.getSelectionIndex() < 0 ? "Choose an architecture."
				: nameValidator.isValid(name.getText());
		setErrorMessage(problem);
		if (getButton(IDialogConstants.OK_ID) != null) {
			getButton(IDialogConstants.OK_ID).setEnabled(problem == null);
		}
	}

	@Override
	protected void okPressed() {
		choice = new Prompts.PthImport(architectures.get(architecture.getSelectionIndex()).id(), name.getText().strip());
		super.okPressed();
	}

	Prompts.PthImport choice() {
		return choice;
	}

	// for tests

	org.eclipse.swt.widgets.Button okButton() {
		return getButton(IDialogConstants.OK_ID);
	}

	Text nameField() {
		return name;
	}

	Combo architectureField() {
		return architecture;
	}

	String descriptionText() {
		return description.getText();
	}
}
