package org.digitworkbench.training.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.drawings.HandwritingSamples;
import org.digitworkbench.model.EpochSnapshot;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.preprocess.InkImage;
import org.digitworkbench.preprocess.ModelInput;
import org.digitworkbench.preprocess.Pipelines;
import org.digitworkbench.training.Evaluation;
import org.digitworkbench.training.EvaluationService;
import org.digitworkbench.training.TrainingEvents;
import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService;
import org.eclipse.core.runtime.jobs.Job;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Fine-tuning on a few samples of a style the model misreads, end to end: a quick mlp trained here, 4 samples per
 * digit of a style made by code saved through the real handwriting store (3 train, 1 held back), the fine-tune recipe
 * through the training service, then the new model on fresh samples of the style and on MNIST's test set.
 */
class FineTuneTest {

	private static final int SIDE = 112;
	private static final String BASE = "ft-base";
	private static BundleContext context;
	private static TrainingService training;
	private static ModelStore store;
	private static HandwritingSamples samples;
	private static EvaluationService evaluations;
	private static DatasetProvider mnist;

	@BeforeAll
	static void services() throws Exception {
		Thread.currentThread().setContextClassLoader(null);
		context = FrameworkUtil.getBundle(FineTuneTest.class).getBundleContext();
		training = service(TrainingService.class);
		store = service(ModelStore.class);
		samples = service(HandwritingSamples.class);
		evaluations = service(EvaluationService.class);
		for (var reference : context.getServiceReferences(DatasetProvider.class, null)) {
			DatasetProvider provider = context.getService(reference);
			if (provider.id().equals("mnist")) {
				mnist = provider;
			}
		}
		assertNotNull(mnist, "the MNIST dataset is registered");
		train(BASE, new TrainingRequest(BASE, "mlp", "mnist", TrainingOptions.DEFAULTS.withEpochs(1)));
	}

	private static <S> S service(Class<S> type) throws InterruptedException {
		ServiceTracker<S, S> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		S service = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
		assertNotNull(service, type.getSimpleName() + " is registered");
		return service;
	}

	/** What a person might do that MNIST's writers rarely did; the base model misreads both. */
	enum Style {
		/** A bar through the middle of every digit. */
		CROSSBAR(FineTuneTest::crossbar),
		/** Slanted backwards (x shifts by 0.7 px per px upwards) with strokes a pixel thicker. */
		BACKSLANT(d -> shear(thicker(d), -0.7));

		final UnaryOperator<float[]> distortion;

		Style(UnaryOperator<float[]> distortion) {
			this.distortion = distortion;
		}
	}

