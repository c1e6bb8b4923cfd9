package org.digitworkbench.ui.explorer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreException;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.training.EvaluationJob;
import org.digitworkbench.training.EvaluationService;
import org.digitworkbench.ui.testing.PartHarness;
import org.digitworkbench.ui.testing.TestModels;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/**
 * The Model Explorer hosted in a shell of its own, on the real model store, with a one-epoch MLP trained on MNIST
 * through the real training service. Rows are clicked, keys pressed and toolbar buttons pushed through the window
 * system; dialogs are answered by {@link AnsweringPrompts}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExplorerPartTest {

	private static final String MLP = "explorer-mlp";
	private static final String COPY = "explorer-copy";
	private static final String RENAMED = "explorer-renamed";
	/** For jobs: loading a model, store operations (the machine may be busy). */
	private static final Duration WAIT = Duration.ofSeconds(60);
	/** For what a click or key does at once. */
	private static final Duration AT_ONCE = Duration.ofSeconds(10);

	private static ModelStore store;

	@TempDir
	Path temp;

	@BeforeAll
	static void removeLeftovers() throws ModelStoreException {
		Thread.currentThread().setContextClassLoader(null); // as on a plain application thread (see shared notes)
		store = PartHarness.service(ModelStore.class);
		for (ModelMetadata m : store.list()) {
			if (!m.name().equals(MLP)) {
				store.delete(m.name()); // what an earlier, interrupted run left
			}
		}
	}

	@Test
	@Order(1)
	void anEmptyStoreSaysHowToGetAModelThenAModelAppearsWhenTheStoreAnnouncesIt() throws Exception {
		// keep the one-epoch model of an earlier run aside rather than train it again (≈ 10 s or more)
		Path kept = temp.resolve("kept.zip");
		boolean hadModel = store.find(MLP).isPresent();
		if (hadModel) {
			store.exportZip(MLP, kept);
		}
		for (ModelMetadata m : store.list()) {
			store.delete(m.name());
		}
		try (PartHarness<ExplorerPart> h = PartHarness.open(ExplorerPart.class)) {
			ExplorerPart part = h.part();
			h.spinUntil(part::listed, WAIT, "the store is read");
			assertTrue(part.showsEmptyMessage(), "the empty store's message is shown");
			assertTrue(part.details().showsHint());
			assertTrue(part.statusText().startsWith("0 models"), part.statusText());

			// saved behind the view's back: only the store's event can tell it (this thread is the UI thread, so
			// the event waits until the loop below runs)
			ModelMetadata trained = hadModel ? store.importZip(kept, null) : TestModels.oneEpochMlp(MLP);
			h.spinUntil(() -> rows(part).containsKey(MLP), WAIT, "the model appears after the store's event");
			assertFalse(part.showsEmptyMessage());
			String[] row = rows(part).get(MLP);
			assertTrue(trained.testAccuracy() > 0.9, "one epoch of the MLP reaches over 90 %: " + trained.testAccuracy());
			assertEquals(Formats.percent(trained.testAccuracy()), row[3], "test accuracy column");
			assertTrue(row[3].matches("9\\d\\.\\d\\d %"), row[3]);
			assertEquals("mlp", row[1]);
			assertEquals("mnist", row[2]);
			assertEquals("567,434", row[4]);
			assertEquals("1", row[5]);
			assertEquals(Formats.duration(trained.trainingMillis()), row[6]);
			assertTrue(part.statusText().startsWith("1 model"), part.statusText());
		}
	}

	@Test
	@Order(2)
	void selectingTheModelFillsTheLayerTableAndDrawsItsFirstLayerAsTiles() throws Exception {
		ModelMetadata trained = TestModels.oneEpochMlp(MLP);
		try (PartHarness<ExplorerPart> h = PartHarness.open(ExplorerPart.class)) {
			ExplorerPart part = h.part();
			h.spinUntil(() -> rows(part).containsKey(MLP), WAIT, "the model is listed");
			click(h, part, MLP);
			DetailsPanel details = part.details();
			h.spinUntil(() -> details.layers(0).inspection() != null, WAIT, "the layers are read in a job");

			assertEquals(List.of(MLP), details.shown().stream().map(ModelMetadata::name).toList());
			List<String> layerRows = cells(details.layers(0).table());
			assertEquals(List.of(
					"1 | Flatten | (N, 784) | 0 | ",
					"2 | Linear 784\u2192512 | (N, 512) | 401,920 | weight (512, 784), bias (512)",
					"3 | Function | (N, 512) | 0 | ",
					"4 | Dropout 0.2 | (N, 512) | 0 | ",
					"5 | Linear 512\u2192256 | (N, 256) | 131,328 | weight (256, 512), bias (256)",
					"6 | Function | (N, 256) | 0 | ",
					"7 | Dropout 0.2 | (N, 256) | 0 | ",
					"8 | Linear 256\u2192128 | (N, 128) | 32,896 | weight (128, 256), bias (128)",
					"9 | Function | (N, 128) | 0 | ",
					"10 | Linear 128\u219210 | (N, 10) | 1,290 | weight (10, 128), bias (10)"), layerRows);
			assertEquals(567_434, details.layers(0).inspection().trainable());
			assertEquals("Total: 567,434 trainable parameters", details.layers(0).totalText());

			WeightsView weights = details.weights(0);
			WeightTiles tiles = weights.tiles();
			assertNotNull(tiles, "weight tiles: " + weights.caption());
			assertEquals("Linear 784\u2192512 \u00b7 weight", tiles.parameter());
			assertEquals(512, tiles.units());
			assertEquals(64, tiles.count());
			assertEquals(28, tiles.width());
			assertEquals(28, tiles.height());
			assertEquals(new Rectangle(0, 0, 64 * 28, 28), weights.stripBounds(), "one image holds the 64 tiles");
			long start = System.nanoTime();
			try (LoadedModel loaded = store.load(MLP)) {
				Inspection again = Inspector.inspect(loaded);
				System.out.printf("Model Explorer: loading and reading the MLP took %.0f ms%n", (System.nanoTime() - start) / 1e6);
				assertEquals(details.layers(0).inspection().layers(), again.layers());
				float[] all = loaded.parameterValues("2/weight", 512);
				assertEquals(512 * 784, all.length);
				assertArrayEquals(Arrays.copyOf(all, 64 * 784), tiles.values(), "the tiles are the first 64 rows");
			}

			Map<String, String> summary = new LinkedHashMap<>();
			for (TableItem item : details.summary().getItems()) {
				summary.put(item.getText(0), item.getText(1));
			}
			assertEquals(Formats.percent(trained.testAccuracy()), summary.get("Test accuracy"));
			assertEquals("64", summary.get("Batch size"));
			assertEquals("42", summary.get("Seed"));
			assertEquals("trained", summary.get("Source"));
			assertEquals(trained.parametersSha256().substring(0, 12) + "\u2026", summary.get("SHA-256"));
			assertTrue(summary.get("Engine").startsWith("PyTorch"), summary.get("Engine"));
			assertEquals(10, details.perClass().getItemCount(), "a row per digit");
			assertEquals(trained.perClass().get(3).support(), Integer.parseInt(details.perClass().getItem(3).getText(4)));
		}
	}

	@Test
	@Order(3)
	void exportAndImportAZipAsksForAnotherNameWhenTheNameIsTaken() throws Exception {
		ModelMetadata trained = TestModels.oneEpochMlp(MLP);
		Path zip = temp.resolve("exported.zip");
		try (PartHarness<ExplorerPart> h = PartHarness.open(ExplorerPart.class)) {
			ExplorerPart part = h.part();
			AnsweringPrompts prompts = new AnsweringPrompts();
			part.setPrompts(prompts);
			h.spinUntil(() -> rows(part).containsKey(MLP), WAIT, "the model is listed");
			click(h, part, MLP);

			prompts.fileAnswers.add(zip.toString());
			assertTrue(h.execute(ExportZipHandler.class), "Export Zip is enabled for the selected model");
			h.spinUntil(() -> !part.busy() && Files.isRegularFile(zip) || !prompts.errors.isEmpty(), WAIT,
					"the export job writes the zip");
			assertEquals(List.of(), prompts.errors);
			assertTrue(prompts.fileQuestions.get(0).endsWith(MLP + ".zip"), prompts.fileQuestions.toString());

			prompts.fileAnswers.add(zip.toString());
			prompts.nameAnswers.add(COPY);
			assertTrue(h.execute(ImportZipHandler.class));
			h.spinUntil(() -> rows(part).containsKey(COPY) || !prompts.errors.isEmpty(), WAIT,
					"the copy is imported and listed");
			assertEquals(List.of(), prompts.errors);
			assertEquals(1, prompts.nameQuestions.size());
			assertTrue(prompts.nameQuestions.get(0).contains("'" + MLP + "' exists already"), prompts.nameQuestions.get(0));
			assertEquals("A model named '" + MLP + "' exists already.", prompts.nameValidators.get(0).isValid(MLP));
			ModelMetadata copy = store.find(COPY).orElseThrow();
			assertEquals(trained.parametersSha256(), copy.parametersSha256());
			assertEquals(trained.testAccuracy(), copy.testAccuracy());
			h.spinUntil(() -> selectedNames(part).equals(List.of(COPY)), WAIT, "the imported copy is selected");
		}
	}

	@Test
	@Order(4)
	void twoSelectedModelsAreComparedSideBySideAndHeadersSort() throws Exception {
		ensureCopy();
		try (PartHarness<ExplorerPart> h = PartHarness.open(ExplorerPart.class)) {
			ExplorerPart part = h.part();
			h.spinUntil(() -> rows(part).keySet().containsAll(Set.of(MLP, COPY)), WAIT, "both models are listed");
			click(h, part, MLP);
			// SWT's posted events on GTK carry no Ctrl state (they go into GDK's queue, not the X server), so the
			// second row is added the way JFace does for a Ctrl+click
			part.viewer().setSelection(new StructuredSelection(List.of(model(part, MLP), model(part, COPY))));
			DetailsPanel details = part.details();
			h.spinUntil(() -> details.shown().size() == 2 && details.layers(1).inspection() != null
					&& details.weights(1).tiles() != null, WAIT, "both models are inspected");

			Table summary = details.summary();
			List<String> headers = Arrays.stream(summary.getColumns()).map(TableColumn::getText).toList();
			assertEquals(3, headers.size(), headers.toString());
			assertTrue(headers.containsAll(List.of(MLP, COPY)), headers.toString());
			TableItem accuracy = Arrays.stream(summary.getItems()).filter(i -> i.getText(0).equals("Test accuracy"))
					.findFirst().orElseThrow();
			assertTrue(accuracy.getText(2).endsWith("(+0.00 pt)"), "same weights, no difference: " + accuracy.getText(2));
			String a = details.shown().get(0).name();
			String b = details.shown().get(1).name();
			assertEquals(List.of("Class", "F1 " + a, "F1 " + b, "\u0394 F1", "Recall " + a, "Recall " + b, "Precision " + a,
					"Precision " + b, "Support", ""), Arrays.stream(details.perClass().getColumns())
							.map(TableColumn::getText).toList(), "F1, recall and precision of both");
			assertTrue(details.layers(1).control().getVisible(), "the second layer table is shown");
			assertEquals(cells(details.layers(0).table()), cells(details.layers(1).table()));
			assertArrayEquals(details.weights(0).tiles().values(), details.weights(1).tiles().values());

			Table table = part.viewer().getTable();
			TableColumn name = table.getColumn(0);
			clickHeader(h, table, 0);
			assertEquals(name, table.getSortColumn());
			assertEquals(SWT.UP, table.getSortDirection());
			assertEquals(List.of(COPY, MLP), List.copyOf(rows(part).keySet()), "by name, A to Z");
			clickHeader(h, table, 0);
			assertEquals(SWT.DOWN, table.getSortDirection());
			assertEquals(List.of(MLP, COPY), List.copyOf(rows(part).keySet()), "by name, Z to A");
		}
	}

	@Test
	@Order(5)
	void enterActivatesAndTheRenameAndDeleteCommandsAskFirst() throws Exception {
		ensureCopy();
		try (PartHarness<ExplorerPart> h = PartHarness.open(ExplorerPart.class)) {
			ExplorerPart part = h.part();
			AnsweringPrompts prompts = new AnsweringPrompts();
			part.setPrompts(prompts);
			h.spinUntil(() -> rows(part).containsKey(COPY), WAIT, "the copy is listed");

			// a double-click and Enter are both the table's default selection; SWT cannot post a double-click on GTK
			// (posted presses skip GDK's click counting), so Enter it is
			click(h, part, COPY);
			press(h, part, SWT.CR);
			h.spinUntil(() -> store.activeModel().equals(Optional.of(COPY)), WAIT, "Enter activates");
			h.spinUntil(() -> rows(part).get(COPY)[0].equals(ExplorerPart.ACTIVE_MARK + COPY), WAIT,
					"the active model is marked");
			assertTrue(part.statusText().contains("active: " + COPY), part.statusText());

			assertFalse(h.execute(ActivateHandler.class), "the active model cannot be activated again");
			prompts.nameAnswers.add(RENAMED);
			assertTrue(h.execute(RenameHandler.class)); // F2 in the workbench (the integration tests press it)
			h.spinUntil(() -> rows(part).containsKey(RENAMED) && !rows(part).containsKey(COPY)
					|| !prompts.errors.isEmpty(), WAIT, "Rename renames");
			assertEquals(List.of(), prompts.errors);
			assertTrue(prompts.nameQuestions.get(0).contains("'" + COPY + "'"), prompts.nameQuestions.toString());
			assertEquals(Optional.of(RENAMED), store.activeModel(), "the active model follows its rename");
			assertTrue(store.find(COPY).isEmpty());
			h.spinUntil(() -> selectedNames(part).equals(List.of(RENAMED)), WAIT, "the renamed model stays selected");

			prompts.confirmAnswers.add(false);
			assertTrue(h.execute(DeleteHandler.class)); // the Delete key in the workbench
			h.spin(Duration.ofMillis(500));
			assertEquals(1, prompts.confirmations.size(), "Delete asks first");
			String question = prompts.confirmations.get(0);
			assertTrue(question.contains("'" + RENAMED + "'") && question.contains("active model"), question);
			assertTrue(store.find(RENAMED).isPresent(), "declined: nothing deleted");

			prompts.confirmAnswers.add(true);
			assertTrue(h.execute(DeleteHandler.class));
			h.spinUntil(() -> !rows(part).containsKey(RENAMED), WAIT, "deleted from the table");
			assertTrue(store.find(RENAMED).isEmpty(), "deleted from the store");
			assertTrue(store.activeModel().isEmpty());
			assertTrue(rows(part).containsKey(MLP), "the other model stays");
			assertEquals(List.of(), prompts.errors);
		}
	}

	@Test
	@Order(6)
	void aMaliciousPthIsRefusedWithTheReasonAndAGoodOneIsImported() throws Exception {
		TestModels.oneEpochMlp(MLP);
		Path fixtures = Path.of(System.getProperty("digitworkbench.fixtures"), "pth");
		Path malicious = fixtures.resolve("malicious.pth");
		assertTrue(Files.isRegularFile(malicious), malicious.toString());
		try (PartHarness<ExplorerPart> h = PartHarness.open(ExplorerPart.class)) {
			ExplorerPart part = h.part();
			AnsweringPrompts prompts = new AnsweringPrompts();
			part.setPrompts(prompts);
			h.spinUntil(() -> rows(part).containsKey(MLP), WAIT, "the model is listed");

			prompts.fileAnswers.add(malicious.toString());
			prompts.pthAnswer = new Prompts.PthImport("mlp", "evil");
			assertTrue(h.execute(ImportPthHandler.class));
			h.spinUntil(() -> !prompts.errors.isEmpty(), WAIT, "the import fails");
			assertEquals(List.of("mlp"), prompts.offeredArchitectures, "only architectures that map PyTorch names");
			assertEquals("malicious", prompts.suggestedPthName);
			String error = prompts.errors.get(0);
			assertTrue(error.startsWith("Import Failed: Could not import malicious.pth."), error);
			assertTrue(error.contains("system") && error.contains("refused before anything was built or run"), error);
			assertTrue(store.find("evil").isEmpty());
			h.spin(Duration.ofMillis(300));
			assertFalse(rows(part).containsKey("evil"));

			// a file that is no torch.save zip (the legacy pickle format), and a folder: refused before anything is asked
			prompts.suggestedPthName = null;
			prompts.errors.clear();
			for (Path unfit : List.of(fixtures.resolve("legacy-format.pth"), fixtures)) {
				prompts.fileAnswers.add(unfit.toString());
				assertTrue(h.execute(ImportPthHandler.class));
				h.spinUntil(() -> !prompts.errors.isEmpty(), WAIT, "the refusal of " + unfit);
				String refusal = prompts.errors.remove(0);
				assertTrue(refusal.startsWith("Import Failed: Could not import " + unfit + ":"), refusal);
				assertTrue(refusal.contains(unfit.equals(fixtures) ? "folder" : "zip format"), refusal);
				assertEquals(null, prompts.suggestedPthName, "no name or architecture was asked for");
			}
			prompts.errors.add(error);

			prompts.fileAnswers.add(fixtures.resolve("seed-architecture-random.pth").toString());
			prompts.pthAnswer = new Prompts.PthImport("mlp", "seed-random");
			assertTrue(h.execute(ImportPthHandler.class));
			h.spinUntil(() -> selectedNames(part).equals(List.of("seed-random")) || prompts.errors.size() > 1, WAIT,
					"the import is listed, selected");
			assertEquals(1, prompts.errors.size(), prompts.errors.toString());
			ModelMetadata imported = store.find("seed-random").orElseThrow();
			assertEquals("imported:seed-architecture-random.pth", imported.source());
			assertEquals("\u2014", rows(part).get("seed-random")[3], "an imported model has no test accuracy yet");
			h.spinUntil(() -> part.details().layers(0).inspection() != null, WAIT, "its layers are read");
			assertEquals(567_434, part.details().layers(0).inspection().trainable());
			store.delete("seed-random");
		}
	}

	@Test
	@Order(7)
	void anImportedModelKeepsItsAccuracyOnceEvaluated() throws Exception {
		Path pth = Path.of(System.getProperty("digitworkbench.fixtures"), "pth", "seed-architecture-random.pth");
		String name = "explorer-imported";
		store.find(name).ifPresent(m -> {
			try {
				store.delete(name);
			} catch (ModelStoreException e) {
				throw new AssertionError(e);
			}
		});
		store.importPytorch(pth, "mlp", name);
		try (PartHarness<ExplorerPart> h = PartHarness.open(ExplorerPart.class)) {
			ExplorerPart part = h.part();
			// the add-on the fragment contributes to the application, made as the workbench makes it
			EvaluationRecorder recorder = ContextInjectionFactory.make(EvaluationRecorder.class, h.context());
			assertNotNull(recorder);
			h.spinUntil(() -> rows(part).containsKey(name), WAIT, "the import is listed");
			assertEquals("\u2014", rows(part).get(name)[3], "not evaluated yet");

			// a training split's figures say nothing about the test split: not kept
			EvaluationService evaluations = PartHarness.service(EvaluationService.class);
			try (LoadedModel model = store.load(name)) {
				evaluations.evaluate(model, "mnist", Split.TRAIN, new NullProgressMonitor());
			}
			h.spin(Duration.ofSeconds(1));
			assertTrue(Double.isNaN(store.find(name).orElseThrow().testAccuracy()), "a train split evaluation was kept");

			EvaluationJob job = evaluations.evaluate(name, null, Split.TEST); // as the console's Evaluate does
			job.schedule();
			assertTrue(job.join(WAIT.toMillis(), null), "the evaluation ends");
			assertTrue(job.getResult().isOK(), job.getResult().toString());
			double accuracy = job.evaluation().orElseThrow().accuracy();
			String shown = Formats.percent(accuracy);
			h.spinUntil(() -> shown.equals(rows(part).get(name)[3]), WAIT, "the explorer shows " + shown);

			ModelMetadata kept = store.find(name).orElseThrow(); // read back from metadata.json
			assertEquals(accuracy, kept.testAccuracy(), 1e-12);
			assertEquals(job.evaluation().get().loss(), kept.testLoss(), 1e-12);
			assertEquals(10, kept.perClass().size());
			assertEquals(10_000, Arrays.stream(kept.confusion()).flatMapToInt(Arrays::stream).sum());
			assertEquals("imported:seed-architecture-random.pth", kept.source(), "the rest of the record stays");

			click(h, part, name);
			h.spinUntil(() -> part.details().perClass().getItemCount() == 10, WAIT, "its per-class metrics");
			store.delete(name);
		}
	}

	@Test
	void thePthDialogOffersTheArchitecturesAndRefusesBadNames() throws Exception {
		PartHarness.service(ModelArchitecture.class); // waits until the architectures are registered
		BundleContext bundles = FrameworkUtil.getBundle(ExplorerPart.class).getBundleContext();
		List<ModelArchitecture> all = new ArrayList<>();
		for (ServiceReference<ModelArchitecture> ref : bundles.getServiceReferences(ModelArchitecture.class, null)) {
			all.add(bundles.getService(ref));
		}
		ModelArchitecture mlp = all.stream().filter(a -> a.id().equals("mlp")).findFirst().orElseThrow();
		Shell shell = new Shell(Display.getDefault());
		try {
			ImportPthDialog dialog = new ImportPthDialog(shell, "seed.pth", List.of(mlp), "seed",
					text -> ModelNames.problem(text, Set.of("taken"), null));
			dialog.setBlockOnOpen(false);
			dialog.open();
			Button ok = dialog.okButton();
			assertEquals(0, dialog.architectureField().getSelectionIndex());
			assertEquals(mlp.description(), dialog.descriptionText());
			assertEquals("seed", dialog.nameField().getText());
			assertTrue(ok.isEnabled());
			dialog.nameField().setText("taken");
			assertFalse(ok.isEnabled(), "a taken name");
			assertEquals("A model named 'taken' exists already.", dialog.getErrorMessage());
			dialog.nameField().setText("bad/name");
			assertFalse(ok.isEnabled(), "not a safe file name");
			dialog.nameField().setText("imported-seed");
			assertTrue(ok.isEnabled());
			assertNull(dialog.getErrorMessage());
			ok.notifyListeners(SWT.Selection, new Event());
			assertEquals(new Prompts.PthImport("mlp", "imported-seed"), dialog.choice());
		} finally {
			shell.dispose();
		}
	}

	@Test
	void aModelsKeptEpochsAreListedWithTheirMetricsAndOneCanBeTheActiveModel() throws Exception {
		String name = "explorer-epochs";
		TestModels.oneEpochMlp(name); // one epoch, kept (runs up to 20 keep theirs)
		try (PartHarness<ExplorerPart> h = PartHarness.open(ExplorerPart.class)) {
			ExplorerPart part = h.part();
			h.spinUntil(() -> rows(part).containsKey(name), WAIT, name + " is listed");
			click(h, part, name);
			EpochsView epochs = part.details().epochs();
			h.spinUntil(() -> name.equals(epochs.model()) && epochs.table().getItemCount() == 1, WAIT,
					"its kept epoch is listed");
			var kept = store.epochs(name).get(0);
			assertEquals("1", epochs.table().getItem(0).getText(0));
			assertEquals(Formats.percent(kept.testAccuracy()), epochs.table().getItem(0).getText(1));
			assertFalse(epochs.useButton().getEnabled(), "nothing picked yet");
			epochs.table().setSelection(0);
			epochs.table().notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
			assertTrue(epochs.useButton().getEnabled());
			epochs.useButton().notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
			h.spinUntil(() -> store.activeModel().orElse("").equals(name + "@1"), WAIT,
					"the epoch is the active model");
			h.spinUntil(() -> epochs.table().getItem(0).getText(0).startsWith(ModelTable.ACTIVE_MARK), WAIT,
					"the active epoch is marked");
			h.spinUntil(() -> part.statusText().contains(name + "@1 is now used on the canvas"), AT_ONCE,
					"the status says so");
		} finally {
			store.delete(name);
		}
	}

	@Test
	void weightTilesFitTheCanvasOnADivergingColourMap() {
		for (int[] c : new int[][] { { 64, 28, 28, 500, 300 }, { 32, 5, 5, 560, 280 }, { 64, 28, 28, 300, 300 } }) {
			WeightsView.Grid grid = WeightsView.grid(c[0], c[1], c[2], c[3], c[4]);
			int right = grid.x(c[0] - 1) + grid.tileWidth();
			int bottom = grid.y(c[0] - 1) + grid.tileHeight();
			assertTrue(right <= c[3] && bottom <= c[4], Arrays.toString(c) + " → " + grid);
			assertTrue(grid.tileWidth() >= c[1], "never smaller than one pixel per weight: " + grid);
			assertEquals(c[0] - 1, grid.tileAt(grid.x(c[0] - 1) + 1, grid.y(c[0] - 1) + 1, c[0]));
			assertEquals(-1, grid.tileAt(grid.tileWidth() + grid.gap() / 2, 1, c[0]), "a gap is no tile");
		}
		assertEquals(new WeightsView.Grid(8, 4, 60, 60, 10), WeightsView.grid(32, 5, 5, 560, 280), "5×5 filters enlarged");
		assertEquals(8, WeightsView.grid(64, 28, 28, 200, 200).columns(), "too small: square, clipped, not one column");
		assertEquals(0x2166AC, WeightsView.colour(-1));
		assertEquals(0xF7F7F7, WeightsView.colour(0));
		assertEquals(0xB2182B, WeightsView.colour(1));
		assertEquals(0xB2182B, WeightsView.colour(7), "clamped");
	}

	@Test
	void namesAreCheckedAsTheyAreTyped() {
		Set<String> taken = Set.of("a", "b");
		assertEquals("Enter a name.", ModelNames.problem("  ", taken, null));
		assertTrue(ModelNames.problem("x/y", taken, null).startsWith("Use 1 to 64 letters"));
		assertTrue(ModelNames.problem("-x", taken, null).startsWith("Use 1 to 64 letters"));
		assertTrue(ModelNames.problem("x".repeat(65), taken, null).startsWith("Use 1 to 64 letters"));
		assertEquals("A model named 'b' exists already.", ModelNames.problem("b", taken, "a"));
		assertEquals("That is its name already.", ModelNames.problem("a", taken, "a"));
		assertNull(ModelNames.problem("c-2.v1_x", taken, "a"));
		assertEquals("malicious", ModelNames.suggest("malicious", taken));
		assertEquals("a-2", ModelNames.suggest("a", taken));
		assertEquals("my-model-.pth", ModelNames.suggest("..my model?.pth", taken));
		// one folder on macOS and Windows: flagged while typing
		assertEquals("A model named 'Base' exists already; names that differ only in case are one folder.",
				ModelNames.problem("base", Set.of("Base"), null));
		assertNull(ModelNames.problem("BASE", Set.of("Base"), "Base"), "a rename of Base may change its case");
		assertEquals("A-2", ModelNames.suggest("A", taken));
	}

	// ---- helpers

	private static void ensureCopy() throws Exception {
		TestModels.oneEpochMlp(MLP);
		if (store.find(COPY).isEmpty()) {
			Path zip = Files.createTempFile("explorer", ".zip");
			try {
				store.exportZip(MLP, zip);
				store.importZip(zip, COPY);
			} finally {
				Files.deleteIfExists(zip);
			}
		}
	}

	/** The table's rows in display order, by model name (without the active mark). */
	private static Map<String, String[]> rows(ExplorerPart part) {
		Map<String, String[]> rows = new LinkedHashMap<>();
		Table table = part.viewer().getTable();
		for (TableItem item : table.getItems()) {
			String[] cells = new String[table.getColumnCount()];
			for (int i = 0; i < cells.length; i++) {
				cells[i] = item.getText(i);
			}
			rows.put(cells[0].replace(ExplorerPart.ACTIVE_MARK, ""), cells);
		}
		return rows;
	}

	private static List<String> cells(Table table) {
		List<String> rows = new ArrayList<>();
		for (TableItem item : table.getItems()) {
			String[] cells = new String[table.getColumnCount()];
			for (int i = 0; i < cells.length; i++) {
				cells[i] = item.getText(i);
			}
			rows.add(String.join(" | ", cells));
		}
		return rows;
	}

	private static List<String> selectedNames(ExplorerPart part) {
		return part.viewer().getStructuredSelection().toList().stream().map(o -> ((ModelMetadata) o).name()).toList();
	}

	private static Point rowCentre(ExplorerPart part, String name) {
		Table table = part.viewer().getTable();
		for (TableItem item : table.getItems()) {
			if (item.getText(0).replace(ExplorerPart.ACTIVE_MARK, "").equals(name)) {
				table.showItem(item);
				Rectangle bounds = item.getBounds(0);
				return new Point(bounds.x + bounds.width / 2, bounds.y + bounds.height / 2);
			}
		}
		throw new AssertionError(name + " is not in the table");
	}

	private static void click(PartHarness<?> h, ExplorerPart part, String name) {
		Point p = rowCentre(part, name);
		hoverThenClick(h, part.viewer().getTable(), p.x, p.y);
		h.spinUntil(() -> selectedNames(part).contains(name), AT_ONCE, "a click selects " + name);
	}

	private static ModelMetadata model(ExplorerPart part, String name) {
		for (TableItem item : part.viewer().getTable().getItems()) {
			if (((ModelMetadata) item.getData()).name().equals(name)) {
				return (ModelMetadata) item.getData();
			}
		}
		throw new AssertionError(name + " is not in the table");
	}

	/**
	 * Clicks a column header the way SWT reports it (a selection event on the column): SWT's posted presses do not
	 * reach GTK's header and tool buttons reliably (they are put into GDK's queue, past the X server, and those
	 * buttons only click after they have seen the pointer enter), while rows and keys take posted input well.
	 */
	private static void clickHeader(PartHarness<?> h, Table table, int column) {
		table.getColumn(column).notifyListeners(SWT.Selection, new Event());
		h.spin(Duration.ofMillis(50));
	}

	/**
	 * Clicks a spot, the pointer coming from the status line: a tool tip left open under the pointer (the table
	 * shows one per row) would take the press.
	 */
	private static void hoverThenClick(PartHarness<?> h, Control control, int x, int y) {
		Control status = ((ExplorerPart) h.part()).statusLine();
		h.movePointer(status, 5, status.getSize().y / 2);
		h.movePointer(control, x, y);
		h.postStroke(control, x, y);
	}

	/**
	 * Presses a key on the model table. Without a window manager, X gives the keyboard to the window under the
	 * pointer, and a tool tip left under it would take the key: the pointer rests on the status line first.
	 */
	private static void press(PartHarness<?> h, ExplorerPart part, int keyCode) {
		Control status = part.statusLine();
		h.movePointer(status, 5, status.getSize().y / 2);
		part.viewer().getTable().setFocus();
		h.postKey(0, keyCode);
	}
}
