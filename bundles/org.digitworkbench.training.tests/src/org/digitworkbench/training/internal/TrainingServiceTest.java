package org.digitworkbench.training.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelMetadata.ClassMetrics;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.training.Evaluation;
import org.digitworkbench.training.EvaluationService;
import org.digitworkbench.training.TrainingEvents;
import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService;
import org.eclipse.core.runtime.IStatus;
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

/** Trainings on the real MNIST files, through the services as the views and the command line use them. */
class TrainingServiceTest {

	private static BundleContext context;
	private static TrainingService training;
	private static ModelStore store;

	@BeforeAll
	static void services() throws Exception {
		Thread.currentThread().setContextClassLoader(null);
		context = FrameworkUtil.getBundle(TrainingServiceTest.class).getBundleContext();
		training = service(TrainingService.class);
		store = service(ModelStore.class);
		emptyStore(store.directory());
	}

	private static <S> S service(Class<S> type) throws InterruptedException {
		ServiceTracker<S, S> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		S service = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
		assertNotNull(service, type.getSimpleName() + " is registered");
		return service;
	}

	@Test
	void oneEpochOfTheSeedMlpScoresAtLeast95PercentAndIsSaved() throws Exception {
		List<Event> events = new CopyOnWriteArrayList<>(); // read while events arrive
		ServiceRegistration<EventHandler> listener = listen(events);
		try {
			Job job = training.train(new TrainingRequest("one-epoch", "mlp", "mnist", TrainingOptions.DEFAULTS.withEpochs(1)));
			job.schedule();
			job.join();
			assertTrue(job.getResult().isOK(), job.getResult().toString());
			awaitEvent(events, TrainingEvents.FINISHED); // events are delivered asynchronously, FINISHED last
		} finally {
			listener.unregister();
		}
		ModelMetadata saved = store.find("one-epoch").orElseThrow();
		assertTrue(saved.testAccuracy() >= 0.95, "test accuracy " + saved.testAccuracy());
		assertEquals(1, saved.epochsDone());
		assertEquals(10, saved.confusion().length);
		assertTrue(events.stream().anyMatch(e -> e.getTopic().equals(TrainingEvents.BATCH)), "batch events");
		Event epoch = events.stream().filter(e -> e.getTopic().equals(TrainingEvents.EPOCH)).findFirst().orElseThrow();
		assertTrue((Double) epoch.getProperty(TrainingEvents.TEST_ACCURACY) >= 0.95);
		assertTrue(events.stream().anyMatch(e -> e.getTopic().equals(TrainingEvents.FINISHED)
				&& TrainingEvents.OUTCOME_COMPLETED.equals(e.getProperty(TrainingEvents.OUTCOME))));
		assertTrue(training.checkpoints().stream().noneMatch(c -> c.modelName().equals("one-epoch")),
				"a finished run leaves no checkpoint");
	}

	/**
	 * Augmented, so that every random stream of a run is in play: shuffling, augmentation, dropout, and Adam's state
	 * in the checkpoint.
	 */
	private static final TrainingOptions TWO_AUGMENTED_EPOCHS = TrainingOptions.DEFAULTS.withEpochs(2).withAugment(true);

