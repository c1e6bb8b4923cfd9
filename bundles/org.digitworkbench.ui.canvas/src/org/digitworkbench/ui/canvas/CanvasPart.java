package org.digitworkbench.ui.canvas;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.digitworkbench.app.UiEvents;
import org.digitworkbench.app.WorkbenchPreferences;
import org.digitworkbench.drawings.HandwritingSamples;
import org.digitworkbench.model.ActiveModel;
import org.digitworkbench.model.ActiveModelEvents;
import org.digitworkbench.model.Classifier;
import org.digitworkbench.model.Explanation;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.preprocess.InkImage;
import org.digitworkbench.preprocess.ModelInput;
import org.digitworkbench.preprocess.Pipeline;
import org.digitworkbench.preprocess.Pipelines;
import org.digitworkbench.training.TrainingEvents;
import org.digitworkbench.training.TrainingService;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Status;
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
 * ({@code fragment.e4xmi}) and buttons call this part. Teaching it (the digit buttons, the counts, the fine-tune) is
 * the {@link TeachingRow}'s work and "Show why" the {@link WhyOverlay}'s; the part lays them out, follows the active
 * model and recognises the drawing.
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
	private TeachingRow teaching;
	private StepsView steps;
	private WhyOverlay why;
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
		why = new WhyOverlay(side, this::update);

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
		teaching = new TeachingRow(controls, new TeachingRow.Services(samples, training, store, activeModel, ui, events),
				new TeachingRow.Host() {
					@Override
					public InkImage drawing() {
						return render();
					}

					@Override
					public boolean disposed() {
						return drawing.control().isDisposed();
					}

					@Override
					public void status(String text) {
						showStatus(text);
					}

					@Override
					public void reflow() {
						if (!scroll.isDisposed()) {
							CanvasPart.this.reflow();
						}
					}

					@Override
					public void error(String title, String message) {
						errors.accept(title, message); // read when it happens: tests replace it
					}
				});
		teaching.panel().control().moveAbove(controls.getChildren()[0]); // right under the paper, before the settings

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
	 * Recognise the drawing as it is now and repaint; about a millisecond of work, so it stays on the UI thread. With
	 * "Show why" on, between strokes also explains it ({@link WhyOverlay}).
	 */
	void update() {
		input = pipeline.apply(drawing.render()).orElse(null);
		float[] normalized = input == null || model == null ? null
				: input.normalized(model.metadata().normalization()); // the model's own figures
		probabilities = normalized != null && classifier != null ? classifier.probabilities(normalized) : null;
		recognition.show(input, probabilities);
		recognition.showWhy(why.explain(model, normalized, drawing.drawing()));
		if (steps.visible() && !drawing.drawing()) { // the steps again: between strokes, like the explanation
			steps.show(pipeline == Pipelines.MNIST ? Pipelines.mnistSteps(drawing.render()) : List.of(), normalized);
		}
		drawing.control().redraw();
		announce();
	}

	/** Shows or hides what the network sees, step by step (the MNIST-style preprocessing's pictures). */
	void toggleSteps() {
		steps.setVisible(!steps.visible());
		update();
		reflow();
	}

	StepsView steps() {
		return steps;
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
		if (teaching != null) {
			teaching.cancelFineTune(); // its job would otherwise run on for a view that is gone
		}
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

	/** Writes the sample in a Job (the teaching row's); the outcome shows under the buttons. */
	void saveSample(InkImage drawingNow, int digit) {
		teaching.saveSample(drawingNow, digit);
	}

	// ---- teach it: samples and the fine-tune, in the teaching row

	/** "This is a {@code digit}": the drawing becomes a sample (the digit buttons, keys 0–9 on the paper). */
	void teach(int digit) {
		teaching.teach(digit);
	}

	boolean paperHasFocus() {
		return drawing != null && !drawing.control().isDisposed() && drawing.control().isFocusControl();
	}

	/** Reads the counts of samples per digit off the UI thread (they are files). */
	void refreshCounts() {
		teaching.refreshCounts();
	}

	boolean fineTuning() {
		return teaching.fineTuning();
	}

	/** Fine-tunes the active model on the user's samples ({@link TeachingRow#fineTune}). */
	void fineTune() {
		teaching.fineTune();
	}

	void cancelFineTune() {
		teaching.cancelFineTune();
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void trainingProgress(@UIEventTopic(TrainingEvents.BATCH) Event e) {
		if (teaching != null) {
			teaching.trainingProgress(e);
		}
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void fineTuned(@UIEventTopic(TrainingEvents.FINE_TUNED) Event e) {
		if (teaching != null) {
			teaching.fineTuned(e);
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
		return teaching.panel().resultText();
	}

	FineTuneResult lastFineTune() {
		return teaching.lastFineTune();
	}

	TeachPanel teachPanel() {
		return teaching.panel();
	}

	void setShowWhy(boolean show) {
		why.setShown(show);
		update();
	}

	Explanation explanation() {
		return why.explanation();
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
