package org.digitworkbench.ui.training;

import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService.Checkpoint;
import org.digitworkbench.ui.training.FieldChecks.Checked;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.Text;

/**
 * The console's form, in a scrolled composite: dataset and architecture (every registered one), the architecture's
 * recipe ({@code ModelArchitecture.presets()}: choosing an architecture or a recipe fills in its values, except in
 * the fields the person typed in, and a line says where the values come from), the hyper-parameters with the reason
 * under a field whose value is refused, the model's name (proposed until the user
 * types one), a cancelled run to resume, and a saved model to evaluate on the test images of any dataset.
 */
final class TrainingForm {

	/** What the form's buttons, links and Enter ask the console to do. */
	interface Actions {
		void start();

		void resume();

		void evaluate();

		/** The dataset's "download it now" link. */
		void download(DatasetProvider dataset);

		/** Something changed that may change which buttons can be pressed. */
		void changed();
	}

	private final Actions actions;
	private final ScrolledComposite scroll;
	private final Composite form;
	private final Combo datasetChoice;
	private final Link datasetStatus;
	private final Combo architectureChoice;
	private final Label architectureDescription;
	private final Combo recipeChoice;
	private final Link recipeNote;
	private final FormLayout.Field epochs;
	private final FormLayout.Field batchSize;
	private final FormLayout.Field learningRate;
	private final FormLayout.Field seed;
	private final FormLayout.Field validationFraction;
	private final Button augment;
	private final FormLayout.Field modelName;
	private final Combo checkpointChoice;
	private final Button resume;
	private final Combo savedModelChoice;
	private final Combo testSetChoice;
	private final Button evaluate;

	private List<DatasetProvider> datasetItems = List.of();
	private List<ModelArchitecture> architectureItems = List.of();
	private List<Checkpoint> checkpointItems = List.of();
	private List<ModelMetadata> savedItems = List.of();
	private final Set<String> savedNames = new HashSet<>();
	private final Set<String> checkpointNames = new HashSet<>();
	private boolean nameEdited;
	/** The hyper-parameter fields (and the augment box) the person changed: a recipe does not overwrite them. */
	private final Set<Object> edited = new HashSet<>();
	/** While the form itself writes a recipe's values into the fields. */
	private boolean filling;
	/** The chosen recipe's options: the source of the schedule, betas and precision, which have no field. */
	private TrainingOptions recipe = TrainingOptions.DEFAULTS;
	private List<String> recipeItems = List.of();
	private String preferredRecipe = ModelArchitecture.RECOMMENDED;
	private boolean settingName;
	private Color errorColor;

