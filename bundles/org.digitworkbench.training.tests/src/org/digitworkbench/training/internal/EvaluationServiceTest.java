package org.digitworkbench.training.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.training.Evaluation;
import org.digitworkbench.training.EvaluationEvents;
import org.digitworkbench.training.EvaluationJob;
import org.digitworkbench.training.EvaluationService;
import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.ServiceTracker;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;

/**
 * The evaluation service as the views and the command line use it: a saved model evaluated by name in a job, the
 * result posted once; a dataset the model does not fit refused with the reason and nothing posted.
 */
class EvaluationServiceTest {

	private static final String MODEL = "evaluation-linear";
	private static BundleContext context;
	private static ModelStore store;
	private static EvaluationService evaluations;
	private static ServiceRegistration<ModelArchitecture> linear;
	private static ServiceRegistration<DatasetProvider> small;
	private static ModelMetadata trained;

	@BeforeAll
	static void trainATinyModel() throws Exception {
		Thread.currentThread().setContextClassLoader(null);
		context = FrameworkUtil.getBundle(EvaluationServiceTest.class).getBundleContext();
		linear = context.registerService(ModelArchitecture.class, new LinearArchitecture(), null);
		small = context.registerService(DatasetProvider.class, new SmallImages(), null);
		store = service(ModelStore.class);
		evaluations = service(EvaluationService.class);
		TrainingService training = service(TrainingService.class);
		if (store.find(MODEL).isPresent()) {
			store.delete(MODEL);
		}
		// one pass in batches of 1000: a few seconds, about 90 % on MNIST
		Job job = training.train(new TrainingRequest(MODEL, "linear-test", "mnist",
				new TrainingOptions(1, 1000, 0.01, 42, false, 0)));
		job.schedule();
		assertTrue(job.join(TimeUnit.MINUTES.toMillis(3), null), "trained within 3 minutes");
		assertTrue(job.getResult().isOK(), job.getResult().toString());
		trained = store.find(MODEL).orElseThrow();
	}

	@AfterAll
	static void unregister() {
		small.unregister();
		linear.unregister();
	}

	@Test
	void aSavedModelIsEvaluatedByNameOnItsOwnDatasetAndTheResultIsPostedOnce() throws Exception {
		List<Event> done = new CopyOnWriteArrayList<>();
		ServiceRegistration<EventHandler> listener = listen(done);
		try {
			EvaluationJob job = evaluations.evaluate(MODEL, null, Split.TEST);
			assertEquals(MODEL, job.modelName());
			assertTrue(job.evaluation().isEmpty(), "nothing before it ran");
			job.schedule();
			assertTrue(job.join(TimeUnit.MINUTES.toMillis(2), null));
			assertTrue(job.getResult().isOK(), job.getResult().toString());
			Evaluation evaluation = job.evaluation().orElseThrow();
			assertEquals("mnist", evaluation.datasetId(), "the dataset it was trained on");
			assertEquals(10_000, evaluation.count());
			assertEquals(trained.testAccuracy(), evaluation.accuracy(), 1e-9, "as when it was saved");
			assertTrue(job.getResult().getMessage().contains(String.format(java.util.Locale.ROOT, "accuracy %.2f %%",
					100 * evaluation.accuracy())), job.getResult().getMessage());
			waitFor(() -> !done.isEmpty(), "the DONE event");
			Thread.sleep(200);
			assertEquals(1, done.size(), "posted once");
			assertEquals(evaluation, done.get(0).getProperty(EvaluationEvents.EVALUATION));
			ImageSet images = (ImageSet) done.get(0).getProperty(EvaluationEvents.IMAGES);
			assertEquals(Split.TEST, images.split());
			assertEquals(images, job.images().orElseThrow());
		} finally {
			listener.unregister();
		}
	}

