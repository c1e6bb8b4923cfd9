package org.digitworkbench.ui.canvas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.digitworkbench.app.UiEvents;
import org.digitworkbench.model.ActiveModel;
import org.digitworkbench.model.ActiveModelEvents;
import org.digitworkbench.model.Classifier;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.preprocess.HandwritingSamples;
import org.digitworkbench.preprocess.InkImage;
import org.digitworkbench.preprocess.ModelInput;
import org.digitworkbench.preprocess.Pipeline;
import org.digitworkbench.preprocess.Pipelines;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.dialogs.InputDialog;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
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
 * and, enlarged, the 28×28 picture the model actually sees.
 */
public class CanvasPart {

	static final int SIZE = 280;

	/** One stroke: the pen width and the points it passed through, in canvas coordinates. */
	record Stroke(int width, List<Point> points) {
	}

	@Inject
	ActiveModel activeModel;

	@Inject
	UISynchronize ui;

	@Inject
	IEventBroker events;

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	HandwritingSamples samples;

	private final List<Stroke> strokes = new ArrayList<>();
	private Stroke current;
	private InkImage background; // a picture opened from elsewhere (e.g. the gallery) that strokes draw over
	private float[] backgroundInk; // the same, enlarged to the canvas
	private final InkRaster raster = new InkRaster(SIZE);

	private Canvas drawing;
	private Canvas preview;
	private Canvas bars;
	private Label verdict;
	private Label modelLabel;
	private Label status;
	/** Shows a failure (title, message); tests replace the modal dialog to read the message. */
	java.util.function.BiConsumer<String, String> errors = (title, message) -> MessageDialog.openError(drawing.getShell(),
			title, message);
	private Spinner penWidth;
	private Combo pipelineChoice;
	private Pipeline pipeline = Pipelines.MNIST;

	private LoadedModel model;
	private Classifier classifier;
	private ModelInput input;
	private float[] probabilities;