	TrainingForm(Composite owner, Actions actions) {
		this.actions = actions;
		scroll = new ScrolledComposite(owner, SWT.V_SCROLL | SWT.H_SCROLL);
		scroll.setExpandHorizontal(true);
		scroll.setExpandVertical(true);
		form = new Composite(scroll, SWT.NONE);
		GridLayout layout = new GridLayout(2, false);
		layout.marginWidth = 8;
		layout.verticalSpacing = 4;
		form.setLayout(layout);
		scroll.setContent(form);
		// the form takes the width it is given and wraps its lines (a horizontal scroll cut words at the edge)
		scroll.addListener(SWT.Resize, e -> relayout());
		FormLayout grid = new FormLayout(form);

		grid.heading("Train a model");
		datasetChoice = grid.combo(grid.caption("&Dataset:"));
		datasetChoice.addListener(SWT.Selection, e -> {
			showDatasetStatus();
			actions.changed();
		});
		datasetStatus = new Link(form, SWT.WRAP);
		GridData statusData = FormLayout.wide(2);
		statusData.widthHint = 200;
		datasetStatus.setLayoutData(statusData);
		datasetStatus.addListener(SWT.Selection, e -> {
			DatasetProvider dataset = dataset();
			if (dataset != null) {
				actions.download(dataset);
			}
		});

		architectureChoice = grid.combo(grid.caption("&Architecture:"));
		architectureChoice.addListener(SWT.Selection, e -> {
			showArchitectureDescription();
			if (!nameEdited) {
				proposeName();
			}
			applyRecipe();
			actions.changed();
		});
		architectureDescription = new Label(form, SWT.WRAP);
		GridData descriptionData = FormLayout.wide(2);
		descriptionData.widthHint = 200;
		architectureDescription.setLayoutData(descriptionData);
		recipeChoice = grid.combo(grid.caption("Re&cipe:"));
		recipeChoice.setToolTipText("The architecture's own hyper-parameters: Recommended for its best model, Quick for a good one soon");
		recipeChoice.addListener(SWT.Selection, e -> {
			applyRecipe();
			actions.changed();
		});
		recipeNote = new Link(form, SWT.WRAP);
		GridData noteData = FormLayout.wide(2);
		noteData.widthHint = 200;
		recipeNote.setLayoutData(noteData);
		recipeNote.addListener(SWT.Selection, e -> { // "use the recipe's": forget what was typed
			edited.clear();
			applyRecipe();
			actions.changed();
		});

		TrainingOptions d = TrainingOptions.DEFAULTS;
		epochs = grid.field("E&pochs:", Integer.toString(d.epochs()), "Passes over the training images (1 to 1000)");
		batchSize = grid.field("&Batch size:", Integer.toString(d.batchSize()), "Images per optimisation step");
		learningRate = grid.field("&Learning rate:", Double.toString(d.learningRate()),
				"Adam's step size, above 0 and at most 1 (0.001 is the usual choice)");
		seed = grid.field("&Seed:", Long.toString(d.seed()),
				"Seeds initialisation, shuffling and augmentation: the same seed gives the same model");
		validationFraction = grid.field("&Validation fraction:", "0",
				"Share of the training images held out to measure validation accuracy (0 to below 0.5)");
		augment = new Button(form, SWT.CHECK);
		augment.setLayoutData(FormLayout.wide(2));
		augment.setText("A&ugment training images");
		augment.setToolTipText("Small random shifts, scales and rotations of the training images");
		augment.setSelection(d.augment());
		modelName = grid.field("Model &name:", "", "The name the model is saved under; it must be new");
		modelName.text.addListener(SWT.Modify, e -> {
			if (!settingName) {
				nameEdited = true;
			}
		});

		grid.separator();
		grid.heading("Resume a cancelled run");
		checkpointChoice = grid.combo(grid.caption("Chec&kpoint:"));
		checkpointChoice.addListener(SWT.Selection, e -> actions.changed());
		new Label(form, SWT.NONE);
		resume = grid.button("&Resume", actions::resume);
		resume.setLayoutData(new GridData(SWT.RIGHT, SWT.TOP, false, false));

		grid.separator();
		grid.heading("Evaluate a saved model");
		savedModelChoice = grid.combo(grid.caption("Saved &model:"));
		savedModelChoice.addListener(SWT.Selection, e -> actions.changed());
		testSetChoice = grid.combo(grid.caption("Test &images:"));
		testSetChoice.setToolTipText("The test split of any registered dataset");
		testSetChoice.addListener(SWT.Selection, e -> actions.changed());
		new Label(form, SWT.NONE);
		evaluate = grid.button("&Evaluate", actions::evaluate);
		evaluate.setLayoutData(new GridData(SWT.RIGHT, SWT.TOP, false, false));
		evaluate.setToolTipText("Evaluate the saved model on the test images; the gallery shows the result");

		for (FormLayout.Field f : recipeFields()) {
			f.text.addListener(SWT.Modify, e -> {
				if (!filling && edited.add(f)) {
					showRecipeNote();
				}
			});
		}
		augment.addListener(SWT.Selection, e -> {
			if (edited.add(augment)) {
				showRecipeNote();
			}
		});
		for (FormLayout.Field f : fields()) {
			f.text.addListener(SWT.Modify, e -> actions.changed());
			f.text.addListener(SWT.Traverse, e -> {
				if (e.detail == SWT.TRAVERSE_RETURN) {
					e.doit = false;
					actions.start(); // Enter in a field starts, as the Start button does
				}
			});
		}
		augment.addListener(SWT.Selection, e -> actions.changed());
	}

	Control control() {
		return scroll;
	}

	Composite form() {
		return form;
	}

