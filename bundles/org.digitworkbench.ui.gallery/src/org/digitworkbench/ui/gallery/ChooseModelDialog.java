package org.digitworkbench.ui.gallery;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.digitworkbench.model.ModelMetadata;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

/** Picks the saved model to evaluate: a table of the store's models, the active one selected first. */
final class ChooseModelDialog extends Dialog {

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
			.withZone(ZoneId.systemDefault());

	private final List<ModelMetadata> models;
	private final String preselected;
	private Table table;
	private ModelMetadata chosen;

	ChooseModelDialog(Shell parent, List<ModelMetadata> models, String preselected) {
		super(parent);
		this.models = models;
		this.preselected = preselected;
	}

	@Override
	protected void configureShell(Shell shell) {
		super.configureShell(shell);
		shell.setText("Evaluate a Saved Model");
	}

	@Override
	protected boolean isResizable() {
		return true;
	}

	@Override
	protected Control createDialogArea(Composite parent) {
		Composite area = (Composite) super.createDialogArea(parent);
		Label intro = new Label(area, SWT.WRAP);
		intro.setText("The model is evaluated on the test split of the dataset it was trained on; the confusion matrix "
				+ "and the gallery then show the results.");
		GridData introData = new GridData(SWT.FILL, SWT.TOP, true, false);
		introData.widthHint = 520;
		intro.setLayoutData(introData);
		table = new Table(area, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION);
		table.setHeaderVisible(true);
		table.setLinesVisible(true);
		GridData tableData = new GridData(SWT.FILL, SWT.FILL, true, true);
		tableData.heightHint = table.getItemHeight() * Math.min(12, Math.max(4, models.size())) + table.getHeaderHeight();
		table.setLayoutData(tableData);
		for (String title : new String[] { "Model", "Architecture", "Dataset", "Test accuracy", "Saved" }) {
			new TableColumn(table, SWT.LEFT).setText(title);
		}
		int select = 0;
		for (int i = 0; i < models.size(); i++) {
			ModelMetadata m = models.get(i);
			TableItem item = new TableItem(table, SWT.NONE);
			item.setText(new String[] { m.name() + (m.name().equals(preselected) ? " (active)" : ""),
					m.architectureId(), m.datasetId(),
					Double.isNaN(m.testAccuracy()) ? "\u2014" : String.format(Locale.ROOT, "%.2f %%", 100 * m.testAccuracy()),
					m.created() == null ? "" : WHEN.format(m.created()) });
			if (m.name().equals(preselected)) {
				select = i;
			}
		}
		for (TableColumn column : table.getColumns()) {
			column.pack();
		}
		table.setSelection(select);
		table.addListener(SWT.DefaultSelection, e -> okPressed());
		return area;
	}

	@Override
	protected void createButtonsForButtonBar(Composite parent) {
		createButton(parent, IDialogConstants.OK_ID, "Evaluate", true);
		createButton(parent, IDialogConstants.CANCEL_ID, IDialogConstants.CANCEL_LABEL, false);
	}

	@Override
	protected void okPressed() {
		int index = table.getSelectionIndex();
		chosen = index < 0 ? null : models.get(index);
		super.okPressed();
	}

	/** The model picked, or null. */
	ModelMetadata chosen() {
		return chosen;
	}
}