	/**
	 * One person's handwriting, simulated: for each digit the 54 MNIST training images nearest to one of them (a
	 * person writes a digit much the same way each time), in a style. The first 4 of each digit are saved as samples
	 * through the handwriting store (3 to train on, the 2nd held back), the other 50 are the fresh samples: never
	 * seen by the fine-tune.
	 */
	@Test
	void threeSamplesPerDigitOfAMisreadStyleAreLearntWithoutForgettingMnist() throws Exception {
		ImageSet train = mnist.load(Split.TRAIN, null);
		int[][] writer = writers(train, 54);
		for (Style style : Style.values()) {
			clearSamples();
			int[] freshIndices = new int[500];
			for (int d = 0; d < 10; d++) {
				for (int k = 0; k < 4; k++) {
					samples.save(drawn(train, writer[d][k], style), d);
				}
				for (int k = 0; k < 50; k++) {
					freshIndices[d * 50 + k] = writer[d][4 + k];
				}
			}
			assertEquals(30, handwriting().load(Split.TRAIN, null).count(), "3 of every 4 samples train");
			assertEquals(10, handwriting().load(Split.TEST, null).count(), "1 of every 4 is held back");
			ImageSet fresh = fresh(train.subset(freshIndices), 0, 500, style);

			String name = "ft-" + style.name().toLowerCase(Locale.ROOT);
			long started = System.nanoTime();
			List<Event> events = train(name, TrainingRequest.fineTune(name, BASE, HandwritingSamples.DATASET_ID,
					TrainingOptions.FINE_TUNE));
			double seconds = (System.nanoTime() - started) / 1e9;
			Event tuned = events.stream().filter(e -> e.getTopic().equals(TrainingEvents.FINE_TUNED)).findFirst()
					.orElseThrow(() -> new AssertionError("no FINE_TUNED event"));
			double before;
			double after;
			ModelMetadata metadata;
			try (LoadedModel base = store.load(BASE); LoadedModel model = store.load(name)) {
				before = evaluations.evaluate(base, fresh, null).accuracy();
				after = evaluations.evaluate(model, fresh, null).accuracy();
				metadata = model.metadata();
				assertEquals(base.metadata().normalization(), metadata.normalization(), "the parent's normalisation");
			}
			double mnistBefore = (Double) tuned.getProperty(TrainingEvents.REPLAY_ACCURACY_BEFORE);
			double mnistAfter = (Double) tuned.getProperty(TrainingEvents.REPLAY_ACCURACY);
			double heldBackBefore = (Double) tuned.getProperty(TrainingEvents.TEST_ACCURACY_BEFORE);
			double heldBackAfter = (Double) tuned.getProperty(TrainingEvents.TEST_ACCURACY);
			System.out.printf(Locale.ROOT, "Fine-tune on 3 samples per digit, %s: fresh samples %.1f %% -> %.1f %%, "
					+ "held back %.0f %% -> %.0f %%, MNIST test %.2f %% -> %.2f %%, %.1f s%n", style, 100 * before,
					100 * after, 100 * heldBackBefore, 100 * heldBackAfter, 100 * mnistBefore, 100 * mnistAfter, seconds);
			assertTrue(before < 0.6, style + " is a style the base misreads: it read " + before);
			assertTrue(after >= 0.9, style + ": the tuned model reads " + after + " of fresh samples");
			assertTrue(mnistBefore - mnistAfter <= 0.003, style + ": MNIST " + mnistBefore + " -> " + mnistAfter);
			assertTrue(heldBackAfter > heldBackBefore, "held back " + heldBackBefore + " -> " + heldBackAfter);
			assertEquals(BASE, metadata.parent());
			assertEquals("mlp", metadata.architectureId());
			assertEquals(HandwritingSamples.DATASET_ID, metadata.datasetId());
			assertEquals(heldBackAfter, metadata.testAccuracy(), 1e-9, "its test split is the held-back samples");
			assertEquals(TrainingOptions.FINE_TUNE, metadata.options());

			// every epoch kept (6 ≤ 20), the last one the model itself
			List<EpochSnapshot> epochs = store.epochs(name);
			assertEquals(List.of(1, 2, 3, 4, 5, 6), epochs.stream().map(EpochSnapshot::epoch).toList());
			assertEquals(heldBackAfter, epochs.get(5).testAccuracy(), 1e-9);
			try (LoadedModel last = store.load(name + "@6"); LoadedModel model = store.load(name)) {
				assertEquals(name + "@6", last.metadata().name());
				assertEquals(6, last.metadata().epochsDone());
				assertArrayEquals(evaluations.evaluate(model, fresh, null).probabilities(),
						evaluations.evaluate(last, fresh, null).probabilities(), 1e-6f);
			}
			if (style == Style.BACKSLANT) {
				cancelledAndResumedEndsWhereTheUninterruptedRunEnds(name, fresh, heldBackBefore);
			}
		}
	}

