package org.digitworkbench.ui.explorer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelMetadata.ClassMetrics;
import org.digitworkbench.model.TrainingOptions;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;

/**
 * The selected model's details in four tabs — summary (hyper-parameters, provenance, SHA-256), per-class metrics,
 * layers, first-layer weights, kept epochs — or, with two models selected, both side by side: one column each in the summary
 * (differences in bold, accuracy and loss with their difference), F1 and recall per class next to each other, two
 * layer tables and two weight pictures.
 */
final class DetailsPanel {

	static final String HINT = "Select a model to see its details; select two (Ctrl+click) to compare them.";

	private final Composite control;
	private final StackLayout stack = new StackLayout();
	private final Label hint;
	private final CTabFolder tabs;
	private final Table summary;
	private final Label perClassNote;
	private final Table perClass;
	private final SashForm layersSash;
	private final SashForm weightsSash;
	private final LayersView[] layers = new LayersView[2];
	private final WeightsView[] weights = new WeightsView[2];
	private final EpochsView epochs;
	private final Font bold;
	private List<ModelMetadata> shown = List.of();

	/** @param activateEpoch makes a kept epoch ({@code name@epoch}) the active model */
	DetailsPanel(Composite parent, java.util.function.Consumer<String> activateEpoch) {
		control = new Composite(parent, SWT.NONE);
		control.setLayout(stack);
		hint = new Label(control, SWT.WRAP);
		hint.setText(HINT);

		tabs = new CTabFolder(control, SWT.BORDER | SWT.FLAT);
		summary = table(tabs);
		tab("Summary", summary);

		Composite perClassArea = new Composite(tabs, SWT.NONE);
		GridLayout perClassLayout = new GridLayout(1, false);
		perClassLayout.marginWidth = 0;
		perClassLayout.marginHeight = 0;
		perClassArea.setLayout(perClassLayout);
		perClassNote = new Label(perClassArea, SWT.WRAP);
		perClassNote.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		perClass = table(perClassArea);
		perClass.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		tab("Per class", perClassArea);

		layersSash = new SashForm(tabs, SWT.HORIZONTAL);
		layersSash.setSashWidth(6);
		weightsSash = new SashForm(tabs, SWT.HORIZONTAL);
		weightsSash.setSashWidth(6);
		for (int i = 0; i < 2; i++) {
			layers[i] = new LayersView(layersSash);
			weights[i] = new WeightsView(weightsSash);
		}
		tab("Layers", layersSash);
		tab("Weights", weightsSash);
		epochs = new EpochsView(tabs, activateEpoch);
		tab("Epochs", epochs.control());
		tabs.setSelection(0);

		FontData data = summary.getFont().getFontData()[0];
		bold = new Font(control.getDisplay(), data.getName(), data.getHeight(), data.getStyle() | SWT.BOLD);
		control.addDisposeListener(e -> bold.dispose());
		stack.topControl = hint;
	}

	private static Table table(Composite parent) {
		Table table = new Table(parent, SWT.BORDER | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.H_SCROLL);
		table.setHeaderVisible(true);
		table.setLinesVisible(true);
		return table;
	}

	private void tab(String text, Control content) {
		CTabItem item = new CTabItem(tabs, SWT.NONE);
		item.setText(text);
		item.setControl(content);
	}

	Composite control() {
		return control;
	}

	/**
	 * Shows one or two models' metadata (the layers and weights follow with {@link #showInspection}); none shows the
	 * hint. {@code architectureNames} maps ids to names for people.
	 */
	void show(List<ModelMetadata> models, Map<String, String> architectureNames) {
		shown = List.copyOf(models);
		if (models.isEmpty()) {
			stack.topControl = hint;
			control.layout(true);
			return;
		}
		stack.topControl = tabs;
		fillSummary(models, architectureNames);
		fillPerClass(models);
		for (int i = 0; i < 2; i++) {
			boolean used = i < models.size();
			layers[i].control().setVisible(used);
			weights[i].control().setVisible(used);
			if (used) {
				String name = models.get(i).name();
				layers[i].showMessage(name, "Loading the model\u2026");
				weights[i].showMessage(name + ": loading the model\u2026");
			}
		}
		layersSash.layout(true);
		weightsSash.layout(true);
		epochs.showMessage(models.size() == 1 ? "Reading the kept epochs\u2026"
				: "Select one model to see its kept epochs.");
		control.layout(true, true);
	}

