package org.digitworkbench.ui.training;

import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreEvents;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.training.Evaluation;
import org.digitworkbench.training.EvaluationJob;
import org.digitworkbench.training.EvaluationService;
import org.digitworkbench.training.TrainingEvents;
import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService;
import org.digitworkbench.training.TrainingService.Checkpoint;
import org.digitworkbench.ui.training.FieldChecks.Checked;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.accessibility.AccessibleAdapter;
import org.eclipse.swt.accessibility.AccessibleEvent;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swtchart.Chart;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.event.Event;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Training Console: choose a dataset and an architecture (every registered one, plug-ins' included), set the
 * hyper-parameters, start, cancel or resume a run and watch it live — progress, loss and accuracy charts, a log —
 * and evaluate any saved model on any registered dataset.
 * <p>
 * Trainings, downloads and evaluations run as Jobs; the view only follows their events, and it follows one run at a
 * time: the one it started, or, when idle, a run started elsewhere (e.g. before the view was reopened).
 */
public class TrainingPart {

	/** Posted by the CSS theme engine after it restyled the widgets. */
	static final String THEME_CHANGED = "org/eclipse/e4/ui/css/swt/theme/ThemeManager/themeChanged";
	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
	private static final int PROGRESS_SCALE = 1000;

	@Inject
	ModelStore store;

	@Inject
	TrainingService training;

	@Inject
	EvaluationService evaluation;

	@Inject
	IEventBroker events;

	@Inject
	UISynchronize ui;

	private ServiceChoices<DatasetProvider> datasets;
	private ServiceChoices<ModelArchitecture> architectures;

	/**
	 * Batch events wait here and the UI thread takes them in bunches, five times a second: one UI wake-up per batch
	 * (some 150 a second for the MLP) cost the UI thread a fifth of a core and slowed the training beside it.
	 */
	private final ConcurrentLinkedQueue<Event> batches = new ConcurrentLinkedQueue<>();
	private final AtomicBoolean batchesScheduled = new AtomicBoolean();

	// the form
	private Composite parent;
	private ScrolledComposite scroll;
	private Composite form;
	private Combo datasetChoice;
	private Link datasetStatus;
	private Combo architectureChoice;
	private Label architectureDescription;
	private Field epochs;
	private Field batchSize;
	private Field learningRate;
	private Field seed;
	private Field validationFraction;
	private Button augment;
	private Field modelName;
	private Button start;
	private Button cancel;
	private Combo checkpointChoice;
	private Button resume;
	private Combo savedModelChoice;
	private Combo testSetChoice;
	private Button evaluate;

	// the run
	private ProgressBar progress;
	private StatusLine status;
	private TrainingCharts charts;
	private Text log;

	private List<DatasetProvider> datasetItems = List.of();
	private List<ModelArchitecture> architectureItems = List.of();
	private List<DatasetProvider> testSetItems = List.of();
	private List<Checkpoint> checkpointItems = List.of();
	private List<ModelMetadata> savedItems = List.of();
	private final Set<String> savedNames = new HashSet<>();
	private final Set<String> checkpointNames = new HashSet<>();
	private boolean nameEdited;
	private boolean settingName;
	private Job listRefresh;

	/** The job the console started and waits for (a training, a download or an evaluation); null when idle. */
	private Job currentJob;
	/** The model of the training the console started, until its run is seen. */
	private String expectedModel;
	private int expectedStartEpoch;
	private int expectedEpochs;
	private String followedRun;
	private String followedModel;
	private boolean runActive;
	private boolean followedOurs;
	private int runEpochs;
	/** The last epoch of the followed run that completed. */
	private int lastEpoch;
	private double lastTestAccuracy = Double.NaN;
	private String lastOutcome;
	private String lastError;
	private Color errorColor;
	/** The batch progress waiting to be shown; null once something newer was shown directly. */
	private String pendingStatus;
	private double pendingDone;
	private double pendingTotal;
	private Throttle progressThrottle;

	@PostConstruct
	void createControls(Composite parent) {
		this.parent = parent;
		parent.setLayout(new org.eclipse.swt.layout.FillLayout());
		SashForm main = new SashForm(parent, SWT.HORIZONTAL | SWT.SMOOTH);
		createForm(main);
		createRunArea(main);
		main.setWeights(32, 68);
		main.addListener(SWT.Resize, new org.eclipse.swt.widgets.Listener() {
			private boolean sized;

			@Override
			public void handleEvent(org.eclipse.swt.widgets.Event e) {
				int width = main.getClientArea().width;
				if (!sized && width > 0) { // once: the form gets the width it needs, the charts the rest
					sized = true;
					int wanted = Math.min(form.computeSize(SWT.DEFAULT, SWT.DEFAULT).x + 20, width * 40 / 100);
					main.setWeights(Math.max(wanted, width / 4), width - Math.max(wanted, width / 4));
				}
			}
		});

		BundleContext bundles = FrameworkUtil.getBundle(TrainingPart.class).getBundleContext();
		datasets = new ServiceChoices<>(bundles, DatasetProvider.class, DatasetProvider::displayName,
				() -> ui.asyncExec(this::servicesChanged)).open();
		architectures = new ServiceChoices<>(bundles, ModelArchitecture.class, ModelArchitecture::name,
				() -> ui.asyncExec(this::servicesChanged)).open();
		progressThrottle = new Throttle(parent.getDisplay(), 1000 / TrainingCharts.MAX_REFRESHES_PER_SECOND, () -> {
			if (pendingStatus != null) {
				showProgress(pendingStatus, pendingDone, pendingTotal);
			}
		});
		servicesChanged();
		refreshLists();
		appendLog("Training Console ready.");
		ui.asyncExec(this::syncTheme); // after the theme engine styled the new widgets
	}

	// ---------------------------------------------------------------------------------------------- layout

	private void createForm(Composite owner) {
		scroll = new ScrolledComposite(owner, SWT.V_SCROLL | SWT.H_SCROLL);
		scroll.setExpandHorizontal(true);
		scroll.setExpandVertical(true);
		form = new Composite(scroll, SWT.NONE);
		GridLayout layout = new GridLayout(2, false);
		layout.marginWidth = 8;
		layout.verticalSpacing = 4;
		form.setLayout(layout);
		scroll.setContent(form);

		heading("Train a model");
		datasetChoice = combo(caption("&Dataset:"));
		datasetChoice.addListener(SWT.Selection, e -> {
			showDatasetStatus();
			validate();
		});
		datasetStatus = new Link(form, SWT.WRAP);
		GridData statusData = wide(2);
		statusData.widthHint = 200;
		datasetStatus.setLayoutData(statusData);
		datasetStatus.addListener(SWT.Selection, e -> downloadSelectedDataset());

		architectureChoice = combo(caption("&Architecture:"));
		architectureChoice.addListener(SWT.Selection, e -> {
			showArchitectureDescription();
			if (!nameEdited) {
				proposeName();
			}
			validate();
		});
		architectureDescription = new Label(form, SWT.WRAP);
		GridData descriptionData = wide(2);
		descriptionData.widthHint = 200;
		architectureDescription.setLayoutData(descriptionData);

		TrainingOptions d = TrainingOptions.DEFAULTS;
		epochs = field("E&pochs:", Integer.toString(d.epochs()), "Passes over the training images (1 to 1000)");
		batchSize = field("&Batch size:", Integer.toString(d.batchSize()), "Images per optimisation step");
		learningRate = field("&Learning rate:", Double.toString(d.learningRate()),
				"Adam's step size, above 0 and at most 1 (0.001 is the usual choice)");
		seed = field("&Seed:", Long.toString(d.seed()),
				"Seeds initialisation, shuffling and augmentation: the same seed gives the same model");
		validationFraction = field("&Validation fraction:", "0",
				"Share of the training images held out to measure validation accuracy (0 to below 0.5)");
		augment = new Button(form, SWT.CHECK);
		augment.setLayoutData(wide(2));
		augment.setText("A&ugment training images");
		augment.setToolTipText("Small random shifts, scales and rotations of the training images");
		augment.setSelection(d.augment());
		modelName = field("Model &name:", "", "The name the model is saved under; it must be new");
		modelName.text.addListener(SWT.Modify, e -> {
			if (!settingName) {
				nameEdited = true;
			}
		});

		separator();
		heading("Resume a cancelled run");
		checkpointChoice = combo(caption("Chec&kpoint:"));
		checkpointChoice.addListener(SWT.Selection, e -> updateButtons());
		new Label(form, SWT.NONE);
		resume = button(form, "&Resume", this::resumeTraining);
		resume.setLayoutData(new GridData(SWT.RIGHT, SWT.TOP, false, false));

		separator();
		heading("Evaluate a saved model");
		savedModelChoice = combo(caption("Saved &model:"));
		savedModelChoice.addListener(SWT.Selection, e -> updateButtons());
		testSetChoice = combo(caption("Test &images:"));
		testSetChoice.setToolTipText("The test split of any registered dataset");
		testSetChoice.addListener(SWT.Selection, e -> updateButtons());
		new Label(form, SWT.NONE);
		evaluate = button(form, "&Evaluate", this::evaluateSavedModel);
		evaluate.setLayoutData(new GridData(SWT.RIGHT, SWT.TOP, false, false));
		evaluate.setToolTipText("Evaluate the saved model on the test images; the gallery shows the result");

		for (Field f : List.of(epochs, batchSize, learningRate, seed, validationFraction, modelName)) {
			f.text.addListener(SWT.Modify, e -> validate());
			f.text.addListener(SWT.Traverse, e -> {
				if (e.detail == SWT.TRAVERSE_RETURN && start.isEnabled()) {
					e.doit = false;
					startTraining();
				}
			});
		}
		augment.addListener(SWT.Selection, e -> validate());
	}

	private void createRunArea(Composite owner) {
		Composite right = new Composite(owner, SWT.NONE);
		GridLayout layout = new GridLayout(3, false);
		layout.marginWidth = 4;
		layout.verticalSpacing = 2;
		right.setLayout(layout);
		// the run's controls stay in sight however far the form is scrolled
		start = button(right, "S&tart", this::startTraining);
		start.setToolTipText("Train a new model with the settings on the left (Enter in a field does the same)");
		cancel = button(right, "&Cancel", this::cancelJob);
		cancel.setToolTipText("Stop the running job; a training keeps its last completed epoch for Resume");
		for (Button b : List.of(start, cancel)) {
			b.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false));
		}
		progress = new ProgressBar(right, SWT.HORIZONTAL | SWT.SMOOTH);
		progress.setMaximum(PROGRESS_SCALE);
		progress.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		status = new StatusLine(right); // a line of its own: epoch, batch, loss, speed and time left need the width
		status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
		status.setText("Idle");
		accessibleName(progress, "Training progress");

		SashForm chartsAndLog = new SashForm(right, SWT.VERTICAL | SWT.SMOOTH);
		chartsAndLog.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
		charts = new TrainingCharts(chartsAndLog);
		log = new Text(chartsAndLog, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.WRAP | SWT.BORDER);
		log.setFont(JFaceResources.getTextFont());
		accessibleName(log, "Training log");
		chartsAndLog.setWeights(72, 28);
	}

	private void heading(String text) {
		Label label = new Label(form, SWT.NONE);
		label.setText(text);
		label.setFont(JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT));
		GridData data = wide(2);
		data.verticalIndent = 4;
		label.setLayoutData(data);
	}

	private void separator() {
		Label line = new Label(form, SWT.SEPARATOR | SWT.HORIZONTAL);
		GridData data = wide(2);
		data.verticalIndent = 6;
		line.setLayoutData(data);
	}

	private Label caption(String text) {
		Label label = new Label(form, SWT.NONE);
		label.setText(text);
		label.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false));
		return label;
	}

	private Combo combo(Label caption) {
		Combo combo = new Combo(form, SWT.READ_ONLY | SWT.DROP_DOWN);
		GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
		data.widthHint = 120;
		combo.setLayoutData(data);
		accessibleName(combo, plain(caption.getText()));
		return combo;
	}

	private static Button button(Composite owner, String text, Runnable action) {
		Button button = new Button(owner, SWT.PUSH);
		button.setText(text);
		button.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		button.addListener(SWT.Selection, e -> action.run());
		return button;
	}

	private Field field(String captionText, String value, String tip) {
		Label caption = caption(captionText);
		Text text = new Text(form, SWT.BORDER | SWT.SINGLE);
		GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
		data.widthHint = 70;
		text.setLayoutData(data);
		text.setText(value);
		text.setToolTipText(tip);
		caption.setToolTipText(tip);
		Label error = new Label(form, SWT.WRAP);
		GridData errorData = wide(2);
		errorData.widthHint = 200;
		errorData.exclude = true;
		error.setLayoutData(errorData);
		error.setVisible(false);
		Field field = new Field(caption, text, error);
		text.getAccessible().addAccessibleListener(new AccessibleAdapter() {
			@Override
			public void getName(AccessibleEvent e) {
				e.result = plain(captionText);
			}

			@Override
			public void getDescription(AccessibleEvent e) {
				e.result = field.error == null ? tip : field.error;
			}
		});
		return field;
	}

	private static GridData wide(int span) {
		return new GridData(SWT.FILL, SWT.TOP, true, false, span, 1);
	}

	private static String plain(String caption) {
		return caption.replace("&", "").replace(":", "");
	}

	private static void accessibleName(Control control, String name) {
		control.getAccessible().addAccessibleListener(new AccessibleAdapter() {
			@Override
			public void getName(AccessibleEvent e) {
				e.result = name;
			}
		});
	}

	/** One hyper-parameter: its caption, text field and the line below it that says what is wrong. */
	private final class Field {
		final Label caption;
		final Text text;
		final Label errorLabel;
		String error;

		Field(Label caption, Text text, Label errorLabel) {
			this.caption = caption;
			this.text = text;
			this.errorLabel = errorLabel;
		}

		/** Shows {@code message} below the field, or hides the line when it is null; true when that changed. */
		boolean showError(String message) {
			if (Objects.equals(message, error)) {
				return false;
			}
			boolean relayout = (message == null) != (error == null);
			error = message;
			errorLabel.setText(message == null ? "" : message);
			errorLabel.setForeground(errorColor);
			errorLabel.setVisible(message != null);
			((GridData) errorLabel.getLayoutData()).exclude = message == null;
			return relayout || message != null;
		}
	}

	@Focus
	void focus() {
		if (datasetChoice != null && !datasetChoice.isDisposed()) {
			datasetChoice.setFocus();
		}
	}

	// ------------------------------------------------------------------------------------- services and lists

	/** A dataset or architecture was registered or went away: refresh the choices, keeping what was chosen. */
	private void servicesChanged() {
		if (form == null || form.isDisposed()) {
			return;
		}
		datasetItems = datasets.current();
		testSetItems = datasetItems;
		architectureItems = architectures.current();
		fill(datasetChoice, datasetItems, DatasetProvider::id, DatasetProvider::displayName, "mnist");
		fill(testSetChoice, testSetItems, DatasetProvider::id, DatasetProvider::displayName, "mnist");
		fill(architectureChoice, architectureItems, ModelArchitecture::id, a -> a.name(), "mlp");
		showDatasetStatus();
		showArchitectureDescription();
		if (!nameEdited) {
			proposeName();
		}
		validate();
	}

	/** Fills {@code combo} with {@code items}, keeping the chosen id, else choosing {@code preferred}, else the first. */
	private static <T> void fill(Combo combo, List<T> items, Function<T, String> id, Function<T, String> label,
			String preferred) {
		String chosen = combo.getSelectionIndex() >= 0 && combo.getData() instanceof List<?> previous
				&& combo.getSelectionIndex() < previous.size() ? id.apply(cast(previous.get(combo.getSelectionIndex())))
						: null;
		String[] labels = items.stream().map(label).toArray(String[]::new);
		if (!java.util.Arrays.equals(labels, combo.getItems())) { // rebuilding a combo's list is not free
			combo.setItems(labels);
		}
		combo.setData(items);
		int index = indexOf(items, id, chosen);
		if (index < 0) {
			index = indexOf(items, id, preferred);
		}
		if (index < 0 && !items.isEmpty()) {
			index = 0;
		}
		if (index >= 0 && combo.getSelectionIndex() != index) {
			combo.select(index);
		}
		if (combo.getEnabled() == items.isEmpty()) {
			combo.setEnabled(!items.isEmpty());
		}
	}

	@SuppressWarnings("unchecked")
	private static <T> T cast(Object o) {
		return (T) o;
	}

	private static <T> int indexOf(List<T> items, Function<T, String> id, String wanted) {
		if (wanted == null) {
			return -1;
		}
		for (int i = 0; i < items.size(); i++) {
			if (wanted.equals(id.apply(items.get(i)))) {
				return i;
			}
		}
		return -1;
	}

	private static <T> T selected(Combo combo, List<T> items) {
		int index = combo.getSelectionIndex();
		return index >= 0 && index < items.size() ? items.get(index) : null;
	}

	private void showDatasetStatus() {
		DatasetProvider dataset = selected(datasetChoice, datasetItems);
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
		relayoutForm();
	}

	private void showArchitectureDescription() {
		ModelArchitecture architecture = selected(architectureChoice, architectureItems);
		architectureDescription.setText(architecture == null ? "No architecture is installed." : architecture.description());
		architectureChoice.setToolTipText(architecture == null ? null : architecture.name());
		relayoutForm();
	}

	private void proposeName() {
		ModelArchitecture architecture = selected(architectureChoice, architectureItems);
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

	/** Re-reads the saved models and the resumable runs off the UI thread. */
	private void refreshLists() {
		if (listRefresh == null) {
			listRefresh = Job.create("Listing saved models and checkpoints", (IProgressMonitor monitor) -> {
				List<ModelMetadata> models = store.list();
				List<Checkpoint> checkpoints = training.checkpoints();
				ui.asyncExec(() -> listsChanged(models, checkpoints));
				return Status.OK_STATUS;
			});
			listRefresh.setSystem(true);
		}
		listRefresh.schedule(); // when it is running it runs once more afterwards
	}

	private void listsChanged(List<ModelMetadata> models, List<Checkpoint> checkpoints) {
		if (form == null || form.isDisposed()) {
			return;
		}
		savedItems = models;
		savedNames.clear();
		models.forEach(m -> savedNames.add(m.name()));
		checkpointItems = checkpoints.stream()
				.sorted((a, b) -> a.modelName().compareToIgnoreCase(b.modelName())).toList();
		checkpointNames.clear();
		checkpointItems.forEach(c -> checkpointNames.add(c.modelName()));
		fill(savedModelChoice, savedItems, ModelMetadata::name, TrainingPart::describe, null);
		fill(checkpointChoice, checkpointItems, Checkpoint::modelName,
				c -> String.format(Locale.ROOT, "%s (%d/%d epochs)", c.modelName(), c.epochsDone(),
						c.request().options().epochs()),
				null);
		checkpointChoice.setToolTipText(checkpointItems.isEmpty() ? "A cancelled training appears here" : null);
		if (!nameEdited) {
			String name = modelName.text.getText().strip();
			if (savedNames.contains(name) || checkpointNames.contains(name)) {
				proposeName();
			}
		}
		validate();
	}

	static String describe(ModelMetadata m) {
		String accuracy = Double.isNaN(m.testAccuracy()) ? ""
				: String.format(Locale.ROOT, ", %.2f %%", 100 * m.testAccuracy());
		return m.name() + " (" + m.architectureId() + ", " + m.datasetId() + accuracy + ")";
	}

	// ---------------------------------------------------------------------------------------- validation

	/** Checks every field, shows the reasons next to them, and returns the request when all are valid. */
	TrainingRequest validate() {
		if (form == null || form.isDisposed()) {
			return null;
		}
		Checked<Integer> e = FieldChecks.epochs(epochs.text.getText());
		Checked<Integer> b = FieldChecks.batchSize(batchSize.text.getText());
		Checked<Double> lr = FieldChecks.learningRate(learningRate.text.getText());
		Checked<Long> s = FieldChecks.seed(seed.text.getText());
		Checked<Double> v = FieldChecks.validationFraction(validationFraction.text.getText());
		Checked<String> n = FieldChecks.modelName(modelName.text.getText(), savedNames, checkpointNames);
		boolean relayout = epochs.showError(e.error());
		relayout |= batchSize.showError(b.error());
		relayout |= learningRate.showError(lr.error());
		relayout |= seed.showError(s.error());
		relayout |= validationFraction.showError(v.error());
		relayout |= modelName.showError(n.error());
		if (relayout) {
			relayoutForm();
		}
		DatasetProvider dataset = selected(datasetChoice, datasetItems);
		ModelArchitecture architecture = selected(architectureChoice, architectureItems);
		TrainingRequest request = null;
		if (e.ok() && b.ok() && lr.ok() && s.ok() && v.ok() && n.ok() && dataset != null && architecture != null) {
			request = new TrainingRequest(n.value(), architecture.id(), dataset.id(), new TrainingOptions(e.value(),
					b.value(), lr.value(), s.value(), augment.getSelection(), v.value()));
		}
		updateButtons(request != null);
		return request;
	}

	private void updateButtons() {
		validate();
	}

	private void updateButtons(boolean formValid) {
		boolean idle = currentJob == null;
		start.setEnabled(idle && formValid);
		cancel.setEnabled(currentJob != null);
		resume.setEnabled(idle && selected(checkpointChoice, checkpointItems) != null);
		evaluate.setEnabled(idle && selected(savedModelChoice, savedItems) != null
				&& selected(testSetChoice, testSetItems) != null);
	}

	private void relayoutForm() {
		form.layout(true, true);
		scroll.setMinSize(form.computeSize(SWT.DEFAULT, SWT.DEFAULT));
	}

	// ------------------------------------------------------------------------------------------- actions

	void startTraining() {
		TrainingRequest request = validate();
		if (request == null || currentJob != null) {
			return;
		}
		DatasetProvider dataset = selected(datasetChoice, datasetItems);
		TrainingOptions o = request.options();
		String line = String.format(Locale.ROOT, "Starting %s: %s on %s, %d epoch%s, batch %d, learning rate %s, seed %d%s%s",
				request.modelName(), request.architectureId(), request.datasetId(), o.epochs(), o.epochs() == 1 ? "" : "s",
				o.batchSize(), o.learningRate(), o.seed(), o.augment() ? ", augmented" : "",
				o.validationFraction() > 0
						? String.format(Locale.ROOT, ", %.0f %% held out for validation", 100 * o.validationFraction())
						: "");
		whenAvailable(dataset, () -> prepare("Cannot start the training", () -> training.train(request),
				request.modelName(), 0, o.epochs(), line));
	}

	void resumeTraining() {
		Checkpoint checkpoint = selected(checkpointChoice, checkpointItems);
		if (checkpoint == null || currentJob != null) {
			return;
		}
		String datasetId = checkpoint.request().datasetId();
		DatasetProvider dataset = datasetItems.stream().filter(d -> d.id().equals(datasetId)).findFirst().orElse(null);
		if (dataset == null) {
			showError("Cannot resume " + checkpoint.modelName(),
					"The run was training on dataset '" + datasetId + "', which is not installed now.");
			return;
		}
		int total = checkpoint.request().options().epochs();
		whenAvailable(dataset, () -> prepare("Cannot resume " + checkpoint.modelName(),
				() -> training.resume(checkpoint.modelName()), checkpoint.modelName(), checkpoint.epochsDone(), total,
				String.format(Locale.ROOT, "Resuming %s after epoch %d of %d", checkpoint.modelName(),
						checkpoint.epochsDone(), total)));
	}

	/**
	 * Asks the service for the training job off the UI thread (it checks the name against the store and reads
	 * checkpoints), then starts it; a refusal is shown with its reason.
	 */
	private void prepare(String refusal, java.util.function.Supplier<Job> create, String model, int epochsDone,
			int totalEpochs, String logLine) {
		Job preparation = Job.create("Preparing the training of " + model, (IProgressMonitor monitor) -> {
			try {
				Job job = create.get();
				ui.asyncExec(() -> {
					if (form.isDisposed()) {
						return;
					}
					appendLog(logLine);
					launch(job, model, epochsDone, totalEpochs);
				});
			} catch (IllegalArgumentException e) {
				ui.asyncExec(() -> {
					showProgress("Not started", 0, 1);
					showError(refusal, e.getMessage());
				});
			}
			return Status.OK_STATUS;
		});
		preparation.setSystem(true);
		lastOutcome = null;
		showProgress("Preparing " + model + "\u2026", 0, 1);
		watch(preparation);
		preparation.schedule();
	}

	private void launch(Job job, String model, int epochsDone, int totalEpochs) {
		expectedModel = model;
		expectedStartEpoch = epochsDone;
		expectedEpochs = totalEpochs;
		lastOutcome = null;
		watch(job);
		showProgress("Preparing " + model + ": starting the engine and reading the images\u2026", 0, 1);
		job.schedule();
	}

	/** Makes {@code job} the console's current job; the buttons follow its state. */
	private void watch(Job job) {
		currentJob = job;
		job.addJobChangeListener(new JobChangeAdapter() {
			@Override
			public void done(IJobChangeEvent event) {
				ui.asyncExec(() -> {
					if (currentJob == job) {
						currentJob = null;
						if (!form.isDisposed()) {
							updateButtons();
						}
					}
				});
			}
		});
		updateButtons();
	}

	void cancelJob() {
		Job job = currentJob;
		if (job != null) {
			appendLog("Cancel requested: " + job.getName());
			job.cancel();
			cancel.setEnabled(false);
		}
	}

	/** Runs {@code then} when {@code dataset}'s files are here, offering to download them first. */
	private void whenAvailable(DatasetProvider dataset, Runnable then) {
		if (dataset.isAvailable()) {
			then.run();
			return;
		}
		boolean download = MessageDialog.openQuestion(parent.getShell(), "Download " + dataset.displayName() + "?",
				dataset.displayName() + " is not on this computer yet.\n\nDownload it into " + dataset.location()
						+ " now? The training starts when it is there.");
		if (!download) {
			appendLog(dataset.displayName() + " was not downloaded; nothing was started.");
			return;
		}
		download(dataset, then);
	}

	private void downloadSelectedDataset() {
		DatasetProvider dataset = selected(datasetChoice, datasetItems);
		if (dataset != null && currentJob == null && !dataset.isAvailable()) {
			download(dataset, () -> {
			});
		}
	}

	private void download(DatasetProvider dataset, Runnable then) {
		appendLog("Downloading " + dataset.displayName() + " into " + dataset.location());
		Job job = Job.create("Downloading " + dataset.displayName(), (IProgressMonitor monitor) -> {
			try {
				dataset.fetch(new ViewProgressMonitor(monitor, ui, this::showProgress));
				return Status.OK_STATUS;
			} catch (OperationCanceledException e) {
				return Status.CANCEL_STATUS;
			} catch (Exception e) {
				return Status.error(e.getMessage() == null ? e.toString() : e.getMessage(), e);
			}
		});
		job.setUser(true);
		job.addJobChangeListener(new JobChangeAdapter() {
			@Override
			public void done(IJobChangeEvent event) {
				IStatus result = event.getResult();
				ui.asyncExec(() -> {
					if (form.isDisposed()) {
						return;
					}
					if (currentJob == job) {
						currentJob = null;
					}
					showDatasetStatus();
					if (result.isOK()) {
						appendLog(dataset.displayName() + " is on this computer now.");
						showProgress("Downloaded " + dataset.displayName(), 1, 1);
						then.run();
					} else if (result.matches(IStatus.CANCEL)) {
						appendLog("Download of " + dataset.displayName() + " cancelled.");
						showProgress("Download cancelled", 0, 1);
					} else {
						appendLog("Download of " + dataset.displayName() + " failed: " + result.getMessage());
						showProgress("Download failed", 0, 1);
						showError("Download failed", result.getMessage());
					}
					updateButtons();
				});
			}
		});
		currentJob = job;
		updateButtons();
		job.schedule();
	}

	void evaluateSavedModel() {
		ModelMetadata model = selected(savedModelChoice, savedItems);
		DatasetProvider dataset = selected(testSetChoice, testSetItems);
		if (model == null || dataset == null || currentJob != null) {
			return;
		}
		whenAvailable(dataset, () -> {
			String name = model.name();
			EvaluationJob job = evaluation.evaluate(name, dataset.id(), Split.TEST);
			IProgressMonitor shown = new ViewProgressMonitor(new NullProgressMonitor(), ui, this::showProgress);
			shown.beginTask("Evaluating " + name + " on " + dataset.displayName(), 100);
			job.setProgressGroup(shown, 100);
			job.addJobChangeListener(new JobChangeAdapter() {
				@Override
				public void done(IJobChangeEvent event) {
					IStatus result = event.getResult();
					ui.asyncExec(() -> {
						if (form.isDisposed()) {
							return;
						}
						if (result.isOK() && job.evaluation().isPresent()) {
							evaluated(job.evaluation().get(), dataset);
						} else if (result.matches(IStatus.CANCEL)) {
							appendLog("Evaluation of " + name + " cancelled.");
							showProgress("Evaluation cancelled", 0, 1);
						} else {
							String reason = result.getException() != null && result.getException().getMessage() != null
									? result.getException().getMessage() : result.getMessage();
							appendLog("Evaluation of " + name + " failed: " + reason);
							showProgress("Evaluation failed", 0, 1);
							showError("Evaluation failed",
									"Cannot evaluate " + name + " on " + dataset.displayName() + ":\n\n" + reason);
						}
					});
				}
			});
			appendLog("Evaluating " + name + " on the test images of " + dataset.displayName());
			watch(job);
			job.schedule();
		});
	}

	private void evaluated(Evaluation result, DatasetProvider dataset) {
		appendLog(String.format(Locale.ROOT, "Evaluated %s on %s (%d test images): accuracy %.2f %%, loss %.4f, %.1f s",
				result.modelName(), dataset.displayName(), result.count(), 100 * result.accuracy(), result.loss(),
				result.millis() / 1000.0));
		showProgress(String.format(Locale.ROOT, "%s on %s: %.2f %% accuracy", result.modelName(), dataset.displayName(),
				100 * result.accuracy()), 1, 1);
	}

	// --------------------------------------------------------------------------------------- run events

	/**
	 * Whether the view shows the event's run: the one it follows; or, when it starts following one, the run it
	 * launched, or — when idle — any run (one started elsewhere, or before the view was opened).
	 */
	private boolean follow(Event e, int epochHint) {
		if (form == null || form.isDisposed()) {
			return false;
		}
		String run = text(e, TrainingEvents.RUN_ID);
		String model = text(e, TrainingEvents.MODEL_NAME);
		if (run == null) {
			return false;
		}
		if (run.equals(followedRun)) {
			return true;
		}
		boolean ours = expectedModel != null && expectedModel.equals(model);
		if (!ours && (runActive || expectedModel != null)) {
			return false;
		}
		String previousModel = followedModel;
		followedRun = run;
		followedModel = model;
		followedOurs = ours;
		runActive = true;
		lastTestAccuracy = Double.NaN;
		if (ours) {
			boolean continuing = expectedStartEpoch > 0 && model.equals(previousModel) && lastEpoch >= expectedStartEpoch;
			expectedModel = null;
			runEpochs = expectedEpochs;
			if (continuing) { // the cancelled run is still on screen: its curves go on
				charts.continueAfter(expectedStartEpoch, expectedEpochs);
			} else {
				charts.reset(expectedStartEpoch, expectedEpochs);
			}
			lastEpoch = expectedStartEpoch;
		} else {
			runEpochs = Math.max(epochHint, 1);
			lastEpoch = Math.max(0, epochHint - 1);
			charts.reset(Math.max(0, epochHint - 1), runEpochs);
			appendLog("Following " + model + ", started elsewhere");
			adoptJob(model);
		}
		return true;
	}

	/** Finds the running job of a run this view did not start, so that Cancel works for it too. */
	private void adoptJob(String model) {
		if (currentJob != null) {
			return;
		}
		for (Job job : Job.getJobManager().find(null)) {
			if (job.getName().startsWith("Training " + model + " (") && job.getState() == Job.RUNNING) {
				watch(job);
				return;
			}
		}
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void runStarted(@UIEventTopic(TrainingEvents.STARTED) Event e) {
		if (!follow(e, 1)) {
			return;
		}
		runEpochs = Math.max(runEpochs, integer(e, TrainingEvents.EPOCHS));
		charts.extendTo(runEpochs);
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void batchArrived(@EventTopic(TrainingEvents.BATCH) Event e) { // on the event thread
		if (e == null) {
			return;
		}
		batches.add(e);
		if (batchesScheduled.compareAndSet(false, true)) {
			ui.asyncExec(() -> {
				if (form != null && !form.isDisposed()) {
					form.getDisplay().timerExec(1000 / TrainingCharts.MAX_REFRESHES_PER_SECOND, this::takeBatches);
				}
			});
		}
	}

	/** Shows the batches that arrived; before an epoch's or the run's end too, so that everything shows in order. */
	private void takeBatches() {
		batchesScheduled.set(false);
		for (Event e = batches.poll(); e != null; e = batches.poll()) {
			batchDone(e);
		}
	}

	private void batchDone(Event e) {
		int epoch = integer(e, TrainingEvents.KEY_EPOCH);
		if (!follow(e, epoch)) {
			return;
		}
		int batch = integer(e, TrainingEvents.KEY_BATCH);
		int batches = Math.max(1, integer(e, TrainingEvents.BATCHES_PER_EPOCH));
		double loss = number(e, TrainingEvents.LOSS);
		runEpochs = Math.max(runEpochs, epoch);
		charts.addBatch(epoch - 1 + batch / (double) batches, loss);
		pendingDone = (epoch - 1) * (double) batches + batch;
		pendingTotal = runEpochs * (double) batches;
		pendingStatus = String.format(Locale.ROOT, "Epoch %d/%d, batch %d/%d \u00b7 loss %.3f \u00b7 %,.0f samples/s \u00b7 ETA %s",
				epoch, runEpochs, batch, batches, loss, number(e, TrainingEvents.SAMPLES_PER_SECOND),
				duration(number(e, TrainingEvents.ETA_SECONDS)));
		progressThrottle.request(); // the status and bar change at most 5 times a second, with the charts
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void epochDone(@UIEventTopic(TrainingEvents.EPOCH) Event e) {
		takeBatches();
		int epoch = integer(e, TrainingEvents.KEY_EPOCH);
		if (!follow(e, epoch)) {
			return;
		}
		lastTestAccuracy = number(e, TrainingEvents.TEST_ACCURACY);
		lastEpoch = Math.max(lastEpoch, epoch);
		charts.addEpoch(epoch, number(e, TrainingEvents.TRAIN_ACCURACY), lastTestAccuracy,
				number(e, TrainingEvents.VALIDATION_ACCURACY), number(e, TrainingEvents.TEST_LOSS));
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void logged(@UIEventTopic(TrainingEvents.LOG) Event e) {
		takeBatches();
		if (follow(e, 1)) {
			appendLog(text(e, TrainingEvents.MESSAGE));
		}
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void runFinished(@UIEventTopic(TrainingEvents.FINISHED) Event e) {
		takeBatches();
		if (!follow(e, 1)) {
			return;
		}
		String outcome = text(e, TrainingEvents.OUTCOME);
		String message = text(e, TrainingEvents.MESSAGE);
		String model = followedModel;
		runActive = false;
		lastOutcome = outcome;
		if (TrainingEvents.OUTCOME_COMPLETED.equals(outcome)) {
			String accuracy = Double.isNaN(lastTestAccuracy) ? ""
					: String.format(Locale.ROOT, ": final test accuracy %.2f %%", 100 * lastTestAccuracy);
			appendLog("Finished " + model + accuracy + ". It is in the model store.");
			showProgress("Finished " + model + accuracy, 1, 1);
			savedNames.add(model);
			if (!nameEdited || model.equals(modelName.text.getText().strip())) {
				proposeName();
			}
		} else if (TrainingEvents.OUTCOME_CANCELLED.equals(outcome)) {
			appendLog(lastEpoch > 0
					? "Cancelled " + model + " after epoch " + lastEpoch + " of " + runEpochs
							+ "; that epoch is kept: choose it under Resume to continue."
					: "Cancelled " + model + " before its first epoch ended; nothing was kept.");
			showProgress("Cancelled " + model, progress.getSelection(), PROGRESS_SCALE);
		} else {
			appendLog("Failed: " + message);
			showProgress("Training " + model + " failed", 0, 1);
			if (followedOurs) {
				showError("Training failed", message == null || message.isBlank() ? "The training of " + model + " failed."
						: message);
			}
		}
		refreshLists();
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void modelsChanged(@UIEventTopic(ModelStoreEvents.TOPIC_ALL) Event e) {
		if (form != null && !form.isDisposed()) {
			refreshLists();
		}
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void themeChanged(@UIEventTopic(THEME_CHANGED) Event e) {
		if (form != null && !form.isDisposed()) {
			ui.asyncExec(this::syncTheme);
		}
	}

	private static String text(Event e, String key) {
		return e.getProperty(key) instanceof String s ? s : null;
	}

	private static int integer(Event e, String key) {
		return e.getProperty(key) instanceof Number n ? n.intValue() : 0;
	}

	private static double number(Event e, String key) {
		return e.getProperty(key) instanceof Number n ? n.doubleValue() : Double.NaN;
	}

	static String duration(double seconds) {
		if (!Double.isFinite(seconds) || seconds < 0) {
			return "\u2013";
		}
		long s = Math.round(seconds);
		return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
				: String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
	}

	// ------------------------------------------------------------------------------------ output

	private void showProgress(String text, double done, double total) {
		if (progress == null || progress.isDisposed()) {
			return;
		}
		if (text != pendingStatus) {
			pendingStatus = null; // newer than the batch waiting to be shown
		}
		int selection = total > 0 ? (int) Math.round(PROGRESS_SCALE * Math.min(1, done / total)) : 0;
		if (progress.getSelection() != selection) {
			progress.setSelection(selection);
		}
		status.setText(text);
	}

	void appendLog(String message) {
		if (log == null || log.isDisposed() || message == null) {
			return;
		}
		log.append((log.getCharCount() == 0 ? "" : "\n") + LocalTime.now().format(CLOCK) + "  " + message);
	}

	private void showError(String title, String message) {
		lastError = message;
		if (parent != null && !parent.isDisposed()) {
			MessageDialog.openError(parent.getShell(), title, message);
		}
	}

	/** Colours that depend on the theme: the error lines and the charts. */
	private void syncTheme() {
		if (form == null || form.isDisposed()) {
			return;
		}
		RGB background = form.getBackground().getRGB();
		boolean dark = TrainingCharts.luminance(background) < 0.45;
		Color previous = errorColor;
		errorColor = new Color(dark ? new RGB(0xff, 0x80, 0x80) : new RGB(0xb0, 0x00, 0x20));
		for (Field f : List.of(epochs, batchSize, learningRate, seed, validationFraction, modelName)) {
			f.errorLabel.setForeground(errorColor);
		}
		if (previous != null) {
			previous.dispose();
		}
		charts.syncColors();
	}

	@PreDestroy
	void dispose() {
		if (datasets != null) {
			datasets.close();
		}
		if (architectures != null) {
			architectures.close();
		}
		if (errorColor != null) {
			errorColor.dispose();
		}
	}

	// --------------------------------------------------------------------- for the tests (same package)

	Combo datasetChoice() {
		return datasetChoice;
	}

	Combo architectureChoice() {
		return architectureChoice;
	}

	Label architectureDescription() {
		return architectureDescription;
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

	Button startButton() {
		return start;
	}

	Button cancelButton() {
		return cancel;
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

	Chart lossChart() {
		return charts.lossChart();
	}

	Chart accuracyChart() {
		return charts.accuracyChart();
	}

	int chartRefreshes() {
		return charts.refreshes();
	}

	ProgressBar progressBar() {
		return progress;
	}

	StatusLine statusLine() {
		return status;
	}

	String logText() {
		return log.getText();
	}

	boolean busy() {
		return currentJob != null;
	}

	boolean runActive() {
		return runActive;
	}

	String lastOutcome() {
		return lastOutcome;
	}

	String lastError() {
		return lastError;
	}

	List<String> checkpointNames() {
		return new ArrayList<>(checkpointNames);
	}
}