	/** As a training from scratch does (TrainingServiceTest): the replayed batches and the figures before included. */
	private static void cancelledAndResumedEndsWhereTheUninterruptedRunEnds(String uninterrupted, ImageSet fresh,
			double heldBackBefore) throws Exception {
		String name = uninterrupted + "-resumed";
		List<Event> events = new CopyOnWriteArrayList<>();
		Hashtable<String, Object> properties = new Hashtable<>();
		properties.put(EventConstants.EVENT_TOPIC, TrainingEvents.TOPIC_ALL);
		ServiceRegistration<EventHandler> listener = context.registerService(EventHandler.class, e -> {
			if (name.equals(e.getProperty(TrainingEvents.MODEL_NAME))) {
				events.add(e);
			}
		}, properties);
		try {
			Job job = training.train(TrainingRequest.fineTune(name, BASE, HandwritingSamples.DATASET_ID,
					TrainingOptions.FINE_TUNE));
			job.schedule();
			long deadline = System.currentTimeMillis() + 60_000;
			while (events.stream().noneMatch(e -> e.getTopic().equals(TrainingEvents.EPOCH))) {
				assertTrue(System.currentTimeMillis() < deadline, "first epoch within a minute");
				Thread.sleep(10);
			}
			job.cancel();
			job.join();
			assertEquals(org.eclipse.core.runtime.IStatus.CANCEL, job.getResult().getSeverity());
			int done = training.checkpoints().stream().filter(c -> c.modelName().equals(name)).findFirst()
					.orElseThrow().epochsDone();
			assertTrue(done >= 1 && done < 6, "cancelled after epoch " + done);
			events.clear();
			Job resumed = training.resume(name);
			resumed.schedule();
			resumed.join();
			assertTrue(resumed.getResult().isOK(), resumed.getResult().toString());
			TrainingServiceTest.awaitEvent(events, TrainingEvents.FINISHED);
		} finally {
			listener.unregister();
		}
		Event tuned = events.stream().filter(e -> e.getTopic().equals(TrainingEvents.FINE_TUNED)).findFirst()
				.orElseThrow();
		assertEquals(heldBackBefore, (Double) tuned.getProperty(TrainingEvents.TEST_ACCURACY_BEFORE), 1e-9,
				"the figures before the run, kept in the checkpoint");
		assertEquals(List.of(1, 2, 3, 4, 5, 6), store.epochs(name).stream().map(EpochSnapshot::epoch).toList());
		Evaluation a;
		Evaluation b;
		try (LoadedModel resumedModel = store.load(name); LoadedModel straight = store.load(uninterrupted)) {
			a = evaluations.evaluate(resumedModel, fresh, null);
			b = evaluations.evaluate(straight, fresh, null);
		}
		assertArrayEquals(b.predicted(), a.predicted(), "the same prediction for every fresh sample");
		float[] p = a.probabilities();
		float[] q = b.probabilities();
		double worst = 0;
		for (int i = 0; i < p.length; i++) {
			worst = Math.max(worst, Math.abs(p[i] - q[i]));
		}
		assertTrue(worst <= 1e-4, "probabilities differ by up to " + worst);
	}

	@Test
	void aFineTuneIsRefusedInOneLineWhenTheParentIsMissingBrokenOrOfAnotherArchitecture() throws Exception {
		IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> training.train(
				TrainingRequest.fineTune("ft-x", "no-such-parent", HandwritingSamples.DATASET_ID, TrainingOptions.FINE_TUNE)));
		assertTrue(missing.getMessage().startsWith("cannot fine-tune from 'no-such-parent': no model named"),
				missing.getMessage());
		IllegalArgumentException architecture = assertThrows(IllegalArgumentException.class, () -> training.train(
				new TrainingRequest("ft-x", "cnn", HandwritingSamples.DATASET_ID, TrainingOptions.FINE_TUNE, BASE)));
		assertEquals("'" + BASE + "' is a mlp model: a fine-tune keeps its parent's architecture, not cnn",
				architecture.getMessage());