	/** The kept epochs of {@code model} (if it is the one shown), or {@code failure} when they could not be read. */
	void showEpochs(String model, List<org.digitworkbench.model.EpochSnapshot> kept, String failure, String active) {
		if (shown.size() != 1 || !shown.get(0).name().equals(model)) {
			return;
		}
		if (kept == null) {
			epochs.showMessage("Could not read the epochs of " + model + ": " + failure);
		} else {
			epochs.show(model, kept, active);
		}
	}

	EpochsView epochs() {
		return epochs;
	}

	/** The layers and weights of {@code model}, shown in slot 0 or 1; {@code failure} when it could not be read. */
	void showInspection(int slot, ModelMetadata model, Inspection inspection, String failure) {
		if (slot >= shown.size() || !shown.get(slot).name().equals(model.name())) {
			return;
		}
		if (inspection == null) {
			layers[slot].showMessage(model.name(), "Could not read the model: " + failure);
			weights[slot].showMessage(model.name() + ": could not read the model: " + failure);
			return;
		}
		layers[slot].show(model.name(), model.parameterCount(), inspection);
		if (inspection.weights() != null) {
			weights[slot].show(model.name(), inspection.weights());
		} else {
			weights[slot].showMessage(model.name() + ": " + inspection.noImageForm());
		}
	}

	private record Property(String label, Function<ModelMetadata, String> value) {
	}

	private static List<Property> properties(Map<String, String> architectureNames) {
		List<Property> all = new ArrayList<>();
		all.add(new Property("Architecture", m -> architectureNames.containsKey(m.architectureId())
				? architectureNames.get(m.architectureId()) + " [" + m.architectureId() + "]" : m.architectureId()));
		all.add(new Property("Dataset", m -> Formats.orNone(m.datasetId())));
		all.add(new Property("Fine-tuned from", m -> Formats.orNone(m.parent())));
		all.add(new Property("Test accuracy", m -> Formats.percent(m.testAccuracy())));
		all.add(new Property("Test loss", m -> Formats.decimal(m.testLoss(), 4)));
		all.add(new Property("Training accuracy", m -> Formats.percent(m.trainAccuracy())));
		all.add(new Property("Training loss", m -> Formats.decimal(m.trainLoss(), 4)));
		all.add(new Property("Parameters", m -> Formats.count(m.parameterCount())));
		all.add(new Property("Epochs done", m -> Integer.toString(m.epochsDone())));
		all.add(new Property("Training time", m -> Formats.duration(m.trainingMillis())));
		all.add(new Property("Batch size", m -> option(m, o -> Integer.toString(o.batchSize()))));
		all.add(new Property("Learning rate", m -> option(m,
				o -> java.math.BigDecimal.valueOf(o.learningRate()).stripTrailingZeros().toPlainString())));
		all.add(new Property("Epochs asked for", m -> option(m, o -> Integer.toString(o.epochs()))));
		all.add(new Property("Seed", m -> option(m, o -> Long.toString(o.seed()))));
		all.add(new Property("Augmentation", m -> option(m, o -> o.augment() ? "on" : "off")));
		all.add(new Property("Validation share", m -> option(m, o -> Formats.percent(o.validationFraction()))));
		all.add(new Property("Created", m -> Formats.created(m.created())));
		all.add(new Property("Source", m -> Formats.orNone(m.source())));
		all.add(new Property("Engine", m -> Formats.orNone(m.engine()) + (m.djlVersion() == null ? "" : ", DJL " + m.djlVersion())));
		all.add(new Property("SHA-256", m -> Formats.shortSha(m.parametersSha256())));
		return all;
	}

	private static String option(ModelMetadata m, Function<TrainingOptions, String> value) {
		return m.options() == null ? Formats.NONE : value.apply(m.options());
	}

