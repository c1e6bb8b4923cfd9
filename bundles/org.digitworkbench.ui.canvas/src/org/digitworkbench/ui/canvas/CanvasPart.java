package org.digitworkbench.ui.canvas;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.digitworkbench.app.UiEvents;
import org.digitworkbench.app.WorkbenchPreferences;
import org.digitworkbench.drawings.HandwritingSamples;
import org.digitworkbench.model.ActiveModel;
import org.digitworkbench.model.ActiveModelEvents;
import org.digitworkbench.model.Classifier;
import org.digitworkbench.model.EpochSnapshot;
import org.digitworkbench.model.Explanation;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelNames;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreException;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.preprocess.InkImage;
import org.digitworkbench.preprocess.ModelInput;
import org.digitworkbench.preprocess.Pipeline;
import org.digitworkbench.preprocess.Pipelines;
import org.digitworkbench.training.TrainingEvents;
import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.extensions.Preference;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.osgi.service.event.Event;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * Draw a digit and watch the active model recognise it on every stroke segment: the prediction, ten confidence bars
 * and, enlarged, the 28×28 picture the model actually sees. The model is the shared {@link ActiveModel}'s (a lease,
 * returned when another becomes active); Clear (Esc), Undo (Ctrl+Z) and Save as Sample are commands whose handlers
 * ({@code fragment.e4xmi}) and buttons call this part.
 */
public class CanvasPart {

	static final int SIZE = DrawingArea.SIZE;

	@Inject
	ActiveModel activeModel;

	@Inject
	UISynchronize ui;

	@Inject
	IEventBroker events;

	@Inject
	IEclipseContext context;

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	HandwritingSamples samples;

	/** The drawing, kept across closing and reopening the view (and Reset Perspective). */
	@Inject
	CanvasSession session;

	/** Default pen width: about MNIST's stroke once the drawing is scaled to 20×20 (18 of 280 pixels). */
	static final int DEFAULT_PEN_WIDTH = 18;
	/** The pen width a new drawing starts with, chosen in Window › Preferences › Canvas; 0 where none is. */
	@Inject
	@Preference(nodePath = WorkbenchPreferences.NODE, value = WorkbenchPreferences.PEN_WIDTH)
	int preferredPenWidth;

	private ScrolledComposite scroll;
	private Composite content;
	private Composite side;
	private Composite controls;
	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	TrainingService training;

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	ModelStore store;

	private DrawingArea drawing;
	private TeachPanel teach;
	private StepsView steps;
	private Button showWhy;
	private Label whyLegend;
	private Explanation explanation;
	/** The fine-tune started here and not yet concluded; only touched on the UI thread. */
	private FineTuneRun fineTune;
	private FineTuneResult lastFineTune;
	private RecognitionView recognition;
	private Label modelLabel;
	private Label status;
	/** Shows a failure (title, message); tests replace the modal dialog to read the message. */
	java.util.function.BiConsumer<String, String> errors = (title, message) -> MessageDialog
			.openError(drawing.control().getShell(), title, message);
	private Spinner penWidth;
	private Combo pipelineChoice;
	private Pipeline pipeline = Pipelines.MNIST;

	private LoadedModel model; // a lease on the active model
	private Classifier classifier;
	private ModelInput input;
	private float[] probabilities;

	@PostConstruct
	void createControls(Composite parent) {
		parent.setLayout(new FillLayout());
		scroll = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.H_SCROLL);
		scroll.setExpandHorizontal(true);
		scroll.setExpandVertical(true);
		content = new Composite(scroll, SWT.NONE);
		content.setLayout(new GridLayout(2, false));
		scroll.setContent(content);
		drawing = new DrawingArea(content, session, () -> penWidth.getSelection(), this::update);
		drawing.control().setToolTipText("Draw a digit; keys 0\u20139 keep it as a sample of that digit");