	@Test
	void cancelStopsWithinASecondKeepsTheLastEpochAndResumeEndsWhereAnUninterruptedRunEnds() throws Exception {
		Job straight = training.train(new TrainingRequest("uninterrupted", "mlp", "mnist", TWO_AUGMENTED_EPOCHS));
		straight.schedule();
		straight.join();
		assertTrue(straight.getResult().isOK(), straight.getResult().toString());

		List<Event> events = new CopyOnWriteArrayList<>(); // read while events arrive
		ServiceRegistration<EventHandler> listener = listen(events);
		try {
			Job job = training.train(new TrainingRequest("cancelled", "mlp", "mnist", TWO_AUGMENTED_EPOCHS));
			job.schedule();
			long deadline = System.currentTimeMillis() + 120_000;
			while (events.stream().noneMatch(e -> e.getTopic().equals(TrainingEvents.EPOCH))) {
				assertTrue(System.currentTimeMillis() < deadline, "first epoch within two minutes");
				Thread.sleep(50);
			}
			Thread.sleep(500); // well into the second epoch
			long cancelled = System.nanoTime();
			job.cancel();
			job.join();
			long stopMillis = (System.nanoTime() - cancelled) / 1_000_000;
			assertEquals(IStatus.CANCEL, job.getResult().getSeverity());
			assertTrue(stopMillis < 1000, "stopped after " + stopMillis + " ms");
		} finally {
			listener.unregister();
		}
		assertFalse(store.find("cancelled").isPresent(), "a cancelled run is not a saved model");
		TrainingService.Checkpoint checkpoint = training.checkpoints().stream()
				.filter(c -> c.modelName().equals("cancelled")).findFirst().orElseThrow();
		assertEquals(1, checkpoint.epochsDone());

		Job resumed = training.resume("cancelled");
		resumed.schedule();
		resumed.join();
		assertTrue(resumed.getResult().isOK(), resumed.getResult().toString());
		ModelMetadata saved = store.find("cancelled").orElseThrow();
		assertEquals(2, saved.epochsDone());
		assertTrue(saved.testAccuracy() >= 0.96, "after two epochs: " + saved.testAccuracy());

		EvaluationService evaluations = service(EvaluationService.class);
		DatasetProvider mnist = null;
		for (var reference : context.getServiceReferences(DatasetProvider.class, null)) {
			DatasetProvider provider = context.getService(reference);
			if (provider.id().equals("mnist")) {
				mnist = provider;
			}
		}
		assertNotNull(mnist, "the MNIST dataset is registered");
		ImageSet test = mnist.load(Split.TEST, null);
		Evaluation resumedRun;
		Evaluation uninterruptedRun;
		try (LoadedModel a = store.load("cancelled"); LoadedModel b = store.load("uninterrupted")) {
			resumedRun = evaluations.evaluate(a, test, null);
			uninterruptedRun = evaluations.evaluate(b, test, null);
		}
		assertArrayEquals(uninterruptedRun.predicted(), resumedRun.predicted(), "the same prediction for every test image");
		float[] p = resumedRun.probabilities();
		float[] q = uninterruptedRun.probabilities();
		double worst = 0;
		for (int i = 0; i < p.length; i++) {
			worst = Math.max(worst, Math.abs(p[i] - q[i]));
		}
		assertTrue(worst <= 1e-4, "probabilities differ by up to " + worst);
	}

	@Test
	void perClassMetricsFollowFromTheConfusionMatrix() {
		// true 0: 8 right, 2 taken for 1; true 1: 1 taken for 0, 9 right
		List<ClassMetrics> metrics = Evaluations.perClass(new int[][] { { 8, 2 }, { 1, 9 } }, List.of("a", "b"));
		ClassMetrics a = metrics.get(0);
		assertEquals(8.0 / 9, a.precision(), 1e-12);
		assertEquals(0.8, a.recall(), 1e-12);
		assertEquals(2 * (8.0 / 9) * 0.8 / (8.0 / 9 + 0.8), a.f1(), 1e-12);
		assertEquals(10, a.support());
		assertArrayEquals(new double[] { 9.0 / 11, 0.9 },
				new double[] { metrics.get(1).precision(), metrics.get(1).recall() }, 1e-12);
	}

	static void awaitEvent(List<Event> events, String topic) throws InterruptedException {
		long deadline = System.currentTimeMillis() + 10_000;
		while (events.stream().noneMatch(e -> e.getTopic().equals(topic))) {
			assertTrue(System.currentTimeMillis() < deadline, topic + " delivered within 10 s");
			Thread.sleep(20);
		}
	}

	private static ServiceRegistration<EventHandler> listen(List<Event> events) {
		Hashtable<String, Object> properties = new Hashtable<>();
		properties.put(EventConstants.EVENT_TOPIC, TrainingEvents.TOPIC_ALL);
		return context.registerService(EventHandler.class, events::add, properties);
	}

	/** Each run starts from an empty store (the data folder survives builds without {@code clean}). */
	static void emptyStore(java.nio.file.Path directory) throws java.io.IOException {
		if (java.nio.file.Files.exists(directory)) {
			try (var all = java.nio.file.Files.walk(directory)) {
				for (java.nio.file.Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
					java.nio.file.Files.delete(p);
				}
			}
		}
	}
}