	boolean isDisposed() {
		return form.isDisposed();
	}

	private List<FormLayout.Field> fields() {
		return List.of(epochs, batchSize, learningRate, seed, validationFraction, modelName);
	}

	/** The fields a recipe fills in. */
	private List<FormLayout.Field> recipeFields() {
		return List.of(epochs, batchSize, learningRate, seed, validationFraction);
	}

	/** The colour of the lines that say what is wrong (it depends on the theme). */
	void setErrorColor(Color color) {
		errorColor = color;
		for (FormLayout.Field f : fields()) {
			f.errorLabel.setForeground(color);
		}
	}

	// ---- the lists

	/** The registered datasets and architectures changed: refresh the choices, keeping what was chosen. */
	void servicesChanged(List<DatasetProvider> datasets, List<ModelArchitecture> architectures) {
		datasetItems = datasets;
		architectureItems = architectures;
		Choices.fill(datasetChoice, datasetItems, DatasetProvider::id, DatasetProvider::displayName, "mnist");
		Choices.fill(testSetChoice, datasetItems, DatasetProvider::id, DatasetProvider::displayName, "mnist");
		Choices.fill(architectureChoice, architectureItems, ModelArchitecture::id, ModelArchitecture::name, "mlp");
		showDatasetStatus();
		showArchitectureDescription();
		if (!nameEdited) {
			proposeName();
		}
		applyRecipe();
	}

	// ---- the recipe

	/**
	 * The recipe chosen where the architecture has it (Window › Preferences' default recipe); a change fills the new
	 * recipe's values into the fields the person has not typed in.
	 */
	void setPreferredRecipe(String preset) {
		String wanted = preset == null || preset.isBlank() ? ModelArchitecture.RECOMMENDED : preset;
		if (!wanted.equals(preferredRecipe)) {
			preferredRecipe = wanted;
			if (!architectureItems.isEmpty()) {
				int index = recipeItems.indexOf(wanted); // the combo keeps its choice otherwise
				if (index >= 0) {
					recipeChoice.select(index);
				}
				applyRecipe();
			}
		}
	}

	/**
	 * Lists the architecture's recipes and fills the chosen one's values into the fields the person has not typed in;
	 * keeps its schedule, betas and precision for the run.
	 */
	private void applyRecipe() {
		ModelArchitecture architecture = Choices.selected(architectureChoice, architectureItems);
		Map<String, TrainingOptions> presets = architecture == null ? Map.of() : architecture.presets();
		if (architecture != null && presets.isEmpty()) { // a plug-in's design that names no recipe
			presets = Map.of(ModelArchitecture.RECOMMENDED, architecture.recommendedOptions());
		}
		recipeItems = List.copyOf(presets.keySet());
		Choices.fill(recipeChoice, recipeItems, p -> p, Recipes::label,
				presets.containsKey(preferredRecipe) ? preferredRecipe : ModelArchitecture.RECOMMENDED);
		String preset = Choices.selected(recipeChoice, recipeItems);
		recipe = preset == null ? TrainingOptions.DEFAULTS : presets.get(preset);
		filling = true;
		try {
			fill(epochs, Integer.toString(recipe.epochs()));
			fill(batchSize, Integer.toString(recipe.batchSize()));
			fill(learningRate, Double.toString(recipe.learningRate()));
			fill(seed, Long.toString(recipe.seed()));
			fill(validationFraction, Recipes.number(recipe.validationFraction()));
			if (!edited.contains(augment)) {
				augment.setSelection(recipe.augment());
			}
		} finally {
			filling = false;
		}
		showRecipeNote();
	}

	private void fill(FormLayout.Field field, String value) {
		if (!edited.contains(field) && !value.equals(field.text.getText())) {
			field.text.setText(value);
		}
	}