	@Test
	void aDatasetTheModelDoesNotFitIsRefusedWithTheReasonAndNothingIsPosted() throws Exception {
		List<Event> done = new CopyOnWriteArrayList<>();
		ServiceRegistration<EventHandler> listener = listen(done);
		try {
			EvaluationJob job = evaluations.evaluate(MODEL, SmallImages.ID, Split.TEST);
			job.schedule();
			assertTrue(job.join(TimeUnit.MINUTES.toMillis(1), null));
			IStatus result = job.getResult();
			assertEquals(IStatus.ERROR, result.getSeverity(), "a failed job says so: " + result);
			assertTrue(result.getMessage().contains("takes 28×28 images, but Small images (test) has 14×14 images"),
					result.getMessage());
			assertTrue(job.evaluation().isEmpty());

			EvaluationJob unknown = evaluations.evaluate(MODEL, "no-such-dataset", Split.TEST);
			unknown.schedule();
			unknown.join();
			assertEquals(IStatus.ERROR, unknown.getResult().getSeverity());
			assertTrue(unknown.getResult().getMessage().contains("'no-such-dataset' is not installed"),
					unknown.getResult().getMessage());

			EvaluationJob missing = evaluations.evaluate("no-such-model", null, Split.TEST);
			missing.schedule();
			missing.join();
			assertEquals(IStatus.ERROR, missing.getResult().getSeverity());
			assertTrue(missing.getResult().getMessage().contains("no-such-model"), missing.getResult().getMessage());
			Thread.sleep(300);
			assertEquals(List.of(), done, "nothing posted for a failed evaluation");
		} finally {
			listener.unregister();
		}
	}

	@Test
	void theFitCheckNamesTheSizeOrTheClassesThatDiffer() {
		assertNull(FitCheck.problem("m (mlp, trained on mnist)", "m", 784, 10, "MNIST", 28, 28, 10));
		assertEquals("m (mlp, trained on mnist) takes 28×28 images, but Small has 14×14 images.",
				FitCheck.problem("m (mlp, trained on mnist)", "m", 784, 10, "Small", 14, 14, 10));
		assertEquals("m (x, trained on y) takes 120-pixel images, but S has 14×14 images.",
				FitCheck.problem("m (x, trained on y)", "m", 120, 10, "S", 14, 14, 10), "not a square");
		assertEquals("m tells 10 classes apart, but Letters has 26.",
				FitCheck.problem("m (mlp, trained on mnist)", "m", 784, 10, "Letters", 28, 28, 26));
	}

	private static ServiceRegistration<EventHandler> listen(List<Event> events) {
		Hashtable<String, Object> properties = new Hashtable<>();
		properties.put(EventConstants.EVENT_TOPIC, EvaluationEvents.DONE);
		return context.registerService(EventHandler.class, events::add, properties);
	}

	private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (!condition.getAsBoolean()) {
			assertTrue(System.nanoTime() < end, "timed out waiting for " + what);
			Thread.sleep(20);
		}
	}

	private static <S> S service(Class<S> type) throws InterruptedException {
		ServiceTracker<S, S> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		S service = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
		assertNotNull(service, type.getSimpleName() + " is registered");
		return service;
	}

	/** One linear layer, 784 pixels to 10 classes: quick to train, enough to be evaluated. */
	static final class LinearArchitecture implements ModelArchitecture {
		@Override
		public String id() {
			return "linear-test";
		}

		@Override
		public String name() {
			return "Linear (test)";
		}

		@Override
		public String description() {
			return "One linear layer, registered by the evaluation test.";
		}

		@Override
		public Block newBlock() {
			return Linear.builder().setUnits(10).build();
		}

		@Override
		public Shape inputShape(int batchSize) {
			return new Shape(batchSize, 784);
		}
	}

	/** 14×14 images: a dataset the 28×28 models do not fit. */
	static final class SmallImages implements DatasetProvider {
		static final String ID = "small-images-test";

		@Override
		public String id() {
			return ID;
		}

		@Override
		public String displayName() {
			return "Small images (test)";
		}

		@Override
		public List<String> classNames() {
			return List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
		}

		@Override
		public int imageRows() {
			return 14;
		}

		@Override
		public int imageColumns() {
			return 14;
		}

		@Override
		public Path location() {
			return Path.of(System.getProperty("java.io.tmpdir"));
		}

		@Override
		public boolean isAvailable() {
			return true;
		}

		@Override
		public void fetch(IProgressMonitor monitor) {
		}

		@Override
		public ImageSet load(Split split, IProgressMonitor monitor) {
			return new ImageSet(ID, split, 14, 14, new byte[10 * 196], new byte[10], classNames());
		}
	}
}
