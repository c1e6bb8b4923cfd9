package org.digitworkbench.examples.activations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.digitworkbench.app.UiEvents;
import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.engine.EngineService;
import org.digitworkbench.examples.activations.LayerActivations.Layer;
import org.digitworkbench.model.ActiveModel;
import org.digitworkbench.model.Classifier;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.preprocess.ModelInput;
import org.digitworkbench.ui.canvas.CanvasPart;
import org.digitworkbench.ui.testing.PartHarness;
import org.digitworkbench.ui.testing.TestModels;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;

/** The activations view on real models and real MNIST digits, fed the way the canvas feeds it. */
class ActivationsPartTest {

	static final String MLP = "activations-mlp";
	static final String RESNET = "activations-resnet-untrained";
	static final Duration WAIT = Duration.ofSeconds(60);

	private static ModelStore store;
	private static ImageSet digits;

	@BeforeAll
	static void models() throws Exception {
		Thread.currentThread().setContextClassLoader(null);
		store = PartHarness.service(ModelStore.class);
		TestModels.oneEpochMlp(MLP);
		digits = PartHarness.service(DatasetProvider.class, "(dataset.id=mnist)").load(Split.TEST, new NullProgressMonitor());
		if (store.find(RESNET).isEmpty()) {
			saveInitialisedResnet();
		}
	}