	@PostConstruct
	void createControls(Composite parent) {
		parent.setLayout(new GridLayout(2, false));

		drawing = new Canvas(parent, SWT.BORDER | SWT.DOUBLE_BUFFERED);
		GridData drawingData = new GridData(SWT.LEFT, SWT.TOP, false, false);
		drawingData.widthHint = SIZE;
		drawingData.heightHint = SIZE;
		drawing.setLayoutData(drawingData);
		drawing.setBackground(drawing.getDisplay().getSystemColor(SWT.COLOR_WHITE));
		drawing.addPaintListener(e -> paintStrokes(e.gc));
		drawing.addListener(SWT.MouseDown, e -> {
			current = new Stroke(penWidth.getSelection(), new ArrayList<>(List.of(new Point(e.x, e.y))));
			strokes.add(current);
			raster.segment(e.x, e.y, e.x, e.y, current.width());
			update();
		});
		drawing.addListener(SWT.MouseMove, e -> {
			if (current != null) {
				Point last = current.points().get(current.points().size() - 1);
				current.points().add(new Point(e.x, e.y));
				raster.segment(last.x, last.y, e.x, e.y, current.width());
				update();
			}
		});
		drawing.addListener(SWT.MouseUp, e -> current = null);
		drawing.addListener(SWT.KeyDown, e -> {
			if (e.keyCode == SWT.ESC) {
				clear();
			} else if ((e.stateMask & SWT.MOD1) != 0 && (e.keyCode == 'z' || e.keyCode == 'Z')) {
				undo();
			}
		});

		Composite side = new Composite(parent, SWT.NONE);
		side.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		side.setLayout(new GridLayout(2, false));
		modelLabel = new Label(side, SWT.WRAP);
		modelLabel.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
		verdict = new Label(side, SWT.NONE);
		FontData big = verdict.getFont().getFontData()[0];
		Font bigFont = new Font(verdict.getDisplay(), big.getName(), Math.round(big.getHeight() * 1.8f), SWT.BOLD);
		verdict.setFont(bigFont);
		verdict.addDisposeListener(e -> bigFont.dispose());
		verdict.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
		preview = new Canvas(side, SWT.BORDER | SWT.DOUBLE_BUFFERED);
		GridData previewData = new GridData(SWT.LEFT, SWT.TOP, false, false);
		previewData.widthHint = 112;
		previewData.heightHint = 112;
		preview.setLayoutData(previewData);
		preview.setToolTipText("The 28×28 image the model sees");
		preview.addPaintListener(e -> paintPreview(e.gc));
		bars = new Canvas(side, SWT.DOUBLE_BUFFERED);
		GridData barsData = new GridData(SWT.FILL, SWT.TOP, true, false);
		barsData.heightHint = 150;
		barsData.widthHint = 160;
		bars.setLayoutData(barsData);
		bars.addPaintListener(e -> paintBars(e.gc));

		Composite controls = new Composite(parent, SWT.NONE);
		controls.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
		controls.setLayout(new GridLayout(2, false));
		new Label(controls, SWT.NONE).setText("Preprocessing:");
		pipelineChoice = new Combo(controls, SWT.READ_ONLY);
		for (Pipeline p : Pipelines.all()) {
			pipelineChoice.add(p.displayName());
		}
		pipelineChoice.select(0);
		pipelineChoice.addListener(SWT.Selection, e -> {
			pipeline = Pipelines.all().get(pipelineChoice.getSelectionIndex());
			update();
		});
		new Label(controls, SWT.NONE).setText("Pen width:");
		penWidth = new Spinner(controls, SWT.BORDER);
		penWidth.setValues(18, 4, 40, 0, 2, 4);
		Composite buttons = new Composite(controls, SWT.NONE);
		buttons.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false, 2, 1));
		buttons.setLayout(new GridLayout(3, true));
		button(buttons, "Clear (Esc)", this::clear);
		button(buttons, "Undo (Ctrl+Z)", this::undo);
		button(buttons, "Save as sample\u2026", this::saveAsSample);
		status = new Label(controls, SWT.WRAP);
		status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));

		followActiveModel();
	}

	private static void button(Composite parent, String text, Runnable action) {
		Button button = new Button(parent, SWT.PUSH);
		button.setText(text);
		button.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		button.addListener(SWT.Selection, e -> action.run());
	}

	@Focus
	void focus() {
		drawing.setFocus();
	}

	void clear() {
		strokes.clear();
		raster.clear();
		setBackground(null);
		update();
	}

	void undo() {
		if (!strokes.isEmpty()) {
			strokes.remove(strokes.size() - 1);
			raster.clear();
			for (Stroke stroke : strokes) {
				List<Point> points = stroke.points();
				for (int i = 0; i < points.size(); i++) {
					Point from = points.get(Math.max(0, i - 1));
					raster.segment(from.x, from.y, points.get(i).x, points.get(i).y, stroke.width());
				}
			}
		} else {
			setBackground(null);
		}
		update();
	}

	/** A picture to draw over, enlarged to the canvas block by block as it is painted. */
	private void setBackground(InkImage image) {
		background = image;
		if (image == null) {
			backgroundInk = null;
			return;
		}
		backgroundInk = new float[SIZE * SIZE];
		int cellX = Math.max(1, SIZE / image.width());
		int cellY = Math.max(1, SIZE / image.height());
		for (int y = 0; y < SIZE; y++) {
			for (int x = 0; x < SIZE; x++) {
				int sx = Math.min(image.width() - 1, x / cellX);
				int sy = Math.min(image.height() - 1, y / cellY);
				backgroundInk[y * SIZE + x] = image.at(sx, sy) > 0.02f ? image.at(sx, sy) : 0;
			}
		}
	}

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
		String offered = probabilities == null ? "" : Integer.toString(argmax(probabilities));
		InputDialog ask = new InputDialog(drawing.getShell(), "Save as Sample",
				"Which digit did you draw? The drawing is kept in your handwriting set, which the Training Console can"
						+ " evaluate any model on.",
				offered, text -> text.strip().matches("[0-9]") ? null : "Type one digit, 0 to 9");
		if (ask.open() != Window.OK) {
			return;
		}
		saveSample(render(), Integer.parseInt(ask.getValue().strip()));
	}

	/** Writes the sample in a Job; the outcome shows under the buttons, a failure also in a dialog. */
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
				ui.asyncExec(() -> showStatus(String.format(Locale.ROOT,
						"Saved as a sample of %d (%d of %d, %d in all): %s", digit, counts[digit], digit, total,
						file.getFileName())));
				return Status.OK_STATUS;
			} catch (Exception e) {
				ui.asyncExec(() -> {
					showStatus("Not saved: " + e.getMessage());
					if (drawing != null && !drawing.isDisposed()) {
						errors.accept("Save as Sample", "The sample was not saved: " + e.getMessage());
					}
				});
				return Status.error("The handwriting sample was not saved: " + e.getMessage(), e);
			}
		});
		job.schedule();
	}

	private void showStatus(String text) {
		if (status != null && !status.isDisposed()) {
			status.setText(text);
			status.getParent().layout();
		}
	}

	// for the UI tests (a fragment in this package)
	String statusText() {
		return status.getText();
	}

	String verdictText() {
		return verdict.getText();
	}

	String modelText() {
		return modelLabel.getText();
	}

	Canvas drawingArea() {
		return drawing;
	}

	Canvas confidenceBars() {
		return bars;
	}

	int strokeCount() {
		return strokes.size();
	}

	void setPenWidth(int width) {
		penWidth.setSelection(width);
	}

	/** The predicted digit, or -1 when the canvas is blank or there is no model. */
	int prediction() {
		return input == null || probabilities == null ? -1 : argmax(probabilities);
	}

	/** Recognise the drawing as it is now and repaint; sub-millisecond work, so it stays on the UI thread. */
	void update() {
		InkImage ink = render();
		Optional<ModelInput> prepared = pipeline.apply(ink);
		input = prepared.orElse(null);
		probabilities = input != null && classifier != null ? classifier.probabilities(input.normalized()) : null;
		String text;
		if (input == null) {
			text = "Draw a digit";
		} else if (probabilities == null) {
			text = "No model";
		} else {
			int best = argmax(probabilities);
			text = String.format(Locale.ROOT, "%d  (%.0f %%)%s", best, 100 * probabilities[best],
					probabilities[best] < 0.5f ? "  uncertain" : "");
		}
		if (!text.equals(verdict.getText())) {
			verdict.setText(text);
			verdict.getParent().layout(); // only when the text changed: a layout per mouse move costs
		}
		drawing.redraw();
		preview.redraw();
		bars.redraw();
		announce();
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
		return new InkImage(SIZE, SIZE, raster.snapshot(backgroundInk));
	}

	private void paintStrokes(GC gc) {
		gc.setAntialias(SWT.ON);
		// white paper and black ink in every theme (a dark theme's CSS would otherwise paint the paper dark)
		gc.setBackground(drawing.getDisplay().getSystemColor(SWT.COLOR_WHITE));
		gc.fillRectangle(drawing.getClientArea());
		if (background != null) {
			for (int y = 0; y < background.height(); y++) {
				for (int x = 0; x < background.width(); x++) {
					float v = background.at(x, y);
					if (v > 0.02f) {
						int grey = Math.round(255 * (1 - v));
						Color color = new Color(grey, grey, grey);
						gc.setBackground(color);
						int cell = SIZE / background.width();
						gc.fillRectangle(x * cell, y * cell, cell, cell);
					}
				}
			}
		}
		gc.setForeground(gc.getDevice().getSystemColor(SWT.COLOR_BLACK));
		gc.setBackground(gc.getDevice().getSystemColor(SWT.COLOR_BLACK));
		gc.setLineCap(SWT.CAP_ROUND);
		gc.setLineJoin(SWT.JOIN_ROUND);
		for (Stroke stroke : strokes) {
			gc.setLineWidth(stroke.width());
			List<Point> points = stroke.points();
			if (points.size() == 1) {
				Point p = points.get(0);
				gc.fillOval(p.x - stroke.width() / 2, p.y - stroke.width() / 2, stroke.width(), stroke.width());
			}
			for (int i = 1; i < points.size(); i++) {
				gc.drawLine(points.get(i - 1).x, points.get(i - 1).y, points.get(i).x, points.get(i).y);
			}
		}
	}

	private void paintPreview(GC gc) {
		Point size = preview.getSize();
		gc.setBackground(gc.getDevice().getSystemColor(SWT.COLOR_BLACK));
		gc.fillRectangle(0, 0, size.x, size.y);
		if (input == null) {
			return;
		}
		int cell = Math.max(1, Math.min(size.x, size.y) / ModelInput.SIZE);
		for (int i = 0; i < input.pixels().length; i++) {
			int grey = Math.round(255 * Math.max(0, Math.min(1, input.pixels()[i])));
			if (grey > 0) {
				Color color = new Color(grey, grey, grey);
				gc.setBackground(color);
				gc.fillRectangle(i % 28 * cell, i / 28 * cell, cell, cell);
			}
		}
	}

	private void paintBars(GC gc) {
		Point size = bars.getSize();
		int rowHeight = Math.max(10, size.y / 10);
		int labelWidth = gc.textExtent("9 ").x;
		int best = probabilities == null ? -1 : argmax(probabilities);
		for (int digit = 0; digit < 10; digit++) {
			int y = digit * rowHeight;
			gc.setForeground(bars.getForeground());
			gc.drawText(Integer.toString(digit), 0, y, true);
			float p = probabilities == null ? 0 : probabilities[digit];
			int width = Math.round((size.x - labelWidth - 40) * p);
			gc.setBackground(gc.getDevice().getSystemColor(digit == best ? SWT.COLOR_DARK_GREEN : SWT.COLOR_GRAY));
			gc.fillRectangle(labelWidth, y + 2, Math.max(1, width), rowHeight - 4);
			if (probabilities != null) {
				gc.drawText(String.format(Locale.ROOT, "%.0f%%", 100 * p), labelWidth + width + 4, y, true);
			}
		}
	}

	static int argmax(float[] values) {
		int best = 0;
		for (int i = 1; i < values.length; i++) {
			if (values[i] > values[best]) {
				best = i;
			}
		}
		return best;
	}

	/**
	 * Takes a lease on the active model as the shared service has it now (it opens models off the UI thread and says
	 * when one is ready), and gives back the lease on the one before.
	 */
	private void followActiveModel() {
		closeModel();
		ActiveModel.State state = activeModel.state();
		model = state.status() == ActiveModel.Status.LOADED ? activeModel.acquire().orElse(null) : null;
		classifier = model == null ? null : model.newClassifier();
		modelLabel.setText(switch (state.status()) {
		case NONE -> "No active model: train one in the Training Console or import one in the Model Explorer.";
		case LOADING -> "Model: loading " + state.name() + "\u2026";
		case FAILED -> "Model " + state.name() + " could not be loaded: " + state.message();
		case LOADED -> model == null ? "Model: loading\u2026"
				: "Model: " + model.metadata().name() + " (" + model.metadata().architectureId() + ")";
		});
		modelLabel.getParent().layout();
		update();
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void activeModelChanged(@UIEventTopic(ActiveModelEvents.CHANGED) Event event) {
		if (drawing != null && !drawing.isDisposed()) {
			followActiveModel();
		}
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void open(@UIEventTopic(UiEvents.OPEN_IN_CANVAS) InkImage image) {
		if (drawing != null && !drawing.isDisposed() && image != null) {
			strokes.clear();
			raster.clear();
			setBackground(image);
			update();
		}
	}

	private void closeModel() {
		if (classifier != null) {
			classifier.close();
			classifier = null;
		}
		if (model != null) {
			model.close();
			model = null;
		}
	}

	@PreDestroy
	void dispose() {
		closeModel();
	}
}
