package org.digitworkbench.ui.explorer;

import java.util.List;
import java.util.function.Consumer;

import org.digitworkbench.model.EpochSnapshot;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

/**
 * A model's kept epochs, first to last, with their metrics; "Use on the canvas" (or a double-click) makes the chosen
 * one, {@code name@epoch}, the active model that the canvas and the gallery use.
 */
final class EpochsView {

	private static final String[] COLUMNS = { "Epoch", "Test accuracy", "Validation", "Training accuracy",
			"Training loss", "Test loss" };

	private final Composite control;
	private final Label note;
	private final Table table;
	private final Button use;
	private String model;
	private List<EpochSnapshot> epochs = List.of();

	EpochsView(Composite parent, Consumer<String> activate) {
		control = new Composite(parent, SWT.NONE);
		GridLayout layout = new GridLayout(2, false);
		layout.marginWidth = 0;
		layout.marginHeight = 0;
		control.setLayout(layout);
		note = new Label(control, SWT.WRAP);
		note.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		use = new Button(control, SWT.PUSH);
		use.setText("Use on the canvas");
		use.setToolTipText("Make the selected epoch the active model: what the canvas and the gallery use");
		use.setEnabled(false);
		table = new Table(control, SWT.BORDER | SWT.FULL_SELECTION | SWT.SINGLE | SWT.V_SCROLL);
		table.setHeaderVisible(true);
		table.setLinesVisible(true);
		table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 2, 1));
		for (String column : COLUMNS) {
			new TableColumn(table, column.equals("Epoch") ? SWT.LEFT : SWT.RIGHT).setText(column);
		}
		table.addListener(SWT.Selection, e -> use.setEnabled(selected() != null));
		Runnable useSelected = () -> {
			String reference = selected();
			if (reference != null) {
				activate.accept(reference);
			}
		};
		use.addListener(SWT.Selection, e -> useSelected.run());
		table.addListener(SWT.DefaultSelection, e -> useSelected.run());
		showMessage("Select one model to see its kept epochs.");
	}

	Composite control() {
		return control;
	}

	/** The reference {@code name@epoch} of the selected row, or null. */
	String selected() {
		int row = table.getSelectionIndex();
		return model == null || row < 0 || row >= epochs.size() ? null
				: EpochSnapshot.reference(model, epochs.get(row).epoch());
	}

	void showMessage(String text) {
		model = null;
		epochs = List.of();
		table.removeAll();
		note.setText(text);
		use.setEnabled(false);
		control.layout(true);
	}

	/** {@code name}'s epochs; the row of {@code active} (a reference, or null) marked. */
	void show(String name, List<EpochSnapshot> kept, String active) {
		model = name;
		epochs = List.copyOf(kept);
		table.setRedraw(false);
		try {
			table.removeAll();
			for (EpochSnapshot e : epochs) {
				String reference = EpochSnapshot.reference(name, e.epoch());
				TableItem item = new TableItem(table, SWT.NONE);
				item.setText(new String[] { (reference.equals(active) ? ModelTable.ACTIVE_MARK : "") + e.epoch(),
						Formats.percent(e.testAccuracy()), Formats.percent(e.validationAccuracy()),
						Formats.percent(e.trainAccuracy()), Formats.decimal(e.trainLoss(), 4),
						Formats.decimal(e.testLoss(), 4) });
			}
			for (TableColumn column : table.getColumns()) {
				column.pack();
			}
		} finally {
			table.setRedraw(true);
		}
		note.setText(epochs.isEmpty()
				? name + " kept no epochs (imported, or trained with keeping epochs off, or over "
						+ "20 epochs)."
				: name + ": " + epochs.size() + " kept epoch" + (epochs.size() == 1 ? "" : "s")
						+ ". Pick one to use it on the canvas as " + name + EpochSnapshot.SEPARATOR + "N.");
		use.setEnabled(selected() != null);
		control.layout(true);
	}

	String model() {
		return model;
	}

	Table table() {
		return table;
	}

	Button useButton() {
		return use;
	}
}