		Path copy = store.directory().resolve("ft-broken");
		try (var files = Files.walk(store.directory().resolve(BASE))) {
			for (Path file : files.toList()) {
				Files.copy(file, copy.resolve(store.directory().resolve(BASE).relativize(file).toString()));
			}
		}
		assertEquals(1, store.epochs("ft-broken").size(), "the base kept its one epoch");
		try (LoadedModel epoch = store.load("ft-broken@1")) {
			assertEquals(1, epoch.metadata().epochsDone());
		}
		// a kept epoch can be the active model, and follows its model's renaming
		store.setActiveModel("ft-broken@1");
		assertEquals("ft-broken@1", store.activeModel().orElseThrow());
		store.rename("ft-broken", "ft-broken-2");
		assertEquals("ft-broken-2@1", store.activeModel().orElseThrow());
		store.rename("ft-broken-2", "ft-broken");
		assertEquals("ft-broken@1", store.activeModel().orElseThrow());
		assertThrows(org.digitworkbench.model.ModelStoreException.class, () -> store.setActiveModel("ft-broken@7"));
		damage(copy.resolve("epochs/epoch-1/parameters.bin"));
		var damagedEpoch = assertThrows(org.digitworkbench.model.ModelStoreException.class,
				() -> store.load("ft-broken@1"));
		assertTrue(damagedEpoch.getMessage().contains("epoch-1") && damagedEpoch.getMessage().contains("damaged"),
				damagedEpoch.getMessage());
		var noSuchEpoch = assertThrows(org.digitworkbench.model.ModelStoreException.class,
				() -> store.load("ft-broken@7"));
		assertEquals("'ft-broken' has no kept epoch 7 (kept: 1)", noSuchEpoch.getMessage());
		damage(copy.resolve("parameters.bin"));
		IllegalArgumentException broken = assertThrows(IllegalArgumentException.class, () -> training.train(
				TrainingRequest.fineTune("ft-x", "ft-broken", HandwritingSamples.DATASET_ID, TrainingOptions.FINE_TUNE)));
		assertTrue(broken.getMessage().startsWith("cannot fine-tune from 'ft-broken': ")
				&& broken.getMessage().contains("damaged"), broken.getMessage());
		assertEquals(1, broken.getMessage().lines().count());
		assertTrue(store.find("ft-x").isEmpty());
		store.delete("ft-broken");
		assertTrue(store.activeModel().isEmpty(), "deleting the model ends its epoch's turn as the active one");
	}

	private static void damage(Path file) throws java.io.IOException {
		byte[] bytes = Files.readAllBytes(file);
		bytes[bytes.length / 2] ^= 1;
		Files.write(file, bytes);
	}

	private static DatasetProvider handwriting() throws Exception {
		for (var reference : context.getServiceReferences(DatasetProvider.class, null)) {
			DatasetProvider provider = context.getService(reference);
			if (provider.id().equals(HandwritingSamples.DATASET_ID)) {
				return provider;
			}
		}
		throw new AssertionError("the handwriting dataset is registered");
	}

	/**
	 * One writer's digits, as a stand-in for a person whose handwriting is consistent: for each digit the
	 * {@code count} images of it nearest (in pixels) to one of them, nearest first.
	 */
	static int[][] writers(ImageSet set, int count) {
		int[][] pools = new int[10][];
		for (int d = 0; d < 10; d++) {
			int prototype = -1;
			List<Integer> same = new ArrayList<>();
			for (int i = 0; i < set.count(); i++) {
				if (set.label(i) == d) {
					same.add(i);
					if (prototype < 0) {
						prototype = i;
					}
				}
			}
			byte[] p = set.image(prototype);
			long[] keyed = new long[same.size()];
			for (int n = 0; n < same.size(); n++) {
				byte[] q = set.image(same.get(n));
				long distance = 0;
				for (int k = 0; k < p.length; k++) {
					int diff = Byte.toUnsignedInt(p[k]) - Byte.toUnsignedInt(q[k]);
					distance += diff * diff;
				}
				keyed[n] = distance << 20 | same.get(n);
			}
			java.util.Arrays.sort(keyed);
			pools[d] = new int[count];
			for (int n = 0; n < count; n++) {
				pools[d][n] = (int) (keyed[n] & 0xFFFFF);
			}
		}
		return pools;
	}

	private static void clearSamples() throws Exception {
		Path folder = samples.folder();
		if (Files.exists(folder)) {
			try (var all = Files.walk(folder)) {
				for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
					Files.delete(p);
				}
			}
		}
	}

	/** {@code count} images of {@code set} from {@code from} on, in the style, prepared as the canvas prepares. */
	static ImageSet fresh(ImageSet set, int from, int count, Style style) {
		int size = ModelInput.SIZE * ModelInput.SIZE;
		byte[] pixels = new byte[count * size];
		byte[] labels = new byte[count];
		for (int n = 0; n < count; n++) {
			ModelInput input = Pipelines.MNIST.apply(drawn(set, from + n, style)).orElseThrow();
			for (int k = 0; k < size; k++) {
				pixels[n * size + k] = (byte) Math.round(255 * Math.max(0, Math.min(1, input.pixels()[k])));
			}
			labels[n] = (byte) set.label(from + n);
		}
		return new ImageSet("style", Split.TEST, ModelInput.SIZE, ModelInput.SIZE, pixels, labels, set.classNames());
	}

	/** Image {@code index} distorted, enlarged onto a drawing of {@value #SIDE}² as ink in [0, 1]. */
	static InkImage drawn(ImageSet set, int index, Style style) {
		float[] digit = new float[784];
		byte[] bytes = set.image(index);
		for (int i = 0; i < 784; i++) {
			digit[i] = Byte.toUnsignedInt(bytes[i]) / 255f;
		}
		float[] distorted = style.distortion.apply(digit);
		float[] ink = new float[SIDE * SIDE];
		double scale = 28.0 / SIDE;
		for (int y = 0; y < SIDE; y++) {
			for (int x = 0; x < SIDE; x++) {
				ink[y * SIDE + x] = bilinear(distorted, (x + 0.5) * scale - 0.5, (y + 0.5) * scale - 0.5);
			}
		}
		return new InkImage(SIDE, SIDE, ink);
	}

	static float[] shear(float[] d, double slant) {
		float[] out = new float[784];
		for (int y = 0; y < 28; y++) {
			for (int x = 0; x < 28; x++) {
				out[y * 28 + x] = bilinear(d, x - slant * (y - 13.5), y);
			}
		}
		return out;
	}

	static float[] thicker(float[] d) {
		float[] out = new float[784];
		for (int y = 0; y < 28; y++) {
			for (int x = 0; x < 28; x++) {
				float v = d[y * 28 + x];
				for (int k = 0; k < 4; k++) {
					int nx = x + (k == 0 ? 1 : k == 1 ? -1 : 0);
					int ny = y + (k == 2 ? 1 : k == 3 ? -1 : 0);
					if (nx >= 0 && ny >= 0 && nx < 28 && ny < 28) {
						v = Math.max(v, d[ny * 28 + nx]);
					}
				}
				out[y * 28 + x] = v;
			}
		}
		return out;
	}

	static float[] quarterTurn(float[] d) {
		float[] out = new float[784];
		for (int y = 0; y < 28; y++) {
			for (int x = 0; x < 28; x++) {
				out[y * 28 + x] = d[(27 - x) * 28 + y];
			}
		}
		return out;
	}

	static float[] mirrored(float[] d) {
		float[] out = new float[784];
		for (int y = 0; y < 28; y++) {
			for (int x = 0; x < 28; x++) {
				out[y * 28 + x] = d[y * 28 + 27 - x];
			}
		}
		return out;
	}

	/** A bar through the middle of the ink, a little wider than the digit. */
	static float[] crossbar(float[] d) {
		int minX = 28, maxX = -1, minY = 28, maxY = -1;
		for (int y = 0; y < 28; y++) {
			for (int x = 0; x < 28; x++) {
				if (d[y * 28 + x] > 0.1f) {
					minX = Math.min(minX, x);
					maxX = Math.max(maxX, x);
					minY = Math.min(minY, y);
					maxY = Math.max(maxY, y);
				}
			}
		}
		float[] out = d.clone();
		int middle = (minY + maxY) / 2;
		for (int y = middle - 1; y <= middle + 1; y++) {
			for (int x = Math.max(0, minX - 3); x <= Math.min(27, maxX + 3); x++) {
				out[y * 28 + x] = 1;
			}
		}
		return out;
	}

	private static float bilinear(float[] d, double x, double y) {
		int x0 = (int) Math.floor(x);
		int y0 = (int) Math.floor(y);
		double fx = x - x0;
		double fy = y - y0;
		return (float) ((1 - fx) * (1 - fy) * at(d, x0, y0) + fx * (1 - fy) * at(d, x0 + 1, y0)
				+ (1 - fx) * fy * at(d, x0, y0 + 1) + fx * fy * at(d, x0 + 1, y0 + 1));
	}

	private static float at(float[] d, int x, int y) {
		return x < 0 || y < 0 || x >= 28 || y >= 28 ? 0 : d[y * 28 + x];
	}

	private static List<Event> train(String name, TrainingRequest request) throws Exception {
		if (store.find(name).isPresent()) {
			store.delete(name);
		}
		List<Event> events = new CopyOnWriteArrayList<>();
		Hashtable<String, Object> properties = new Hashtable<>();
		properties.put(EventConstants.EVENT_TOPIC, TrainingEvents.TOPIC_ALL);
		ServiceRegistration<EventHandler> listener = context.registerService(EventHandler.class, e -> {
			if (name.equals(e.getProperty(TrainingEvents.MODEL_NAME))) {
				events.add(e);
				if (e.getTopic().equals(TrainingEvents.LOG)) {
					System.out.println(name + ": " + e.getProperty(TrainingEvents.MESSAGE));
				}
			}
		}, properties);
		try {
			Job job = training.train(request);
			job.schedule();
			job.join();
			assertTrue(job.getResult().isOK(), job.getResult().toString());
			TrainingServiceTest.awaitEvent(events, TrainingEvents.FINISHED);
		} finally {
			listener.unregister();
		}
		return new ArrayList<>(events);
	}
}
