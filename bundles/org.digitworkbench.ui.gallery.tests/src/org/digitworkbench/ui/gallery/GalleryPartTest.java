package org.digitworkbench.ui.gallery;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.digitworkbench.app.UiEvents;
import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.preprocess.InkImage;
import org.digitworkbench.training.Evaluation;
import org.digitworkbench.training.EvaluationEvents;
import org.digitworkbench.training.EvaluationService;
import org.digitworkbench.ui.testing.PartHarness;
import org.digitworkbench.ui.testing.ScreenPixels;
import org.digitworkbench.ui.testing.TestModels;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.event.EventHandler;

/**
 * The Predictions view on a real one-epoch MLP evaluated on the real MNIST test split through the services, driven
 * with clicks and keys posted through the window system (under Xvfb).
 */
class GalleryPartTest {

	private static final String MODEL = "gallery-test";
	private static final Duration WAIT = Duration.ofSeconds(30);

	private static Evaluation evaluation;
	private static ImageSet test;

	private PartHarness<GalleryPart> harness;
	private GalleryPart part;

	@BeforeAll
	static void evaluateTheTestModel() throws Exception {
		Thread.currentThread().setContextClassLoader(null);
		TestModels.oneEpochMlp(MODEL);
		DatasetProvider mnist = PartHarness.service(DatasetProvider.class, "(dataset.id=mnist)");
		assertEquals("mnist", mnist.id());
		test = mnist.load(Split.TEST, new NullProgressMonitor());
		try (LoadedModel model = PartHarness.service(ModelStore.class).load(MODEL)) {
			evaluation = PartHarness.service(EvaluationService.class).evaluate(model, test, new NullProgressMonitor());
		}
		assertEquals(10_000, evaluation.count());
		assertTrue(evaluation.accuracy() > 0.9 && evaluation.accuracy() < 1, "accuracy " + evaluation.accuracy());
	}

	@BeforeEach
	void open() {
		harness = PartHarness.open(GalleryPart.class);
		part = harness.part();
		if (part.session.evaluation != null) { // the workbench keeps the last evaluation; each test starts without one
			part.session.evaluation = null;
			harness.close();
			harness = PartHarness.open(GalleryPart.class);
			part = harness.part();
		}
	}

	@AfterEach
	void close() {
		harness.close();
	}

	/** Posts DONE as the training job does and waits until the view shows it. */
	private void postEvaluation() {
		harness.events().post(EvaluationEvents.DONE,
				Map.of(EvaluationEvents.EVALUATION, evaluation, EvaluationEvents.IMAGES, test));
		harness.spinUntil(() -> part.evaluation() == evaluation, WAIT, "the view shows the posted evaluation");
		harness.spin(Duration.ofMillis(100));
	}

	/**
	 * Clicks a canvas at (x, y) in its coordinates by notifying it as SWT does for a real click. (Clicks posted through
	 * the window system reach the right control but, with SWT 3.135 on GTK under Xvfb, carry the window origin as their
	 * position, so they cannot aim at a cell; buttons, which do not care where they are pressed, get real clicks.)
	 */
	private void click(Canvas canvas, Point at) {
		canvas.setFocus();
		notify(canvas, SWT.MouseMove, at, 0, 0);
		notify(canvas, SWT.MouseDown, at, 1, 1);
		notify(canvas, SWT.MouseUp, at, 1, 1);
		harness.spin(Duration.ofMillis(50));
	}

	private void doubleClick(Canvas canvas, Point at) {
		click(canvas, at);
		notify(canvas, SWT.MouseDown, at, 1, 2);
		notify(canvas, SWT.MouseDoubleClick, at, 1, 2);
		notify(canvas, SWT.MouseUp, at, 1, 2);
		harness.spin(Duration.ofMillis(50));
	}

	private static void notify(Canvas canvas, int type, Point at, int button, int count) {
		org.eclipse.swt.widgets.Event event = new org.eclipse.swt.widgets.Event();
		event.x = at.x;
		event.y = at.y;
		event.button = button;
		event.count = count;
		event.stateMask = type == SWT.MouseUp ? SWT.BUTTON1 : 0;
		canvas.notifyListeners(type, event);
	}