	/** A real resnet-tiny as the architecture plug-in builds it, initialised but not trained: shapes are what counts here. */
	private static void saveInitialisedResnet() throws Exception {
		PartHarness.service(EngineService.class).awaitReady();
		BundleContext context = FrameworkUtil.getBundle(ActivationsPartTest.class).getBundleContext();
		ModelArchitecture architecture = null;
		long end = System.currentTimeMillis() + 30_000;
		while (architecture == null && System.currentTimeMillis() < end) {
			for (ServiceReference<ModelArchitecture> reference : context.getServiceReferences(ModelArchitecture.class, null)) {
				ModelArchitecture candidate = context.getService(reference);
				if ("resnet-tiny".equals(candidate.id())) {
					architecture = candidate;
				}
			}
			Thread.sleep(50);
		}
		assertTrue(architecture != null, "resnet-tiny is registered");
		try (Model model = Model.newInstance(RESNET)) {
			model.setBlock(architecture.newBlock());
			model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, architecture.inputShape(1));
			store.save(new ModelMetadata(RESNET, "resnet-tiny", "mnist", TrainingOptions.DEFAULTS, 0, Double.NaN,
					Double.NaN, Double.NaN, Double.NaN, List.of(), new int[0][0], 0, Instant.now(), null, null, 0, null,
					"test: initialised, not trained"), model);
		}
	}

	/** MNIST test image {@code index} as the canvas would hand it over. */
	static ModelInput input(int index) {
		float[] pixels = new float[784];
		float[] normalized = new float[784];
		byte[] image = digits.image(index);
		for (int i = 0; i < 784; i++) {
			pixels[i] = Byte.toUnsignedInt(image[i]) / 255f;
			normalized[i] = (pixels[i] - ModelInput.MEAN) / ModelInput.STD;
		}
		return new ModelInput(pixels, normalized);
	}

	/** Makes {@code model} the active one and waits until the shared active model has it open. */
	static void activate(PartHarness<?> harness, String model) throws Exception {
		store.setActiveModel(model);
		ActiveModel active = PartHarness.service(ActiveModel.class);
		harness.spinUntil(() -> active.state().status() == ActiveModel.Status.LOADED
				&& model.equals(active.state().name()), WAIT, model + " open as the active model");
	}

	/** What the canvas posts when its drawing changes. */
	static void announce(PartHarness<?> harness, ModelInput input) {
		Map<String, Object> properties = new java.util.HashMap<>();
		if (input != null) {
			properties.put(UiEvents.INPUT, input);
		}
		harness.events().send(UiEvents.CANVAS_INPUT, properties);
	}

	static float[] probabilities(String model, ModelInput input) {
		try (LoadedModel loaded = store.load(model); Classifier classifier = loaded.newClassifier()) {
			return classifier.probabilities(input.normalized());
		} catch (Exception e) {
			throw new AssertionError(e);
		}
	}

	static void assertClose(float[] expected, float[] actual, String what) {
		assertEquals(expected.length, actual.length, what);
		for (int i = 0; i < expected.length; i++) {
			assertEquals(expected[i], actual[i], 1e-4, what + " [" + i + "]");
		}
	}

	@Test
	void theMlpsLayersAreShownInOrderAndTheLastIsWhatTheClassifierAnswers() throws Exception {
		try (PartHarness<ActivationsPart> harness = PartHarness.open(ActivationsPart.class, 900, 700)) {
			ActivationsPart part = harness.part();
			ModelInput seven = input(0);
			assertEquals(7, digits.label(0));
			activate(harness, MLP);
			announce(harness, seven);
			harness.spinUntil(() -> !part.shownLayers().isEmpty(), WAIT, "the MLP's layers");
			List<Layer> layers = part.shownLayers();
			assertEquals("Input", layers.get(0).name());
			assertEquals(List.of(1L, 28L, 28L), boxed(layers.get(0).shape()));
			// flatten, then 512-256-128-10 with ReLU and dropout between: 10 children of the sequential block
			assertEquals(11, layers.size(), layers.toString());
			List<List<Long>> linearShapes = layers.stream().filter(l -> l.name().startsWith("Linear ")).map(l -> boxed(l.shape())).toList();
			assertEquals(List.of(List.of(512L), List.of(256L), List.of(128L), List.of(10L)), linearShapes);
			assertEquals(List.of(784L), boxed(layers.get(1).shape()), "flattened input");
			float[] shown = LayerActivations.softmax(layers.get(layers.size() - 1).values());
			float[] classifier = probabilities(MLP, seven);
			assertClose(classifier, shown, "the last layer's softmax is the classifier's answer");
			assertEquals(7, argmax(shown), "a one-epoch MLP reads the first test digit as a 7");
			assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), part.shownClassNames());
			assertTrue(part.statusText().startsWith(MLP + " (mlp, trained on mnist): 10 layers"), part.statusText());
			for (Layer layer : layers.subList(1, layers.size())) {
				if (layer.index() > 1 && layers.get(layer.index() - 1).name().startsWith("Linear ") && layer.name().equals("Function")) {
					assertTrue(layer.min() >= 0, "ReLU after a linear layer puts out no negative value: " + layer);
				}
			}
		}
	}

	@Test
	void theResidualNetworkShowsFeatureMapsStageByStage() throws Exception {
		try (PartHarness<ActivationsPart> harness = PartHarness.open(ActivationsPart.class, 900, 700)) {
			ActivationsPart part = harness.part();
			ModelInput input = input(1);
			activate(harness, RESNET);
			announce(harness, input);
			harness.spinUntil(() -> !part.shownLayers().isEmpty(), WAIT, "resnet-tiny's layers");
			List<Layer> layers = part.shownLayers();
			List<String> described = layers.stream().map(l -> l.name() + " " + l.shapeText()).toList();
			assertEquals(List.of("Input 1×28×28", "Conv2d 1→16, 3×3 16×28×28", "BatchNorm 16 16×28×28", "ReLU 16×28×28",
					"MaxPool2d 16×14×14", "Residual unit 16×14×14", "Conv2d 16→32, 3×3 32×14×14", "BatchNorm 32 32×14×14",
					"ReLU 32×14×14", "MaxPool2d 32×7×7", "Residual unit 32×7×7", "GlobalAvgPool2d 32", "Linear 32→10 10"),
					described);
			for (Layer layer : layers) {
				if (layer.name().equals("Residual unit") || layer.name().equals("ReLU")) {
					assertTrue(layer.min() >= 0, "a residual unit ends in ReLU: " + layer);
				}
			}
			assertClose(probabilities(RESNET, input), LayerActivations.softmax(layers.get(layers.size() - 1).values()),
					"the last layer's softmax is the classifier's answer");
		}
	}

	@Test
	void aBurstOfDrawingsRunsOneForwardPassAtATimeAndEndsOnTheLatest() throws Exception {
		try (PartHarness<ActivationsPart> harness = PartHarness.open(ActivationsPart.class, 900, 700)) {
			ActivationsPart part = harness.part();
			activate(harness, MLP);
			announce(harness, input(2));
			harness.spinUntil(() -> !part.shownLayers().isEmpty(), WAIT, "the first drawing");
			int before = part.forwardPasses();
			int burst = 200;
			for (int i = 0; i < burst; i++) {
				announce(harness, input(3 + i));
			}
			ModelInput last = input(3 + burst - 1);
			float[] expected = probabilities(MLP, last);
			harness.spinUntil(() -> part.job().getState() == Job.NONE
					&& matches(expected, lastLayer(part)), WAIT, "the latest drawing shown");
			int ran = part.forwardPasses() - before;
			assertTrue(ran >= 1 && ran < burst / 2, ran + " forward passes for " + burst + " drawings: stale ones are skipped");
			assertEquals(1, part.mostForwardPassesAtOnce(), "never more than one forward pass in flight");
		}
	}

	@Test
	void theViewFollowsTheRealCanvasAsADigitIsDrawnAndCleared() throws Exception {
		store.setActiveModel(MLP);
		try (PartHarness<CanvasPart> canvas = PartHarness.open(CanvasPart.class, 700, 700); // Clear in view
				PartHarness<ActivationsPart> view = PartHarness.open(ActivationsPart.class, 900, 700)) {
			view.shell().setLocation(710, 0);
			ActivationsPart part = view.part();
			Control drawing = firstCanvas(canvas.shell()); // the paper comes first
			canvas.spin(Duration.ofMillis(500)); // the canvas loads its model
			canvas.postStroke(drawing, 140, 40, 140, 80, 140, 120, 140, 160, 140, 200, 140, 240);
			canvas.spinUntil(() -> !part.shownLayers().isEmpty(), WAIT, "activations of the stroke drawn on the canvas");
			Layer input = part.shownLayers().get(0);
			assertTrue(input.max() > 2, "the drawn stroke is ink in the input (normalised max " + input.max() + ")");
			assertTrue(part.statusText().startsWith(MLP), part.statusText());
			int shownBefore = part.forwardPasses();
			canvas.postStroke(drawing, 100, 60, 180, 60);
			canvas.spinUntil(() -> part.forwardPasses() > shownBefore, WAIT, "a new forward pass after the second stroke");
			Button clear = button(canvas.shell(), "Clear (Esc)");
			canvas.postStroke(clear, clear.getSize().x / 2, clear.getSize().y / 2); // a click
			canvas.spinUntil(() -> part.shownLayers().isEmpty() && part.statusText().contains("draw on the canvas"), WAIT,
					"the blank canvas clears the view");
		}
	}

	private static org.eclipse.swt.widgets.Canvas firstCanvas(Composite parent) {
		for (Control child : parent.getChildren()) {
			if (child instanceof org.eclipse.swt.widgets.Canvas c) {
				return c;
			}
			if (child instanceof Composite composite && firstCanvas(composite) != null) {
				return firstCanvas(composite);
			}
		}
		return null;
	}

	@Test
	void aModelThatCannotBeLoadedIsExplainedAndNoModelIsSaid() throws Exception {
		String broken = "activations-broken";
		if (store.find(broken).isPresent()) {
			store.delete(broken);
		}
		java.nio.file.Path zip = java.nio.file.Files.createTempFile("activations", ".zip");
		try {
			store.exportZip(MLP, zip);
			store.importZip(zip, broken);
		} finally {
			java.nio.file.Files.deleteIfExists(zip);
		}
		java.nio.file.Path parameters = store.directory().resolve(broken).resolve("parameters.bin");
		byte[] bytes = java.nio.file.Files.readAllBytes(parameters);
		bytes[bytes.length / 2] ^= 0x55; // its checksum no longer matches
		java.nio.file.Files.write(parameters, bytes);
		try (PartHarness<ActivationsPart> harness = PartHarness.open(ActivationsPart.class, 900, 700)) {
			ActivationsPart part = harness.part();
			announce(harness, input(0));
			store.setActiveModel(broken);
			harness.spinUntil(() -> part.statusText().startsWith("Could not show the activations of " + broken), WAIT,
					"the reason");
			assertTrue(part.shownLayers().isEmpty());
			assertTrue(part.statusText().contains("SHA-256"), part.statusText());
			store.delete(broken); // the active model is gone: none is active
			harness.spinUntil(() -> part.statusText().startsWith("The canvas has no model"), WAIT, "no model");
		}
	}

	@Test
	void anotherActiveModelReplacesTheShownOneAndTheViewHoldsNoLeaseBetweenPasses() throws Exception {
		ActivationsPart part;
		try (PartHarness<ActivationsPart> harness = PartHarness.open(ActivationsPart.class, 900, 700)) {
			part = harness.part();
			activate(harness, MLP);
			announce(harness, input(0));
			harness.spinUntil(() -> MLP.equals(part.shownModel()) && !part.shownLayers().isEmpty(), WAIT, "the MLP shown");
			store.setActiveModel(RESNET);
			harness.spinUntil(() -> RESNET.equals(part.shownModel()) && part.shownLayers().size() == 13, WAIT,
					"the residual network replaces the MLP, without a new drawing");
		}
		part.job().join(10_000, null);
		assertEquals(0, part.leasesHeld(), "no lease kept once the view is closed");
	}

	/** The push button labelled {@code text} somewhere in {@code parent}. */
	private static Button button(Composite parent, String text) {
		for (Control child : parent.getChildren()) {
			if (child instanceof Button b && text.equals(b.getText())) {
				return b;
			}
			if (child instanceof Composite c) {
				Button found = button(c, text);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	private static Layer lastLayer(ActivationsPart part) {
		List<Layer> layers = part.shownLayers();
		return layers.isEmpty() ? null : layers.get(layers.size() - 1);
	}

	private static boolean matches(float[] expected, Layer last) {
		if (last == null) {
			return false;
		}
		float[] actual = LayerActivations.softmax(last.values());
		if (expected.length != actual.length) {
			return false;
		}
		for (int i = 0; i < expected.length; i++) {
			if (Math.abs(expected[i] - actual[i]) > 1e-4) {
				return false;
			}
		}
		return true;
	}

	private static int argmax(float[] values) {
		int best = 0;
		for (int i = 1; i < values.length; i++) {
			best = values[i] > values[best] ? i : best;
		}
		return best;
	}

	private static List<Long> boxed(long[] values) {
		return java.util.Arrays.stream(values).boxed().toList();
	}
}
