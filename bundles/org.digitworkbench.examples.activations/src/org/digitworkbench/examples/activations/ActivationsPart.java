package org.digitworkbench.examples.activations;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import org.digitworkbench.app.UiEvents;
import org.digitworkbench.examples.activations.LayerActivations.Layer;
import org.digitworkbench.model.ActiveModel;
import org.digitworkbench.model.ActiveModelEvents;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelMetadata.ClassMetrics;
import org.digitworkbench.preprocess.ModelInput;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.osgi.service.event.Event;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * What each layer of the canvas's model makes of the drawing, updated as the drawing changes: feature maps as tiles,
 * dense layers as heat strips, the last layer as class probabilities, each with its name and shape.
 * <p>
 * The view knows the canvas only through {@link UiEvents#CANVAS_INPUT}, and takes the model the canvas uses from the
 * shared {@link ActiveModel} (a lease for each pass, in a job). It runs at most one forward pass at a time: while one
 * runs, newer drawings replace each other and only the latest is computed next.
 */
public class ActivationsPart {

	static final int MARGIN = 8;
	static final int GAP = 3;
	/** Feature maps are enlarged to about this many pixels across. */
	static final int TILE = 56;
	static final int BAR_HEIGHT = 16;

	@Inject
	ActiveModel activeModel;

	@Inject
	UISynchronize ui;

	/** What the canvas announced: what the model sees (null when the canvas is blank). */
	record Request(ModelInput input) {
	}

	/** What one run of the job found, ready to be shown. */
	record Result(String status, List<Layer> layers, List<ImageData> images, List<String> classNames) {

		static Result message(String status) {
			return new Result(status, List.of(), List.of(), List.of());
		}
	}

	private final AtomicReference<Request> pending = new AtomicReference<>();
	private volatile Request lastRequest;
	private final AtomicReference<Result> unshown = new AtomicReference<>();
	private final AtomicBoolean showScheduled = new AtomicBoolean();
	private volatile boolean disposed;
	private volatile String shownModel; // the model of the last forward pass, for tests
	private final AtomicInteger leases = new AtomicInteger(); // leases on the active model held now, for tests
	private final ForwardJob job = new ForwardJob();

	// for tests: how many forward passes ran, and the most that ever ran at once
	private final AtomicInteger forwards = new AtomicInteger();
	private final AtomicInteger running = new AtomicInteger();
	private final AtomicInteger mostAtOnce = new AtomicInteger();

	private Label status;
	private ScrolledComposite scroller;
	private Canvas canvas;
	private int lineHeight;
	private List<Layer> layers = List.of();
	private List<Image> images = List.of();
	private List<String> classNames = List.of();

	@PostConstruct
	void createControls(Composite parent) {
		parent.setLayout(new GridLayout(1, false));
		status = new Label(parent, SWT.WRAP);
		status.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		status.setText("Draw on the Drawing Canvas to see what each layer of its model makes of the drawing.");
		Label legend = new Label(parent, SWT.WRAP);
		legend.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		legend.setText("Colour = value ÷ the layer's largest magnitude: black 0, red → yellow positive, blue → cyan negative.");
		legend.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));

		scroller = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.BORDER);
		scroller.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		scroller.setExpandHorizontal(true);
		scroller.setExpandVertical(true);
		canvas = new Canvas(scroller, SWT.DOUBLE_BUFFERED);
		scroller.setContent(canvas);
		scroller.getVerticalBar().setIncrement(24);
		scroller.addListener(SWT.Resize, e -> relayout());
		canvas.addPaintListener(e -> layout(e.gc, canvas.getClientArea().width));
		GC gc = new GC(canvas);
		try {
			lineHeight = gc.getFontMetrics().getHeight();
		} finally {
			gc.dispose();
		}
		job.setSystem(true);
		job.setPriority(Job.INTERACTIVE);
	}

	@Focus
	void focus() {
		scroller.setFocus();
	}

	/**
	 * Called on the thread that posted the event, not the UI thread ({@code @EventTopic}, not {@code @UIEventTopic}):
	 * it only notes the drawing and wakes the job, which is all that needs doing here.
	 */
	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void canvasChanged(@EventTopic(UiEvents.CANVAS_INPUT) Event event) {
		Object input = event.getProperty(UiEvents.INPUT);
		request(new Request(input instanceof ModelInput m ? m : null));
	}

	/** Another model became active (or the active one is loaded now, or gone): show the drawing through it. */
	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void activeModelChanged(@EventTopic(ActiveModelEvents.CHANGED) Event event) {
		Request last = lastRequest;
		if (last != null) {
			request(last);
		}
	}

	void request(Request request) {
		if (disposed) {
			return;
		}
		lastRequest = request;
		pending.set(request);
		job.schedule();
	}

	/** Takes the latest request, computes it, hands the result to the UI; runs again if a newer one came meanwhile. */
	private final class ForwardJob extends Job {

		ForwardJob() {
			super("Computing layer activations");
		}

		@Override
		protected IStatus run(IProgressMonitor monitor) {
			Request request = disposed ? null : pending.getAndSet(null);
			if (request != null) {
				Result result;
				try {
					result = compute(request);
				} catch (Exception | LinkageError e) {
					result = Result.message("Could not show the activations of " + activeModel.state().name() + ": "
							+ (e.getMessage() == null ? e.toString() : e.getMessage()));
				} catch (OutOfMemoryError e) { // this pass's arrays are gone with it; the view goes on
					result = Result.message("Could not show the activations of " + activeModel.state().name()
							+ ": Java ran out of memory (" + e.getMessage() + ").");
				}
				publish(result);
			}
			if (!disposed && pending.get() != null) {
				schedule();
			}
			return Status.OK_STATUS;
		}

		/** One forward pass through the active model, on a lease returned right after. */
		private Result compute(Request request) {
			ActiveModel.State state = activeModel.state();
			switch (state.status()) {
			case NONE:
				return Result.message("The canvas has no model: activate one in the Model Explorer, or train one.");
			case LOADING:
				return Result.message("Loading " + state.name() + "\u2026");
			case FAILED:
				return Result.message("Could not show the activations of " + state.name() + ": " + state.message());
			default:
				break;
			}
			Optional<LoadedModel> lease = activeModel.acquire();
			if (lease.isEmpty()) { // replaced between the two questions: its event brings the next pass
				return Result.message("Loading the active model\u2026");
			}
			leases.incrementAndGet();
			try (LoadedModel model = lease.get()) {
				ModelMetadata metadata = model.metadata();
				shownModel = metadata.name();
				String description = metadata.name() + " (" + metadata.architectureId() + ", trained on "
						+ metadata.datasetId() + ")";
				if (request.input() == null) {
					return Result.message(description + ": draw on the canvas to see each layer's activations.");
				}
				long started = System.nanoTime();
				List<Layer> computed;
				mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
				try {
					computed = LayerActivations.forward(model, request.input());
				} finally {
					running.decrementAndGet();
					forwards.incrementAndGet();
				}
				double millis = (System.nanoTime() - started) / 1e6;
				List<ImageData> data = computed.stream().map(Heatmap::image).toList();
				return new Result(String.format(Locale.ROOT, "%s: %d layers, forward pass %.1f ms", description,
						computed.size() - 1, millis), computed, data, classNames(metadata, computed));
			} finally {
				leases.decrementAndGet();
			}
		}
	}

	/** The class names the model was evaluated with, when they fit its output; else the class numbers. */
	private static List<String> classNames(ModelMetadata metadata, List<Layer> layers) {
		int outputs = layers.get(layers.size() - 1).values().length;
		List<String> names = metadata.perClass() == null ? List.of()
				: metadata.perClass().stream().map(ClassMetrics::className).filter(Objects::nonNull).toList();
		return names.size() == outputs ? names : IntStream.range(0, outputs).mapToObj(String::valueOf).toList();
	}

	/** Keeps only the newest result for the UI: at most one update is queued however fast results come. */
	private void publish(Result result) {
		unshown.set(result);
		if (showScheduled.compareAndSet(false, true)) {
			ui.asyncExec(() -> {
				showScheduled.set(false);
				Result latest = unshown.getAndSet(null);
				if (latest != null) {
					show(latest);
				}
			});
		}
	}

	private void show(Result result) {
		if (canvas == null || canvas.isDisposed()) {
			return;
		}
		disposeImages();
		List<Image> made = new ArrayList<>(result.images().size());
		for (ImageData data : result.images()) {
			made.add(new Image(canvas.getDisplay(), data));
		}
		images = made;
		layers = result.layers();
		classNames = result.classNames();
		status.setText(result.status());
		status.getParent().layout();
		relayout();
		canvas.redraw();
	}

	private void relayout() {
		int width = scroller.getClientArea().width;
		scroller.setMinSize(0, layout(null, width));
	}

	/**
	 * Lays the layers out for {@code width} and, when {@code gc} is given, paints them.
	 *
	 * @return the height they take
	 */
	private int layout(GC gc, int width) {
		int y = MARGIN;
		int usable = Math.max(40, width - 2 * MARGIN);
		if (gc != null) {
			gc.setInterpolation(SWT.NONE);
			gc.setAntialias(SWT.OFF);
		}
		for (int i = 0; i < layers.size(); i++) {
			Layer layer = layers.get(i);
			Image image = i < images.size() ? images.get(i) : null;
			boolean classes = i == layers.size() - 1 && i > 0 && layer.values().length == classNames.size()
					&& classNames.size() <= 50;
			if (gc != null) {
				String title = (layer.index() == 0 ? "Input" : layer.index() + "  " + layer.name()) + "   "
						+ layer.shapeText() + "      ";
				gc.setForeground(canvas.getForeground());
				gc.drawText(title, MARGIN, y, true);
				String range = String.format(Locale.ROOT, "%.2f \u2026 %.2f%s", layer.min(), layer.max(),
						classes ? "   (bars: the softmax of these values, per class)" : "");
				gc.setForeground(canvas.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
				gc.drawText(range, MARGIN + gc.textExtent(title).x, y, true);
			}
			y += lineHeight + 2;
			if (layer.isMaps()) {
				y = maps(gc, layer, image, y, usable);
			} else {
				y = strip(gc, layer, image, y, usable);
			}
			if (classes) {
				y = probabilities(gc, layer, y + 4, usable);
			}
			y += MARGIN + 4;
		}
		return y;
	}

	private int maps(GC gc, Layer layer, Image image, int y, int usable) {
		int channels = (int) layer.shape()[0];
		int rows = (int) layer.shape()[1];
		int columns = (int) layer.shape()[2];
		int scale = Math.max(1, TILE / Math.max(rows, columns));
		int tileWidth = columns * scale;
		int tileHeight = rows * scale;
		int perRow = Math.max(1, (usable + GAP) / (tileWidth + GAP));
		int lines = (channels + perRow - 1) / perRow;
		if (gc != null && image != null) {
			for (int c = 0; c < channels; c++) {
				int x = MARGIN + c % perRow * (tileWidth + GAP);
				int top = y + c / perRow * (tileHeight + GAP);
				gc.drawImage(image, c * columns, 0, columns, rows, x, top, tileWidth, tileHeight);
			}
		}
		return y + lines * (tileHeight + GAP);
	}

	private int strip(GC gc, Layer layer, Image image, int y, int usable) {
		int units = layer.values().length;
		int cell = units <= 64 ? 14 : 6;
		int height = 14;
		int perRow = Math.max(1, usable / cell);
		int lines = (units + perRow - 1) / perRow;
		if (gc != null && image != null) {
			for (int line = 0; line < lines; line++) {
				int count = Math.min(perRow, units - line * perRow);
				gc.drawImage(image, line * perRow, 0, count, 1, MARGIN, y + line * (height + 1), count * cell, height);
			}
		}
		return y + lines * (height + 1);
	}

	/** The last layer: each class's probability (the softmax of the logits) as a labelled bar. */
	private int probabilities(GC gc, Layer layer, int y, int usable) {
		float[] p = LayerActivations.softmax(layer.values());
		if (gc != null) {
			int labelWidth = 0;
			for (String name : classNames) {
				labelWidth = Math.max(labelWidth, gc.textExtent(name).x);
			}
			labelWidth += 8;
			int best = 0;
			for (int k = 1; k < p.length; k++) {
				best = p[k] > p[best] ? k : best;
			}
			int barSpace = Math.max(20, Math.min(360, usable - labelWidth - 50));
			for (int k = 0; k < p.length; k++) {
				int top = y + k * BAR_HEIGHT;
				gc.setForeground(canvas.getForeground());
				gc.drawText(classNames.get(k), MARGIN, top, true);
				gc.setBackground(canvas.getDisplay().getSystemColor(k == best ? SWT.COLOR_DARK_GREEN : SWT.COLOR_GRAY));
				int width = Math.max(1, Math.round(barSpace * p[k]));
				gc.fillRectangle(MARGIN + labelWidth, top + 3, width, BAR_HEIGHT - 5);
				gc.drawText(String.format(Locale.ROOT, "%.1f %%", 100 * p[k]), MARGIN + labelWidth + width + 4, top, true);
			}
		}
		return y + p.length * BAR_HEIGHT;
	}

	private void disposeImages() {
		for (Image image : images) {
			image.dispose();
		}
		images = List.of();
	}

	@PreDestroy
	void dispose() {
		disposed = true;
		pending.set(null);
		disposeImages();
	}

	// ---- for tests ----

	/** The layers shown now (UI thread). */
	List<Layer> shownLayers() {
		return layers;
	}

	List<String> shownClassNames() {
		return classNames;
	}

	String statusText() {
		return status.getText();
	}

	int forwardPasses() {
		return forwards.get();
	}

	int mostForwardPassesAtOnce() {
		return mostAtOnce.get();
	}

	Job job() {
		return job;
	}

	/** The model of the last forward pass, null before the first. */
	String shownModel() {
		return shownModel;
	}

	/** Leases on the active model the view holds now (only while a pass runs). */
	int leasesHeld() {
		return leases.get();
	}
}
