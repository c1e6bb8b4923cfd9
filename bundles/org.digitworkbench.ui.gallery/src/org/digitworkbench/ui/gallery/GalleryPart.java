package org.digitworkbench.ui.gallery;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

import org.digitworkbench.app.UiEvents;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.model.ActiveModel;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreEvents;
import org.digitworkbench.preprocess.InkImage;
import org.digitworkbench.training.Evaluation;
import org.digitworkbench.training.EvaluationEvents;
import org.digitworkbench.training.EvaluationService;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.osgi.service.event.Event;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Predictions view: the latest evaluation (after every training, or evaluated here on request) as a confusion
 * matrix heat map beside a gallery of the test images it selects. A cell, row or column of the matrix fills the
 * gallery with those images; the gallery shows only the mistakes on request, sorts by confidence, exports what it
 * shows as a PNG grid, and opens a double-clicked image in the drawing canvas.
 */
public class GalleryPart implements GalleryView {

	static final String NO_EVALUATION = "No evaluation yet";
	private static final String STATUS_HINT = "Point at a cell or an image for details; click a cell, row or column "
			+ "to show its images; double-click an image (or press Enter) to open it in the drawing canvas.";

	@Inject
	ModelStore store;

	@Inject
	EvaluationService evaluator;

	@Inject
	UISynchronize ui;

	@Inject
	IEventBroker events;

	@Inject
	IEclipseContext context;

	/** The canvas reads with the active model: "open in canvas" says which one. */
	@Inject
	ActiveModel activeModel;

	/** The evaluation shown, kept across closing and reopening the view (and Reset Perspective). */
	@Inject
	GallerySession session;

	private Composite root;
	private Label header;
	private Button evaluateButton;
	private Button showAll;
	private Button errorsOnly;
	private Combo sortChoice;
	private Combo sizeChoice;
	private Button exportButton;
	private Label selectionLabel;
	private Composite stack;
	private Composite emptyPage;
	private Label emptyText;
	private SashForm content;
	private ConfusionMatrix matrix;
	private ThumbnailGallery gallery;
	private Label status;

	private Evaluation evaluation;
	private ImageSet images;
	private MatrixSelection selection = MatrixSelection.ALL;
	private SavedModelEvaluation evaluations;
	private PngExport export;