	/**
	 * A real click, posted through the window system, in the middle of a button. The pointer comes from the status line:
	 * a GTK button takes a press only after it has seen the pointer enter, and a new shell may open under a pointer
	 * that rests where the last test clicked.
	 */
	private void click(org.eclipse.swt.widgets.Button button) {
		Rectangle bounds = button.getBounds();
		harness.movePointer(part.statusLabel(), 5, part.statusLabel().getSize().y / 2);
		harness.postStroke(button, Math.min(10, bounds.width / 2), bounds.height / 2);
	}

	private static int[] imagesWhere(java.util.function.IntPredicate wanted) {
		return IntStream.range(0, evaluation.count()).filter(wanted).toArray();
	}

	/** The off-diagonal cell with the most images: the model's commonest mistake. */
	private static int[] commonestMistake() {
		int[] best = { 0, 1 };
		int[][] confusion = evaluation.confusion();
		for (int t = 0; t < 10; t++) {
			for (int p = 0; p < 10; p++) {
				if (t != p && confusion[t][p] > confusion[best[0]][best[1]]) {
					best = new int[] { t, p };
				}
			}
		}
		return best;
	}

	@Test
	void beforeAnEvaluationTheViewSaysHowToGetOne() {
		assertEquals(GalleryPart.NO_EVALUATION, part.headerText());
		assertFalse(part.errorsOnlyButton().isEnabled());
		assertTrue(part.exportTo(Path.of("unused.png")).isEmpty());
		List<String> texts = new ArrayList<>();
		texts.addAll(PartHarness.texts(harness.shell()));
		assertTrue(texts.stream().anyMatch(t -> t.contains("Evaluate\u2026")), texts.toString());
	}

	/** Reopened (as after Reset Perspective) the view shows the evaluation again; a rename shows in the header. */
	@Test
	void theEvaluationSurvivesReopeningTheViewAndFollowsARename() throws Exception {
		postEvaluation();
		int[] mistake = commonestMistake();
		click(part.matrix().control(), part.matrix().cellCenter(mistake[0], mistake[1]));
		int n = evaluation.confusion()[mistake[0]][mistake[1]];
		harness.spinUntil(() -> part.gallery().indices().length == n, WAIT, "the cell's images");
		harness.close();
		harness = PartHarness.open(GalleryPart.class);
		part = harness.part();
		assertEquals(evaluation, part.evaluation());
		assertTrue(part.headerText().startsWith(MODEL + " \u00b7 mnist"), part.headerText());
		assertEquals(n, part.gallery().indices().length, "the chosen cell is kept too");

		ModelStore store = PartHarness.service(ModelStore.class);
		String renamed = MODEL + "-renamed";
		store.rename(MODEL, renamed);
		try {
			harness.spinUntil(() -> part.headerText().startsWith(renamed + " \u00b7 mnist"), WAIT, "the header to follow the rename");
			assertEquals(renamed, part.shownModelName());
		} finally {
			store.rename(renamed, MODEL);
		}
		harness.spinUntil(() -> part.headerText().startsWith(MODEL + " \u00b7 mnist"), WAIT, "the header to follow back");

		assertEquals("Opened #3 in the drawing canvas; it reads it with the active model cnn-1, not with mlp-1 shown here,"
				+ " so its answer can differ.", GalleryPart.openedText("#3", "mlp-1", "cnn-1"));
		assertTrue(GalleryPart.openedText("#3", "mlp-1", "mlp-1").endsWith("which reads it with mlp-1 too."));
		assertTrue(GalleryPart.openedText("#3", "mlp-1", null).contains("no model is active"));
	}