		side = new Composite(content, SWT.NONE);
		side.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		side.setLayout(new GridLayout(2, false));
		modelLabel = new Label(side, SWT.WRAP);
		GridData modelData = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
		modelData.widthHint = 260; // wraps instead of asking for the whole line's width
		modelLabel.setLayoutData(modelData);
		recognition = new RecognitionView(side);
		showWhy = new Button(side, SWT.CHECK);
		showWhy.setText("Show why");
		showWhy.setToolTipText("Colour the 28\u00d728 input by what made the model say its digit, and where ink would"
				+ " make it say the runner-up (input gradients, after each stroke)");
		showWhy.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false, 2, 1));
		showWhy.addListener(SWT.Selection, e -> update());
		whyLegend = new Label(side, SWT.WRAP);
		GridData legendData = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
		legendData.widthHint = 200;
		whyLegend.setLayoutData(legendData);

		controls = new Composite(content, SWT.NONE);
		controls.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
		controls.setLayout(new GridLayout(2, false));
		new Label(controls, SWT.NONE).setText("Preprocessing:");
		pipelineChoice = new Combo(controls, SWT.READ_ONLY);
		GridData pipelineData = new GridData(SWT.FILL, SWT.CENTER, true, false);
		pipelineData.widthHint = 180; // the full name is in the tooltip; the view need not be as wide as the longest
		pipelineChoice.setLayoutData(pipelineData);
		for (Pipeline p : Pipelines.all()) {
			pipelineChoice.add(p.displayName());
		}
		int chosen = Math.max(0, Math.min(session.pipeline, Pipelines.all().size() - 1));
		pipelineChoice.select(chosen);
		pipeline = Pipelines.all().get(chosen);
		pipelineChoice.setToolTipText(pipeline.displayName());
		pipelineChoice.addListener(SWT.Selection, e -> {
			session.pipeline = pipelineChoice.getSelectionIndex();
			pipeline = Pipelines.all().get(session.pipeline);
			pipelineChoice.setToolTipText(pipeline.displayName());
			update();
		});
		new Label(controls, SWT.NONE).setText("Pen width:");
		penWidth = new Spinner(controls, SWT.BORDER);
		boolean preferred = preferredPenWidth >= 4 && preferredPenWidth <= 40;
		penWidth.setValues(session.penWidth > 0 ? session.penWidth : preferred ? preferredPenWidth : DEFAULT_PEN_WIDTH,
				4, 40, 0, 2, 4);
		penWidth.setToolTipText("Pen width in canvas pixels (the canvas is 280 wide, scaled to 20 for the model)");
		penWidth.addListener(SWT.Modify, e -> session.penWidth = penWidth.getSelection());
		Composite buttons = new Composite(controls, SWT.NONE);
		buttons.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false, 2, 1));
		buttons.setLayout(new GridLayout(2, true)); // four buttons in two rows: a 430 px wide view fits them
		button(buttons, "Clear (Esc)", this::clear);
		button(buttons, "Undo (Ctrl+Z)", this::undo);
		button(buttons, "Save as sample\u2026", this::saveAsSample);
		button(buttons, "What the network sees", this::toggleSteps);
		status = new Label(controls, SWT.WRAP);
		GridData statusData = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
		statusData.widthHint = 260;
		status.setLayoutData(statusData);
		steps = new StepsView(controls);
		teach = new TeachPanel(controls, this::teach, this::fineTune, this::cancelFineTune);
		teach.control().moveAbove(controls.getChildren()[0]); // right under the paper, before the settings

		context.set(CanvasPart.class, this); // for the handlers, which run in this part's context
		scroll.addListener(SWT.Resize, e -> reflow());
		followActiveModel();
		refreshCounts();
		reflow();
	}

	/**
	 * The drawing with the answer beside it where the view is wide enough, the answer below it where it is not; the
	 * view scrolls when even that does not fit (at 1024×700 the canvas's stack is about 430×340).
	 */
	private void reflow() {
		int width = scroll.getClientArea().width;
		// a Canvas's own preferred size is 64×64 whatever its layout data says: the drawing's width is its hint
		int drawingWidth = ((GridData) drawing.control().getLayoutData()).widthHint + 2 * drawing.control().getBorderWidth();
		int besideWidth = drawingWidth + side.computeSize(SWT.DEFAULT, SWT.DEFAULT).x + 12;
		int columns = width >= besideWidth ? 2 : 1;
		GridLayout layout = (GridLayout) content.getLayout();
		if (layout.numColumns != columns) {
			layout.numColumns = columns;
			((GridData) controls.getLayoutData()).horizontalSpan = columns;
		}
		content.layout(true, true);
		scroll.setMinSize(content.computeSize(Math.max(width, 1), SWT.DEFAULT));
	}

	private static void button(Composite parent, String text, Runnable action) {
		Button button = new Button(parent, SWT.PUSH);
		button.setText(text);
		button.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		button.addListener(SWT.Selection, e -> action.run());
	}

	@Focus
	void focus() {
		drawing.control().setFocus();
	}

	void clear() {
		drawing.clear();
		update();
	}

	void undo() {
		drawing.undo();
		update();
	}

	/**
	 * Recognise the drawing as it is now and repaint; sub-millisecond work, so it stays on the UI thread. With "Show
	 * why" on, between strokes also explains it (the mlp in about a millisecond, the cnn in 4-5 ms: once a stroke, not
	 * on every mouse move).
	 */
	void update() {
		input = pipeline.apply(drawing.render()).orElse(null);
		float[] normalized = input == null || model == null ? null
				: input.normalized(model.metadata().normalization()); // the model's own figures
		probabilities = normalized != null && classifier != null ? classifier.probabilities(normalized) : null;
		explanation = null;
		if (showWhy.getSelection() && normalized != null && !drawing.drawing()) {
			try {
				explanation = model.explain(normalized);
			} catch (RuntimeException e) {
				ILog.of(CanvasPart.class).log(Status.error("Could not explain the drawing: " + e.getMessage(), e));
			}
		}
		recognition.show(input, probabilities);
		recognition.showWhy(explanation);
		if (steps.visible() && !drawing.drawing()) { // the steps again: between strokes, like the explanation
			steps.show(pipeline == Pipelines.MNIST ? Pipelines.mnistSteps(drawing.render()) : List.of(), normalized);
		}
		whyLegend.setText(legend());
		drawing.control().redraw();
		announce();
	}

	/** Shows or hides what the network sees, step by step (the MNIST-style preprocessing's pictures). */
	void toggleSteps() {
		steps.setVisible(!steps.visible());
		update();
		reflow();
	}

	/** The fine-tune's news, under its button. */
	private void result(String text) {
		if (!scroll.isDisposed()) {
			teach.result(text);
			reflow();
		}
	}

	StepsView steps() {
		return steps;
	}

	private String legend() {
		if (!showWhy.getSelection()) {
			return "";
		}
		if (explanation == null) {
			return input == null || model == null ? "Draw a digit to see why the model reads it so."
					: "Shown when the stroke ends.";
		}
		return String.format(Locale.ROOT, "Green: ink that made it say %d; red: ink against it; blue: where ink would"
				+ " make it say %d.", explanation.digit(), explanation.runnerUp());
	}

	/** Tells other views (e.g. a plug-in's activations view) what the model now sees. */
	private void announce() {
		Map<String, Object> properties = new HashMap<>();
		if (input != null) {
			properties.put(UiEvents.INPUT, input);
		}
		if (model != null) {
			properties.put(UiEvents.MODEL_NAME, model.metadata().name());
		}
		events.post(UiEvents.CANVAS_INPUT, properties);
	}

	/** The strokes (and any opened picture) as ink, drawn the way they are shown. */
	InkImage render() {
		return drawing.render();
	}

	// ---- the model

	/**
	 * Takes a lease on the active model as the shared service has it now (it opens models off the UI thread and says
	 * when one is ready), and gives back the lease on the one before.
	 */
	private void followActiveModel() {
		closeModel();
		ActiveModel.State state = activeModel.state();
		model = state.status() == ActiveModel.Status.LOADED ? activeModel.acquire().orElse(null) : null;
		classifier = model == null ? null : model.newClassifier();
		if (state.status() == ActiveModel.Status.FAILED) {
			reportLoadFailure(state);
		}
		modelLabel.setText(switch (state.status()) {
		case NONE -> "No active model: train one in the Training Console or import one in the Model Explorer.";
		case LOADING -> "Model: loading " + state.name() + "\u2026";
		case FAILED -> "Model " + state.name() + " could not be loaded: " + state.message();
		case LOADED -> model == null ? "Model: loading\u2026"
				: "Model: " + model.metadata().name() + " (" + model.metadata().architectureId() + ")";
		});
		modelLabel.getParent().layout();
		if (scroll != null) {
			reflow();
		}
		update();
	}

	/** The failure last reported, so that each is said once (the label keeps saying it). */
	private String reportedFailure;

	/**
	 * A damaged or unreadable active model: the status line and the log say which model and why (the store's reason
	 * names the file); the label in the view keeps saying it.
	 */
	private void reportLoadFailure(ActiveModel.State state) {
		String line = "The active model " + state.name() + " could not be loaded for the canvas: " + state.message();
		if (line.equals(reportedFailure)) {
			return;
		}
		reportedFailure = line;
		events.post(UiEvents.STATUS, line);
		ILog.of(CanvasPart.class).log(Status.warning(line));
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void activeModelChanged(@UIEventTopic(ActiveModelEvents.CHANGED) Event event) {
		if (drawing != null && !drawing.control().isDisposed()) {
			followActiveModel();
		}
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void open(@UIEventTopic(UiEvents.OPEN_IN_CANVAS) InkImage image) {
		if (drawing != null && !drawing.control().isDisposed() && image != null) {
			drawing.open(image);
			update();
		}
	}

	private void closeModel() {
		if (classifier != null) {
			classifier.close();
			classifier = null;
		}
		if (model != null) {
			model.close(); // returns the lease
			model = null;
		}
	}

	@PreDestroy
	void dispose() {
		cancelFineTune(); // its job would otherwise run on for a view that is gone
		closeModel();
	}

	// ---- samples

	/**
	 * Keeps the drawing in the user's handwriting set, with the digit the user confirms (the prediction is offered).
	 */
	void saveAsSample() {
		if (input == null) {
			status.setText("Draw a digit first: a blank canvas is not a sample.");
			return;
		}
		if (samples == null) {
			status.setText("Handwriting samples are not available in this installation.");
			return;
		}
		String offered = probabilities == null ? "" : Integer.toString(RecognitionView.argmax(probabilities));
		InputDialog ask = new InputDialog(drawing.control().getShell(), "Save as Sample",
				"Which digit did you draw? The drawing is kept in your handwriting set, which the Training Console can"
						+ " evaluate any model on.",
				offered, text -> text.strip().matches("[0-9]") ? null : "Type one digit, 0 to 9");
		if (ask.open() != Window.OK) {
			return;
		}
		saveSample(render(), Integer.parseInt(ask.getValue().strip()));
	}

	/** Writes the sample in a Job; the outcome shows under the buttons, a failure also in a dialog and the log. */
	void saveSample(InkImage drawingNow, int digit) {
		if (Pipelines.MNIST.apply(drawingNow).isEmpty()) {
			showStatus("Not saved: draw a digit first, a blank canvas is not a sample.");
			return;
		}
		HandwritingSamples target = samples;
		Job job = Job.create("Saving a handwriting sample", (IProgressMonitor monitor) -> {
			try {
				var file = target.save(drawingNow, digit);
				int[] counts = target.counts();
				int total = java.util.stream.IntStream.of(counts).sum();
				ui.asyncExec(() -> {
					showStatus(savedText(digit, counts[digit], total, file.getFileName().toString()));
					showCounts(counts);
				});
				return Status.OK_STATUS;
			} catch (Exception e) {
				ui.asyncExec(() -> {
					showStatus("Not saved: " + e.getMessage());
					events.post(UiEvents.STATUS, "The handwriting sample was not saved: " + e.getMessage());
					if (!drawing.control().isDisposed()) {
						errors.accept("Save as Sample", "The sample was not saved: " + e.getMessage());
					}
				});
				var failure = Status.error("The handwriting sample was not saved: " + e.getMessage(), e);
				ILog.of(CanvasPart.class).log(failure);
				return failure;
			}
		});
		job.schedule();
	}

	/** "Saved your 2 as sample 3 of the digit 2 (12 samples in all): 2/…png". */
	static String savedText(int digit, int ofDigit, int total, String file) {
		return String.format(Locale.ROOT, "Saved your %d as sample %d of the digit %d (%d sample%s in all): %s", digit,
				ofDigit, digit, total, total == 1 ? "" : "s", file);
	}

	// ---- teach it: samples and the fine-tune

	/** "This is a {@code digit}": the drawing becomes a sample (the digit buttons, keys 0–9 on the paper). */
	void teach(int digit) {
		if (samples == null) {
			showStatus("Handwriting samples are not available in this installation.");
			return;
		}
		saveSample(render(), digit);
	}

	boolean paperHasFocus() {
		return drawing != null && !drawing.control().isDisposed() && drawing.control().isFocusControl();
	}

	/** Reads the counts of samples per digit off the UI thread (they are files). */
	void refreshCounts() {
		HandwritingSamples target = samples;
		if (target == null) {
			return;
		}
		Job job = Job.create("Counting handwriting samples", (IProgressMonitor monitor) -> {
			try {
				int[] counts = target.counts();
				ui.asyncExec(() -> showCounts(counts));
				return Status.OK_STATUS;
			} catch (Exception e) {
				return Status.error("Could not count the handwriting samples: " + e.getMessage(), e);
			}
		});
		job.setSystem(true);
		job.schedule();
	}

	private void showCounts(int[] counts) {
		if (!drawing.control().isDisposed()) {
			teach.counts(counts);
		}
	}

	boolean fineTuning() {
		return fineTune != null;
	}

	/**
	 * Fine-tunes the active model on the user's samples with {@link TrainingOptions#FINE_TUNE} in the training
	 * service's job (progress here and in the Training Console, Cancel here); when it ends, shows before/after and
	 * makes the tuned model active if it is {@linkplain FineTuneResult#better() better}.
	 */
	void fineTune() {
		if (fineTune != null) {
			return;
		}
		if (training == null || store == null || samples == null) {
			result("Fine-tuning is not available in this installation.");
			return;
		}
		ActiveModel.State state = activeModel.state();
		if (state.status() != ActiveModel.Status.LOADED || state.name() == null) {
			result("Fine-tune what? Make a model active first (Model Explorer).");
			return;
		}
		String parent = state.name();
		Job preparation = Job.create("Preparing the fine-tune of " + parent, (IProgressMonitor monitor) -> {
			try {
				int[] counts = samples.counts();
				int heldBack = 0;
				int trainOn = 0;
				for (int n : counts) {
					long back = java.util.stream.IntStream.range(0, n).filter(HandwritingSamples::isHeldBack).count();
					heldBack += (int) back;
					trainOn += n - (int) back;
				}
				if (trainOn == 0 || heldBack == 0) {
					ui.asyncExec(() -> result("Teach it a few samples first: the fine-tune trains on 3 of every 4"
							+ " samples of a digit and tests on the 2nd, so it needs at least two of one digit ("
							+ "three per digit that it misreads work well)."));
					return Status.OK_STATUS;
				}
				String name = tunedName(parent);
				ui.asyncExec(() -> startFineTune(parent, name));
				return Status.OK_STATUS;
			} catch (Exception e) {
				ui.asyncExec(() -> result("Not fine-tuned: " + e.getMessage()));
				return Status.error("Could not prepare the fine-tune: " + e.getMessage(), e);
			}
		});
		preparation.schedule();
	}

	/** {@code parent}'s name (without an epoch) + "-mine", numbered when that is taken. */
	private String tunedName(String parent) {
		int at = parent.indexOf(EpochSnapshot.SEPARATOR);
		String base = ModelNames.safe((at < 0 ? parent : parent.substring(0, at)) + "-mine", ModelNames.MAX_LENGTH - 4);
		String name = base;
		for (int n = 2; store.find(name).isPresent(); n++) {
			name = base + "-" + n;
		}
		return name;
	}

	private void startFineTune(String parent, String name) {
		if (drawing.control().isDisposed() || fineTune != null) {
			return;
		}
		Job job;
		try {
			job = training.train(TrainingRequest.fineTune(name, parent, HandwritingSamples.DATASET_ID,
					TrainingOptions.FINE_TUNE));
		} catch (IllegalArgumentException e) {
			result("Not fine-tuned: " + e.getMessage());
			return;
		}
		FineTuneRun run = new FineTuneRun(parent, name, job);
		fineTune = run;
		teach.running(true);
		result("Fine-tuning " + parent + " on your handwriting as " + name + "…");
		job.addJobChangeListener(new JobChangeAdapter() {
			@Override
			public void done(IJobChangeEvent event) {
				ui.asyncExec(() -> {
					run.status = event.getResult();
					conclude(run);
				});
			}
		});
		job.schedule();
	}

	void cancelFineTune() {
		if (fineTune != null) {
			fineTune.job.cancel();
		}
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void trainingProgress(@UIEventTopic(TrainingEvents.BATCH) Event e) {
		FineTuneRun run = fineTune;
		if (run != null && run.name.equals(e.getProperty(TrainingEvents.MODEL_NAME)) && !drawing.control().isDisposed()
				&& e.getProperty(TrainingEvents.KEY_EPOCH) instanceof Number epoch
				&& e.getProperty(TrainingEvents.KEY_BATCH) instanceof Number batch
				&& e.getProperty(TrainingEvents.BATCHES_PER_EPOCH) instanceof Number batches) {
			double perEpoch = Math.max(1, batches.doubleValue());
			teach.progress(((epoch.intValue() - 1) * perEpoch + batch.doubleValue())
					/ (perEpoch * TrainingOptions.FINE_TUNE.epochs()));
		}
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void fineTuned(@UIEventTopic(TrainingEvents.FINE_TUNED) Event e) {
		FineTuneRun run = fineTune;
		if (run != null && run.name.equals(e.getProperty(TrainingEvents.MODEL_NAME))) {
			run.result = FineTuneResult.of(e);
			conclude(run);
		}
	}

	/**
	 * Once both the job's end and its figures are in (the event and the job's end arrive in either order): before and
	 * after, and the tuned model made active when it is better.
	 */
	private void conclude(FineTuneRun run) {
		if (run != fineTune || run.status == null || drawing.control().isDisposed()) {
			return;
		}
		if (run.status.isOK() && run.result == null) {
			return; // its figures are on their way
		}
		fineTune = null;
		teach.running(false);
		if (run.status.getSeverity() == IStatus.CANCEL) {
			result("Fine-tune cancelled; " + run.parent + " stays the active model (Training Console can resume "
					+ run.name + ").");
			return;
		}
		if (!run.status.isOK()) {
			result("The fine-tune failed: " + run.status.getMessage());
			return;
		}
		FineTuneResult result = run.result;
		lastFineTune = result;
		if (!result.better()) {
			result(result.describe() + " Not better, so " + run.parent + " stays the active model ("
					+ run.name + " is kept in the Model Explorer).");
			return;
		}
		try {
			store.setActiveModel(run.name);
			result(result.describe() + " Better: " + run.name + " is now the active model (its parent: "
					+ run.parent + ").");
		} catch (ModelStoreException e) {
			result(result.describe() + " Better, but it could not be made active: " + e.getMessage());
		}
	}

	/** A fine-tune under way: its job, and what has come back of it so far. */
	private static final class FineTuneRun {
		final String parent;
		final String name;
		final Job job;
		IStatus status;
		FineTuneResult result;

		FineTuneRun(String parent, String name, Job job) {
			this.parent = parent;
			this.name = name;
			this.job = job;
		}
	}

	private void showStatus(String text) {
		if (status != null && !status.isDisposed()) {
			status.setText(text);
			reflow();
		}
	}

	// for the UI tests (a fragment in this package)
	String statusText() {
		return status.getText();
	}

	String verdictText() {
		return recognition.verdictText();
	}

	String fineTuneText() {
		return teach.resultText();
	}

	FineTuneResult lastFineTune() {
		return lastFineTune;
	}

	TeachPanel teachPanel() {
		return teach;
	}

	void setShowWhy(boolean show) {
		showWhy.setSelection(show);
		update();
	}

	Explanation explanation() {
		return explanation;
	}

	String modelText() {
		return modelLabel.getText();
	}

	Canvas drawingArea() {
		return drawing.control();
	}

	Canvas confidenceBars() {
		return recognition.bars();
	}

	ScrolledComposite scroll() {
		return scroll;
	}

	/** Every control a person uses in the view, for the layout test. */
	java.util.List<org.eclipse.swt.widgets.Control> allControls() {
		java.util.List<org.eclipse.swt.widgets.Control> all = new java.util.ArrayList<>();
		collect(content, all);
		return all;
	}

	private static void collect(Composite parent, java.util.List<org.eclipse.swt.widgets.Control> into) {
		for (org.eclipse.swt.widgets.Control c : parent.getChildren()) {
			if (c instanceof Composite composite && !(c instanceof Canvas) && !(c instanceof Combo)
					&& !(c instanceof Spinner)) {
				collect(composite, into);
			} else {
				into.add(c);
			}
		}
	}

	int strokeCount() {
		return drawing.strokeCount();
	}

	void setPenWidth(int width) {
		penWidth.setSelection(width);
		session.penWidth = width;
	}

	int penWidth() {
		return penWidth.getSelection();
	}

	/** The model's answer now, null when the canvas is blank or there is no model. */
	float[] probabilities() {
		return input == null ? null : probabilities;
	}

	/** The predicted digit, or -1 when the canvas is blank or there is no model. */
	int prediction() {
		return input == null || probabilities == null ? -1 : RecognitionView.argmax(probabilities);
	}
}