	@PostConstruct
	void createControls(Composite parent) {
		root = parent;
		parent.setLayout(grid(1, 4, 4));

		Composite top = new Composite(parent, SWT.NONE);
		top.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		top.setLayout(grid(2, 0, 0));
		header = new Label(top, SWT.NONE);
		header.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		FontData bold = header.getFont().getFontData()[0];
		Font headerFont = new Font(header.getDisplay(), bold.getName(), bold.getHeight(), SWT.BOLD);
		header.setFont(headerFont);
		header.addDisposeListener(e -> headerFont.dispose());
		header.setText(NO_EVALUATION);
		evaluateButton = new Button(top, SWT.PUSH);
		evaluateButton.setText("Evaluate\u2026");
		evaluateButton.setToolTipText("Evaluate a saved model on the test split of its dataset");
		evaluateButton.addListener(SWT.Selection, e -> evaluateOrCancel());

		Composite controls = new Composite(parent, SWT.NONE);
		controls.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		controls.setLayout(grid(8, 0, 0));
		showAll = new Button(controls, SWT.PUSH);
		showAll.setText("Show all");
		showAll.setToolTipText("Show every test image (Escape in the matrix)");
		showAll.addListener(SWT.Selection, e -> select(MatrixSelection.ALL));
		errorsOnly = new Button(controls, SWT.CHECK);
		errorsOnly.setText("Errors only");
		errorsOnly.setToolTipText("Show only the images the model got wrong");
		errorsOnly.addListener(SWT.Selection, e -> refreshGallery());
		new Label(controls, SWT.NONE).setText("Sort:");
		sortChoice = new Combo(controls, SWT.READ_ONLY);
		for (SortOrder order : SortOrder.values()) {
			sortChoice.add(order.label());
		}
		sortChoice.select(0);
		sortChoice.addListener(SWT.Selection, e -> refreshGallery());
		new Label(controls, SWT.NONE).setText("Size:");
		sizeChoice = new Combo(controls, SWT.READ_ONLY);
		sizeChoice.setItems("\u00d72", "\u00d73");
		sizeChoice.select(0);
		sizeChoice.addListener(SWT.Selection, e -> gallery.setScale(sizeChoice.getSelectionIndex() + 2));
		exportButton = new Button(controls, SWT.PUSH);
		exportButton.setText("Export PNG\u2026");
		exportButton.setToolTipText("Save the images shown as a PNG grid captioned true/predicted");
		exportButton.addListener(SWT.Selection, e -> chooseExportFile());
		selectionLabel = new Label(controls, SWT.NONE);
		selectionLabel.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));

		stack = new Composite(parent, SWT.NONE);
		stack.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		StackLayout pages = new StackLayout();
		stack.setLayout(pages);
		emptyPage = new Composite(stack, SWT.NONE);
		emptyPage.setLayout(grid(1, 12, 12));
		emptyText = new Label(emptyPage, SWT.WRAP);
		emptyText.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		emptyText.setText("The confusion matrix and the predictions of every test image appear here after an "
				+ "evaluation.\n\nTrain a model in the Training Console (its test results come here when it "
				+ "finishes), use Evaluate there, or press Evaluate\u2026 above to test a saved model on the test split "
				+ "of its dataset.");
		content = new SashForm(stack, SWT.HORIZONTAL | SWT.SMOOTH);
		matrix = new ConfusionMatrix(content, this::select, this::showHint);
		matrix.control().setToolTipText("Confusion matrix");
		gallery = new ThumbnailGallery(content, this::hoverImage, this::openInCanvas);
		content.setWeights(47, 53);
		pages.topControl = emptyPage;

		status = new Label(parent, SWT.NONE);
		status.setLayoutData(new GridData(SWT.FILL, SWT.BOTTOM, true, false));
		status.setText("");
		setControlsEnabled(false);
		evaluations = new SavedModelEvaluation(store, evaluator, ui, events, this);
		export = new PngExport(ui, events, this);
		context.set(GalleryPart.class, this); // for the handlers, which run in this part's context
		if (session.evaluation != null) { // reopened: what it showed before
			MatrixSelection kept = session.selection;
			errorsOnly.setSelection(session.errorsOnly);
			sortChoice.select(session.sortOrder);
			show(session.evaluation, session.images, session.modelName);
			if (kept != MatrixSelection.ALL) {
				select(kept);
			}
		}
		errorsOnly.addListener(SWT.Selection, e -> session.errorsOnly = errorsOnly.getSelection());
		sortChoice.addListener(SWT.Selection, e -> session.sortOrder = sortChoice.getSelectionIndex());
	}

	private static GridLayout grid(int columns, int marginWidth, int marginHeight) {
		GridLayout layout = new GridLayout(columns, false);
		layout.marginWidth = marginWidth;
		layout.marginHeight = marginHeight;
		return layout;
	}

	@Focus
	void focus() {
		if (evaluation != null) {
			matrix.control().setFocus();
		} else {
			evaluateButton.setFocus();
		}
	}

	// ---- showing an evaluation

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void evaluated(@UIEventTopic(EvaluationEvents.DONE) Event event) {
		if (!alive() || event == null) {
			return;
		}
		if (event.getProperty(EvaluationEvents.EVALUATION) instanceof Evaluation done
				&& event.getProperty(EvaluationEvents.IMAGES) instanceof ImageSet evaluated) {
			if (done == evaluation) {
				return;
			}
			if (evaluated.count() != done.count()) {
				status.setText("Ignored an evaluation of " + done.count() + " images that came with " + evaluated.count()
						+ " images.");
				return;
			}
			show(done, evaluated, done.modelName());
		}
	}

	/** A renamed model keeps its evaluation on screen, under its new name; a deleted one is said to be gone. */
	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void modelsChanged(@UIEventTopic(ModelStoreEvents.TOPIC_ALL) Event event) {
		if (!alive() || event == null || evaluation == null) {
			return;
		}
		Object name = event.getProperty(ModelStoreEvents.NAME);
		if (ModelStoreEvents.RENAMED.equals(event.getTopic())
				&& shownModelName().equals(event.getProperty(ModelStoreEvents.OLD_NAME)) && name instanceof String now) {
			session.modelName = now;
			showHeader();
		} else if (ModelStoreEvents.DELETED.equals(event.getTopic()) && shownModelName().equals(name)) {
			status.setText("Model " + name + " was deleted; its evaluation stays here until the next one.");
		}
	}

	@Override
	public String shownModelName() {
		return session.modelName != null ? session.modelName : evaluation == null ? "" : evaluation.modelName();
	}

	private void show(Evaluation done, ImageSet evaluated, String modelName) {
		evaluation = done;
		images = evaluated;
		session.evaluation = done;
		session.images = evaluated;
		session.modelName = modelName;
		session.selection = MatrixSelection.ALL;
		showHeader();
		showMatrix(done);
	}

	/** "model · dataset (split) · accuracy …": the model under the name it has now. */
	private void showHeader() {
		Evaluation done = evaluation;
		int correct = Predictions.correct(done);
		String text = String.format(Locale.ROOT, "%s \u00b7 %s (%s split) \u00b7 accuracy %.2f %% (%,d of %,d right) "
				+ "\u00b7 %,d images", shownModelName(), done.datasetId(), images.split().name().toLowerCase(Locale.ROOT),
				100 * done.accuracy(), correct, done.count(), done.count());
		header.setText(text);
		header.setToolTipText(text + String.format(Locale.ROOT, "\nMean cross-entropy loss %.4f; evaluated in %.1f s",
				done.loss(), done.millis() / 1000.0));
		header.getParent().layout();
	}

	private void showMatrix(Evaluation done) {
		matrix.setInput(done.confusion(), done.classNames());
		selection = MatrixSelection.ALL;
		((StackLayout) stack.getLayout()).topControl = content;
		stack.layout();
		setControlsEnabled(true);
		refreshGallery();
		status.setText(STATUS_HINT);
	}

	private void setControlsEnabled(boolean enabled) {
		for (Control control : new Control[] { showAll, errorsOnly, sortChoice, sizeChoice, exportButton }) {
			control.setEnabled(enabled);
		}
	}

	private void select(MatrixSelection chosen) {
		selection = chosen;
		session.selection = chosen;
		matrix.setSelection(chosen);
		refreshGallery();
	}

	private void refreshGallery() {
		if (evaluation == null) {
			return;
		}
		boolean errors = errorsOnly.getSelection();
		int[] shown = Predictions.select(evaluation, selection, errors, SortOrder.values()[sortChoice.getSelectionIndex()]);
		String what = selection.describe(evaluation.classNames()) + (errors ? ", errors only" : "");
		gallery.setInput(evaluation, images, shown, "No images: " + what + ".");
		selectionLabel.setText(ConfusionMatrix.images(shown.length) + ": " + what);
		selectionLabel.getParent().layout();
		exportButton.setEnabled(shown.length > 0);
	}

	private void showHint(String text) {
		status.setText(text == null ? STATUS_HINT : text);
	}

	private void hoverImage(int image) {
		if (image < 0) {
			status.setText(STATUS_HINT);
			return;
		}
		StringBuilder text = new StringBuilder(gallery.describe(image)).append("   |  ");
		for (int c = 0; c < evaluation.classes(); c++) {
			text.append(String.format(Locale.ROOT, "  %s: %.1f%%", evaluation.classNames().get(c),
					100 * evaluation.probability(image, c)));
		}
		status.setText(text.toString());
	}

	// ---- opening in the canvas

	void openInCanvas(int image) {
		int size = images.pixelsPerImage();
		byte[] pixels = images.pixelData();
		float[] ink = new float[size];
		for (int i = 0; i < size; i++) {
			ink[i] = Byte.toUnsignedInt(pixels[image * size + i]) / 255f;
		}
		events.post(UiEvents.OPEN_IN_CANVAS, new InkImage(images.columns(), images.rows(), ink));
		status.setText(openedText(gallery.describe(image), shownModelName(), activeModel.state().name()));
	}

	/**
	 * What "open in canvas" says: the canvas reads the image with the active model, which need not be the model
	 * whose answer the gallery shows.
	 */
	static String openedText(String image, String shownModel, String active) {
		if (active == null) {
			return "Opened " + image + " in the drawing canvas; no model is active, so the canvas does not read it.";
		}
		if (active.equals(shownModel)) {
			return "Opened " + image + " in the drawing canvas, which reads it with " + active + " too.";
		}
		return "Opened " + image + " in the drawing canvas; it reads it with the active model " + active
				+ ", not with " + shownModel + " shown here, so its answer can differ.";
	}

	// ---- evaluating and exporting (commands too: see the handlers and fragment.e4xmi)

	/** Evaluate…: cancels the evaluation under way, or asks for a saved model and evaluates it. */
	void evaluateOrCancel() {
		evaluations.evaluateOrCancel(evaluation == null ? null : shownModelName());
	}

	/** Evaluates saved model {@code name} on the test split of its dataset, in a job (the result comes as an event). */
	Job evaluate(String name) {
		return evaluations.evaluate(name);
	}

	/** Export PNG…: asks for a file and writes the images shown there. */
	void chooseExportFile() {
		if (evaluation != null) {
			export.chooseFileAndExport(evaluation, images, gallery.indices());
		}
	}

	/** Writes the images the gallery shows, in its order, as a PNG grid; empty when there is nothing to export. */
	Optional<Job> exportTo(Path file) {
		return export.export(evaluation, images, evaluation == null ? new int[0] : gallery.indices(), file);
	}

	boolean canExport() {
		return evaluation != null && gallery.indices().length > 0;
	}

	// ---- what the actions ask of the view

	@Override
	public boolean alive() {
		return root != null && !root.isDisposed();
	}

	@Override
	public Shell shell() {
		return root.getShell();
	}

	@Override
	public void status(String text) {
		status.setText(text);
	}

	@Override
	public void evaluating(boolean running) {
		evaluateButton.setText(running ? "Cancel Evaluation" : "Evaluate\u2026");
		evaluateButton.getParent().layout();
	}

	@PreDestroy
	void dispose() {
		evaluations.cancel();
		export.cancel();
	}

	// ---- for the tests (the test fragment shares this package)

	ConfusionMatrix matrix() {
		return matrix;
	}

	ThumbnailGallery gallery() {
		return gallery;
	}

	Button errorsOnlyButton() {
		return errorsOnly;
	}

	Button showAllButton() {
		return showAll;
	}

	Combo sortCombo() {
		return sortChoice;
	}

	Evaluation evaluation() {
		return evaluation;
	}

	String headerText() {
		return header.getText();
	}

	String statusText() {
		return status.getText();
	}

	Label statusLabel() {
		return status;
	}

	String selectionText() {
		return selectionLabel.getText();
	}
}