	@Test
	void theHeaderAndTheMatrixShowThePostedEvaluation() {
		postEvaluation();
		assertTrue(part.headerText().startsWith(MODEL + " \u00b7 mnist (test split)"), part.headerText());
		assertTrue(part.headerText().contains(String.format(java.util.Locale.ROOT, "accuracy %.2f %%",
				100 * evaluation.accuracy())), part.headerText());
		assertTrue(part.headerText().contains("10,000 images"), part.headerText());
		assertEquals(10_000, part.gallery().indices().length);
		// diagonal blue, mistakes red, zeros neutral; text readable on every cell
		ConfusionMatrix matrix = part.matrix();
		RGB diagonal = matrix.cellColor(1, 1);
		assertTrue(diagonal.blue > diagonal.red + 60, "diagonal " + diagonal);
		int[] mistake = commonestMistake();
		RGB worst = matrix.cellColor(mistake[0], mistake[1]);
		assertTrue(worst.red > worst.blue + 60, "commonest mistake " + worst);
		for (int t = 0; t < 10; t++) {
			for (int p = 0; p < 10; p++) {
				RGB fill = matrix.cellColor(t, p);
				assertTrue(Palette.contrast(fill, Palette.textOn(fill)) >= 4.5, "contrast of cell " + t + "," + p);
			}
		}
		Point cell = matrix.cellCenter(4, 9);
		assertEquals(new ConfusionMatrix.Target(4, 9), matrix.targetAt(cell.x, cell.y));
		assertEquals("true 4 \u2192 predicted 9: " + ConfusionMatrix.images(evaluation.confusion()[4][9]),
				matrix.describe(new ConfusionMatrix.Target(4, 9)));
	}

	@Test
	void clickingACellRowOrColumnShowsExactlyThoseImages() {
		postEvaluation();
		Canvas matrix = part.matrix().control();
		int[] mistake = commonestMistake();
		int t = mistake[0];
		int p = mistake[1];
		click(matrix, part.matrix().cellCenter(t, p));
		int[] expected = imagesWhere(i -> evaluation.labels()[i] == t && evaluation.predicted()[i] == p);
		assertEquals(evaluation.confusion()[t][p], expected.length);
		assertTrue(expected.length > 0);
		harness.spinUntil(() -> part.gallery().indices().length == expected.length, WAIT, "the cell's images");
		assertArrayEquals(expected, part.gallery().indices());
		for (int image : part.gallery().indices()) {
			assertEquals(t, test.label(image), "the data set's own label of image " + image);
		}
		assertTrue(part.selectionText().contains("true " + t + " \u2192 predicted " + p), part.selectionText());

		click(matrix, part.matrix().rowHeaderCenter(t));
		harness.spinUntil(() -> Arrays.equals(part.gallery().indices(), imagesWhere(i -> evaluation.labels()[i] == t)),
				WAIT, "the row's images");
		click(matrix, part.matrix().columnHeaderCenter(p));
		harness.spinUntil(
				() -> Arrays.equals(part.gallery().indices(), imagesWhere(i -> evaluation.predicted()[i] == p)), WAIT,
				"the column's images");

		click(part.showAllButton());
		harness.spinUntil(() -> part.gallery().indices().length == 10_000, WAIT, "all images after Show all");
	}

	@Test
	void theArrowKeysMoveInTheMatrixAndEnterSelects() {
		postEvaluation();
		// the pointer rests on the status line, not on the matrix (where its tool tip would take the keys)
		Label status = part.statusLabel();
		harness.movePointer(status, 5, status.getSize().y / 2);
		part.matrix().control().setFocus();
		harness.spin(Duration.ofMillis(100));
		for (int i = 0; i < 3; i++) {
			harness.postKey(0, SWT.ARROW_DOWN);
		}
		for (int i = 0; i < 5; i++) {
			harness.postKey(0, SWT.ARROW_RIGHT);
		}
		harness.postKey(0, SWT.CR);
		int[] expected = imagesWhere(i -> evaluation.labels()[i] == 3 && evaluation.predicted()[i] == 5);
		harness.spinUntil(() -> Arrays.equals(expected, part.gallery().indices()), WAIT, "cell (3, 5) by keyboard");
		harness.postKey(0, SWT.ESC);
		harness.spinUntil(() -> part.gallery().indices().length == 10_000, WAIT, "Escape shows everything");
	}