	private void fillSummary(List<ModelMetadata> models, Map<String, String> architectureNames) {
		summary.setRedraw(false);
		try {
			summary.removeAll();
			for (TableColumn column : summary.getColumns()) {
				column.dispose();
			}
			new TableColumn(summary, SWT.LEFT).setText("Property");
			for (ModelMetadata m : models) {
				new TableColumn(summary, SWT.LEFT).setText(m.name());
			}
			for (Property property : properties(architectureNames)) {
				TableItem item = new TableItem(summary, SWT.NONE);
				item.setText(0, property.label());
				String first = property.value().apply(models.get(0));
				item.setText(1, first);
				if (models.size() > 1) {
					ModelMetadata a = models.get(0);
					ModelMetadata b = models.get(1);
					String second = property.value().apply(b);
					if (property.label().equals("Test accuracy") && !Double.isNaN(a.testAccuracy())
							&& !Double.isNaN(b.testAccuracy())) {
						second += "  (" + Formats.percentPoints(b.testAccuracy() - a.testAccuracy()) + ")";
					}
					item.setText(2, second);
					if (!Objects.equals(first, property.value().apply(b))) {
						item.setFont(2, bold);
					}
				}
			}
			for (TableColumn column : summary.getColumns()) {
				column.pack();
			}
		} finally {
			summary.setRedraw(true);
		}
		summary.setToolTipText(models.stream().map(m -> m.name() + " SHA-256: " + Formats.orNone(m.parametersSha256()))
				.reduce((x, y) -> x + "\n" + y).orElse(null));
	}

	private void fillPerClass(List<ModelMetadata> models) {
		perClass.setRedraw(false);
		try {
			perClass.removeAll();
			for (TableColumn column : perClass.getColumns()) {
				column.dispose();
			}
			List<String> missing = models.stream().filter(m -> m.perClass() == null || m.perClass().isEmpty())
					.map(ModelMetadata::name).toList();
			perClassNote.setText(missing.isEmpty() ? "Precision, recall and F1 on the test split."
					: "Not evaluated on the test split: " + String.join(", ", missing)
							+ " (imported models have no metrics until evaluated).");
			perClassNote.getParent().layout(true);
			if (models.size() == 1) {
				String[] headers = { "Class", "Precision", "Recall", "F1", "Support" };
				for (String header : headers) {
					new TableColumn(perClass, header.equals("Class") ? SWT.LEFT : SWT.RIGHT).setText(header);
				}
				for (ClassMetrics c : metrics(models.get(0))) {
					new TableItem(perClass, SWT.NONE).setText(new String[] { c.className(), Formats.decimal(c.precision(), 3),
							Formats.decimal(c.recall(), 3), Formats.decimal(c.f1(), 3), Integer.toString(c.support()) });
				}
			} else {
				String a = models.get(0).name();
				String b = models.get(1).name();
				String[] headers = { "Class", "F1 " + a, "F1 " + b, "\u0394 F1", "Recall " + a, "Recall " + b,
						"Precision " + a, "Precision " + b, "Support" };
				for (String header : headers) {
					new TableColumn(perClass, header.equals("Class") ? SWT.LEFT : SWT.RIGHT).setText(header);
				}
				List<ClassMetrics> first = metrics(models.get(0));
				List<ClassMetrics> second = metrics(models.get(1));
				int rows = Math.max(first.size(), second.size());
				for (int i = 0; i < rows; i++) {
					ClassMetrics x = i < first.size() ? first.get(i) : null;
					ClassMetrics y = i < second.size() ? second.get(i) : null;
					String name = x != null ? x.className() : y.className();
					String delta = x != null && y != null ? String.format(Locale.ROOT, "%+.3f", y.f1() - x.f1()) : Formats.NONE;
					new TableItem(perClass, SWT.NONE).setText(new String[] { name, x == null ? Formats.NONE : Formats.decimal(x.f1(), 3),
							y == null ? Formats.NONE : Formats.decimal(y.f1(), 3), delta,
							x == null ? Formats.NONE : Formats.decimal(x.recall(), 3),
							y == null ? Formats.NONE : Formats.decimal(y.recall(), 3),
							x == null ? Formats.NONE : Formats.decimal(x.precision(), 3),
							y == null ? Formats.NONE : Formats.decimal(y.precision(), 3),
							Integer.toString(x != null ? x.support() : y.support()) });
				}
			}
			for (TableColumn column : perClass.getColumns()) {
				column.pack();
			}
			new TableColumn(perClass, SWT.LEFT); // takes the rest of the width, so the numbers stay together
		} finally {
			perClass.setRedraw(true);
		}
	}

	private static List<ClassMetrics> metrics(ModelMetadata m) {
		return m.perClass() == null ? List.of() : m.perClass();
	}

	// for tests

	List<ModelMetadata> shown() {
		return shown;
	}

	boolean showsHint() {
		return stack.topControl == hint;
	}

	CTabFolder tabs() {
		return tabs;
	}

	Table summary() {
		return summary;
	}

	Table perClass() {
		return perClass;
	}

	LayersView layers(int slot) {
		return layers[slot];
	}

	WeightsView weights(int slot) {
		return weights[slot];
	}
}