	/** Where the values come from: the recipe's line below the combo, and each field's tooltip. */
	private void showRecipeNote() {
		ModelArchitecture architecture = Choices.selected(architectureChoice, architectureItems);
		String preset = Choices.selected(recipeChoice, recipeItems);
		List<String> typed = new ArrayList<>();
		String[] captions = { "epochs", "batch size", "learning rate", "seed", "validation fraction" };
		String[] recipeValues = { Integer.toString(recipe.epochs()), Integer.toString(recipe.batchSize()),
				Double.toString(recipe.learningRate()), Long.toString(recipe.seed()),
				Recipes.number(recipe.validationFraction()) };
		List<FormLayout.Field> fields = recipeFields();
		for (int i = 0; i < fields.size(); i++) {
			FormLayout.Field f = fields.get(i);
			boolean own = edited.contains(f);
			if (own) {
				typed.add(captions[i]);
			}
			f.source(own ? "Typed by you; the recipe says " + recipeValues[i] : "From the recipe");
		}
		if (edited.contains(augment)) {
			typed.add("augment");
		}
		recipeNote.setText(architecture == null || preset == null ? ""
				: Recipes.note(architecture.id(), Recipes.label(preset).toLowerCase(Locale.ROOT), recipe, typed));
		recipeNote.setToolTipText(recipeNote.getText().replaceAll("</?a>", ""));
		relayout();
	}

	/** The saved models and the resumable runs, as read from the store. */
	void listsChanged(List<ModelMetadata> models, List<Checkpoint> checkpoints) {
		savedItems = models;
		savedNames.clear();
		models.forEach(m -> savedNames.add(m.name()));
		checkpointItems = checkpoints.stream().sorted((a, b) -> a.modelName().compareToIgnoreCase(b.modelName()))
				.toList();
		checkpointNames.clear();
		checkpointItems.forEach(c -> checkpointNames.add(c.modelName()));
		Choices.fill(savedModelChoice, savedItems, ModelMetadata::name, TrainingForm::describe, null);
		Choices.fill(checkpointChoice, checkpointItems, Checkpoint::modelName, c -> String.format(Locale.ROOT,
				"%s (%d/%d epochs)", c.modelName(), c.epochsDone(), c.request().options().epochs()), null);
		checkpointChoice.setToolTipText(checkpointItems.isEmpty() ? "A cancelled training appears here" : null);
		if (!nameEdited) {
			String name = modelName.text.getText().strip();
			if (savedNames.contains(name) || checkpointNames.contains(name)) {
				proposeName();
			}
		}
	}

	/** A run of {@code model} finished and was saved: its name is taken, a new one is proposed unless one was typed. */
	void saved(String model) {
		savedNames.add(model);
		if (!nameEdited || model.equals(modelName.text.getText().strip())) {
			proposeName();
		}
	}

	static String describe(ModelMetadata m) {
		String accuracy = Double.isNaN(m.testAccuracy()) ? ""
				: String.format(Locale.ROOT, ", %.2f %%", 100 * m.testAccuracy());
		return m.name() + " (" + m.architectureId() + ", " + m.datasetId() + accuracy + ")";
	}

	DatasetProvider dataset() {
		return Choices.selected(datasetChoice, datasetItems);
	}

	List<DatasetProvider> datasets() {
		return datasetItems;
	}

	Checkpoint checkpoint() {
		return Choices.selected(checkpointChoice, checkpointItems);
	}

	ModelMetadata savedModel() {
		return Choices.selected(savedModelChoice, savedItems);
	}

	DatasetProvider testSet() {
		return Choices.selected(testSetChoice, datasetItems);
	}

	void showDatasetStatus() {
		DatasetProvider dataset = dataset();
		datasetChoice.setToolTipText(dataset == null ? null : dataset.displayName());
		String text;
		if (dataset == null) {
			text = "No dataset is installed.";
		} else if (dataset.isAvailable()) {
			text = dataset.imageRows() + "×" + dataset.imageColumns() + " images, " + dataset.classNames().size()
					+ " classes; on this computer.";
		} else {
			text = "Not on this computer yet: <a>download it now</a> (else Start offers to).";
		}
		datasetStatus.setText(text);
		relayout();
	}

	private void showArchitectureDescription() {
		ModelArchitecture architecture = Choices.selected(architectureChoice, architectureItems);
		architectureDescription.setText(architecture == null ? "No architecture is installed." : architecture.description());
		architectureChoice.setToolTipText(architecture == null ? null : architecture.name());
		relayout();
	}