	@Test
	void theKeyboardFocusShowsAsARingInTheMatrixAndTheGallery() {
		postEvaluation();
		Button elsewhere = part.showAllButton();
		elsewhere.setFocus();
		harness.spin(Duration.ofMillis(100));

		ConfusionMatrix matrix = part.matrix();
		Rectangle cell = matrix.cellBounds(0, 0); // where the keys start
		RGB[][] before = ScreenPixels.capture(matrix.control(), cell);
		matrix.control().setFocus();
		harness.spinUntil(matrix.control()::isFocusControl, WAIT, "the matrix focused");
		harness.spin(Duration.ofMillis(100));
		ScreenPixels.assertFocusShows("the matrix's first cell", cell, before,
				ScreenPixels.capture(matrix.control(), cell));

		ThumbnailGallery gallery = part.gallery();
		Rectangle tile = gallery.tileBounds(0);
		Rectangle ring = new Rectangle(tile.x - 3, tile.y - 3, tile.width + 6, tile.height + 6);
		before = ScreenPixels.capture(gallery.control(), ring);
		gallery.control().setFocus();
		harness.spinUntil(gallery.control()::isFocusControl, WAIT, "the gallery focused");
		harness.spin(Duration.ofMillis(100));
		RGB[][] focused = ScreenPixels.capture(gallery.control(), ring);
		ScreenPixels.assertFocusShows("the gallery's first image", tile, before, focused);
		// once it has had the focus, the image where the keys will go keeps a quiet line; the ring still stands out
		elsewhere.setFocus();
		harness.spinUntil(() -> !gallery.control().isFocusControl(), WAIT, "the focus back on Show all");
		harness.spin(Duration.ofMillis(100));
		ScreenPixels.assertFocusShows("the gallery's first image, focused again", tile,
				ScreenPixels.capture(gallery.control(), ring), focused);
	}

	@Test
	void errorsOnlyOnTheWholeSetLeavesTheMistakes() {
		postEvaluation();
		click(part.errorsOnlyButton());
		// a posted click is delivered when the window system gets to it: on a busy machine after the first spin
		harness.spinUntil(() -> part.errorsOnlyButton().getSelection(), WAIT, "the click ticked the box");
		int correct = 0;
		for (int i = 0; i < evaluation.count(); i++) {
			if (evaluation.labels()[i] == evaluation.predicted()[i]) {
				correct++;
			}
		}
		int mistakes = evaluation.count() - correct;
		harness.spinUntil(() -> part.gallery().indices().length == mistakes, WAIT, mistakes + " mistakes");
		assertEquals(Math.round(evaluation.count() * (1 - evaluation.accuracy())), mistakes);
		for (int image : part.gallery().indices()) {
			assertNotEquals(evaluation.labels()[image], evaluation.predicted()[image]);
		}
		// errors only inside a diagonal cell: nothing
		click(part.matrix().control(), part.matrix().cellCenter(2, 2));
		harness.spinUntil(() -> part.gallery().indices().length == 0, WAIT, "no mistakes on the diagonal");
	}

	@Test
	void sortingByConfidencePutsTheLeastConfidentFirst() {
		postEvaluation();
		part.sortCombo().select(SortOrder.LEAST_CONFIDENT.ordinal());
		part.sortCombo().notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
		int[] shown = part.gallery().indices();
		assertEquals(10_000, shown.length);
		assertArrayEquals(IntStream.range(0, 10_000).toArray(), Arrays.stream(shown).sorted().toArray(),
				"every image once");
		float least = Float.MAX_VALUE;
		for (int i = 0; i < evaluation.count(); i++) {
			least = Math.min(least, evaluation.confidence(i));
		}
		assertEquals(least, evaluation.confidence(shown[0]));
		for (int k = 1; k < shown.length; k++) {
			assertTrue(evaluation.confidence(shown[k - 1]) <= evaluation.confidence(shown[k]), "order at " + k);
		}
		assertTrue(evaluation.confidence(shown[0]) < 0.5f, "the least sure image is a coin toss or worse");

		part.sortCombo().select(SortOrder.INDEX.ordinal());
		part.sortCombo().notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
		assertArrayEquals(IntStream.range(0, 10_000).toArray(), part.gallery().indices());
	}

