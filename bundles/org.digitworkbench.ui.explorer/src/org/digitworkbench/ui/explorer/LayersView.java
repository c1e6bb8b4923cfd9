package org.digitworkbench.ui.explorer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

/** One model's layer table (index, type, output shape, parameters) and its totals. */
final class LayersView {

	private final Composite control;
	private final Label title;
	private final Table table;
	private final Label total;
	private Inspection inspection;

	LayersView(Composite parent) {
		control = new Composite(parent, SWT.NONE);
		GridLayout layout = new GridLayout(1, false);
		layout.marginWidth = 0;
		layout.marginHeight = 0;
		control.setLayout(layout);
		title = new Label(control, SWT.NONE);
		title.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		table = new Table(control, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
		table.setHeaderVisible(true);
		table.setLinesVisible(true);
		table.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		column("#", SWT.RIGHT, 40);
		column("Type", SWT.LEFT, 120);
		column("Output shape", SWT.LEFT, 130);
		column("Parameters", SWT.RIGHT, 100);
		column("Parameter shapes", SWT.LEFT, 200);
		total = new Label(control, SWT.WRAP);
		total.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
	}

	private void column(String text, int alignment, int width) {
		TableColumn column = new TableColumn(table, alignment);
		column.setText(text);
		column.setWidth(width);
	}

	Composite control() {
		return control;
	}

	void showMessage(String modelName, String message) {
		inspection = null;
		title.setText(modelName);
		table.removeAll();
		total.setText(message);
		control.layout(true);
	}

	void show(String modelName, long savedCount, Inspection result) {
		inspection = result;
		title.setText(modelName);
		table.setRedraw(false);
		try {
			table.removeAll();
			for (Inspection.Layer layer : result.layers()) {
				TableItem item = new TableItem(table, SWT.NONE);
				String parameters = Formats.count(layer.trainable())
						+ (layer.fixed() > 0 ? " (+" + Formats.count(layer.fixed()) + " fixed)" : "");
				item.setText(new String[] { layer.index(), layer.type(), layer.outputShape(), parameters,
						layer.parameters() });
			}
			for (TableColumn column : table.getColumns()) {
				column.pack();
				column.setWidth(Math.max(column.getWidth(), 50));
			}
		} finally {
			table.setRedraw(true);
		}
		StringBuilder text = new StringBuilder("Total: ").append(Formats.count(result.trainable()))
				.append(" trainable parameters");
		if (result.fixed() > 0) {
			text.append(", ").append(Formats.count(result.fixed()))
					.append(" not trained by gradient descent (e.g. batch-norm running statistics)");
		}
		if (savedCount > 0 && savedCount != result.trainable()) {
			text.append(" \u2014 the metadata says ").append(Formats.count(savedCount));
		}
		total.setText(text.toString());
		control.layout(true);
	}

	/** For tests. */
	Inspection inspection() {
		return inspection;
	}

	Table table() {
		return table;
	}

	String totalText() {
		return total.getText();
	}
}