	private void proposeName() {
		ModelArchitecture architecture = Choices.selected(architectureChoice, architectureItems);
		Set<String> taken = new HashSet<>(savedNames);
		taken.addAll(checkpointNames);
		settingName = true;
		try {
			modelName.text.setText(ModelNames.propose(architecture == null ? "model" : architecture.id(),
					LocalDateTime.now(), taken));
		} finally {
			settingName = false;
		}
		nameEdited = false;
	}

	// ---- validation

	/** Checks every field, shows the reasons next to them, and returns the request when all are valid. */
	TrainingRequest validate() {
		Checked<Integer> e = FieldChecks.epochs(epochs.text.getText());
		Checked<Integer> b = FieldChecks.batchSize(batchSize.text.getText());
		Checked<Double> lr = FieldChecks.learningRate(learningRate.text.getText());
		Checked<Long> s = FieldChecks.seed(seed.text.getText());
		Checked<Double> v = FieldChecks.validationFraction(validationFraction.text.getText());
		Checked<String> n = FieldChecks.modelName(modelName.text.getText(), savedNames, checkpointNames);
		boolean relayout = epochs.showError(e.error(), errorColor);
		relayout |= batchSize.showError(b.error(), errorColor);
		relayout |= learningRate.showError(lr.error(), errorColor);
		relayout |= seed.showError(s.error(), errorColor);
		relayout |= validationFraction.showError(v.error(), errorColor);
		relayout |= modelName.showError(n.error(), errorColor);
		if (relayout) {
			relayout();
		}
		DatasetProvider dataset = dataset();
		ModelArchitecture architecture = Choices.selected(architectureChoice, architectureItems);
		if (e.ok() && b.ok() && lr.ok() && s.ok() && v.ok() && n.ok() && dataset != null && architecture != null) {
			return new TrainingRequest(n.value(), architecture.id(), dataset.id(), FieldChecks.options(recipe, e.value(),
					b.value(), lr.value(), s.value(), augment.getSelection(), v.value()));
		}
		return null;
	}

	/** Resume and Evaluate as the console's state allows ({@code idle}: no job of the console's runs). */
	void enableButtons(boolean idle) {
		resume.setEnabled(idle && checkpoint() != null);
		evaluate.setEnabled(idle && savedModel() != null && testSet() != null);
	}

	private void relayout() {
		int width = scroll.getClientArea().width;
		int least = form.computeSize(MIN_WIDTH, SWT.DEFAULT).x;
		scroll.setMinSize(form.computeSize(Math.max(width, least), SWT.DEFAULT));
		form.layout(true, true);
	}

	/** Below this width the form scrolls sideways instead of squeezing its fields. */
	static final int MIN_WIDTH = 280;

	void focus() {
		if (!datasetChoice.isDisposed()) {
			datasetChoice.setFocus();
		}
	}

	// ---- for the tests (same package)

	Combo datasetChoice() {
		return datasetChoice;
	}

	Combo architectureChoice() {
		return architectureChoice;
	}

	Label architectureDescription() {
		return architectureDescription;
	}

	Combo recipeChoice() {
		return recipeChoice;
	}

	Link recipeNote() {
		return recipeNote;
	}

	Button augmentBox() {
		return augment;
	}

	Text seedField() {
		return seed.text;
	}

	Text epochsField() {
		return epochs.text;
	}

	Text batchSizeField() {
		return batchSize.text;
	}

	Text learningRateField() {
		return learningRate.text;
	}

	Label learningRateError() {
		return learningRate.errorLabel;
	}

	Text validationFractionField() {
		return validationFraction.text;
	}

	Text modelNameField() {
		return modelName.text;
	}

	Label modelNameError() {
		return modelName.errorLabel;
	}

	Combo checkpointChoice() {
		return checkpointChoice;
	}

	Button resumeButton() {
		return resume;
	}

	Combo savedModelChoice() {
		return savedModelChoice;
	}

	Combo testSetChoice() {
		return testSetChoice;
	}

	Button evaluateButton() {
		return evaluate;
	}

	Set<String> checkpointNames() {
		return checkpointNames;
	}
}