	@Test
	void theGalleryIsVirtualAndScrollsThroughAllTenThousand() {
		postEvaluation();
		ThumbnailGallery gallery = part.gallery();
		Canvas canvas = gallery.control();
		assertEquals(0, canvas.getChildren().length, "no widget per image");
		var bar = canvas.getVerticalBar();
		int steps = 60;
		int paintsBefore = gallery.paints;
		long nanosBefore = gallery.paintNanos;
		for (int s = 0; s <= steps; s++) {
			int painted = gallery.paints;
			bar.setSelection((int) ((long) (bar.getMaximum() - bar.getThumb()) * s / steps));
			bar.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
			harness.spinUntil(() -> gallery.paints > painted, WAIT, "a repaint after scrolling");
		}
		double perPaint = (gallery.paintNanos - nanosBefore) / 1e6 / (gallery.paints - paintsBefore);
		System.out.printf("gallery: 10,000 images, %d px of content, %.2f ms per repaint of %d x %d pixels (%d paints)%n",
				bar.getMaximum(), perPaint, canvas.getClientArea().width, canvas.getClientArea().height,
				gallery.paints - paintsBefore); // printed, not judged: budgets belong to the benchmark
		assertEquals(bar.getMaximum() - bar.getThumb(), bar.getSelection(), "scrolled to the end");
		Rectangle last = gallery.tileBounds(9_999);
		assertTrue(last.y + last.height <= canvas.getClientArea().height, "the last tile is in view: " + last);
		assertEquals(9_999, gallery.positionAt(last.x + last.width / 2, last.y + last.height / 2));
	}

	@Test
	void doubleClickingAnImageOpensItInTheCanvas() {
		postEvaluation();
		int[] mistake = commonestMistake();
		click(part.matrix().control(), part.matrix().cellCenter(mistake[0], mistake[1]));
		harness.spinUntil(() -> part.gallery().indices().length == evaluation.confusion()[mistake[0]][mistake[1]], WAIT,
				"the cell's images");
		List<Object> opened = new CopyOnWriteArrayList<>();
		EventHandler handler = event -> opened.add(event.getProperty(IEventBroker.DATA));
		harness.events().subscribe(UiEvents.OPEN_IN_CANVAS, handler);
		try {
			int position = Math.min(2, part.gallery().indices().length - 1);
			int image = part.gallery().indices()[position];
			Rectangle tile = part.gallery().tileBounds(position);
			Point centre = new Point(tile.x + tile.width / 2, tile.y + tile.width / 2);
			doubleClick(part.gallery().control(), centre);
			harness.spinUntil(() -> !opened.isEmpty(), WAIT, "OPEN_IN_CANVAS after a double-click");
			InkImage ink = (InkImage) opened.get(0);
			assertEquals(28, ink.width());
			assertEquals(28, ink.height());
			for (int y = 0; y < 28; y++) {
				for (int x = 0; x < 28; x++) {
					assertEquals(test.pixel(image, y, x) / 255f, ink.at(x, y), 1e-6f, "ink at " + x + "," + y);
				}
			}
			assertTrue(part.statusText().contains("#" + image), part.statusText());
		} finally {
			harness.events().unsubscribe(handler);
		}
	}

	@Test
	void exportWritesADecodablePngGridOfTheImagesShown(@TempDir Path folder) throws Exception {
		postEvaluation();
		int[] mistake = commonestMistake();
		click(part.matrix().control(), part.matrix().cellCenter(mistake[0], mistake[1]));
		int n = evaluation.confusion()[mistake[0]][mistake[1]];
		harness.spinUntil(() -> part.gallery().indices().length == n, WAIT, "the cell's images");
		int[] shown = part.gallery().indices();
		Path file = folder.resolve("predictions.png");
		Job job = part.exportTo(file).orElseThrow();
		harness.spinUntil(() -> job.getResult() != null, WAIT, "the export job");
		assertTrue(job.getResult().isOK(), job.getResult().toString());

		ImageData png = new ImageLoader().load(file.toString())[0];
		GC gc = new GC(harness.display());
		int captionHeight;
		try {
			gc.setFont(harness.display().getSystemFont());
			captionHeight = gc.getFontMetrics().getHeight();
		} finally {
			gc.dispose();
		}
		int columns = (int) Math.ceil(Math.sqrt(n));
		int rows = (n + columns - 1) / columns;
		int tileWidth = 56 + 2 * PngGrid.PAD;
		int tileHeight = 56 + captionHeight + 2 * PngGrid.PAD;
		int top = captionHeight + 2 * PngGrid.PAD; // the title line: model, dataset, how to read the captions
		assertTrue(png.width >= columns * tileWidth, png.width + " < " + columns * tileWidth);
		assertEquals(rows * tileHeight + top, png.height);
		int dark = 0;
		for (int y = PngGrid.PAD; y < PngGrid.PAD + captionHeight; y++) {
			for (int x = 0; x < png.width; x++) {
				RGB rgb = png.palette.getRGB(png.getPixel(x, y));
				dark += rgb.red + rgb.green + rgb.blue < 200 ? 1 : 0;
			}
		}
		assertTrue(dark > 50, "the title line has text: " + dark + " dark pixels");
		assertTrue(PngGrid.title(evaluation, MODEL, n).startsWith(MODEL + " on mnist: " + n + " images; captions true/predicted confidence"),
				PngGrid.title(evaluation, MODEL, n));
		// a new file gets the mode any new file of the user gets (the umask's), not a temporary file's 0600
		if (Files.getFileStore(folder).supportsFileAttributeView("posix")) {
			Path probe = Files.createFile(folder.resolve("probe"));
			assertEquals(Files.getPosixFilePermissions(probe), Files.getPosixFilePermissions(file));
		}
		try (var left = Files.list(folder)) {
			assertEquals(List.of("predictions.png"), left.map(p -> p.getFileName().toString())
					.filter(name -> !name.equals("probe")).toList(), "nothing but the PNG is left");
		}
		for (int k = 0; k < n; k++) {
			int x0 = k % columns * tileWidth + PngGrid.PAD;
			int y0 = k / columns * tileHeight + PngGrid.PAD + top;
			for (int y = 0; y < 56; y++) {
				for (int x = 0; x < 56; x++) {
					RGB rgb = png.palette.getRGB(png.getPixel(x0 + x, y0 + y));
					int grey = test.pixel(shown[k], y / 2, x / 2);
					assertEquals(new RGB(grey, grey, grey), rgb, "image " + k + " pixel " + x + "," + y);
				}
			}
			// every caption is a wrong prediction here: it has red text
			boolean red = false;
			for (int y = y0 + 56; y < y0 + 56 + captionHeight && !red; y++) {
				for (int x = x0 - PngGrid.PAD; x < x0 - PngGrid.PAD + tileWidth && !red; x++) {
					RGB rgb = png.palette.getRGB(png.getPixel(x, y));
					red = rgb.red > 150 && rgb.green < 120 && rgb.blue < 120;
				}
			}
			assertTrue(red, "red caption under image " + k);
		}
		harness.spinUntil(() -> part.statusText().startsWith("Exported"), WAIT, "the status line reports the export");
	}

	@Test
	void anExportThatCannotBeWrittenSaysWhyInADialog(@TempDir Path folder) throws Exception {
		postEvaluation();
		Path notAFolder = Files.writeString(folder.resolve("plain-file"), "x");
		Path file = notAFolder.resolve("predictions.png");
		List<String> dialog = new CopyOnWriteArrayList<>();
		Runnable[] watch = new Runnable[1];
		watch[0] = () -> {
			for (Shell shell : harness.display().getShells()) {
				if (!shell.isDisposed() && "Export Failed".equals(shell.getText())) {
					dialog.addAll(PartHarness.texts(shell));
					shell.close();
					return;
				}
			}
			harness.display().timerExec(50, watch[0]);
		};
		harness.display().timerExec(50, watch[0]);
		Job job = part.exportTo(file).orElseThrow();
		harness.spinUntil(() -> !dialog.isEmpty() && job.getResult() != null, WAIT, "an error dialog");
		assertEquals(IStatus.ERROR, job.getResult().getSeverity());
		String message = String.join("\n", dialog);
		assertTrue(message.contains(file.toString()) && message.contains("Not a directory"), message);
		assertFalse(Files.exists(file));
	}

	@Test
	void theEvaluateActionEvaluatesTheSavedModelOnItsTestSplit() {
		Job job = part.evaluate(MODEL);
		harness.spinUntil(() -> part.evaluation() != null, Duration.ofMinutes(2), "the view's own evaluation");
		assertEquals(IStatus.OK, job.getResult().getSeverity());
		Evaluation shown = part.evaluation();
		assertEquals(MODEL, shown.modelName());
		assertEquals("mnist", shown.datasetId());
		assertEquals(evaluation.count(), shown.count());
		assertArrayEquals(evaluation.labels(), shown.labels());
		assertArrayEquals(evaluation.predicted(), shown.predicted(), "the same model predicts the same");
		assertTrue(part.headerText().startsWith(MODEL), part.headerText());
	}
}
