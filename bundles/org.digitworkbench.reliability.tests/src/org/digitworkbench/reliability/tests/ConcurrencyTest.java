package org.digitworkbench.reliability.tests;

import static org.digitworkbench.reliability.tests.Refusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.model.Classifier;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreException;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.training.Evaluation;
import org.digitworkbench.training.EvaluationService;
import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two things at once: two trainings of one name (in this process, and from another process), a model deleted while
 * it is evaluated or loaded, two imports of one name.
 */
@Timeout(180)
class ConcurrencyTest {

	private final ExecutorService threads = Executors.newFixedThreadPool(2);
	private ModelStore store;
	private TrainingService training;

	@TempDir
	Path temp;

	@BeforeEach
	void services() throws Exception {
		Store.empty();
		store = Store.store();
		training = Store.service(TrainingService.class);
	}

	@AfterEach
	void stopThreads() {
		threads.shutdownNow();
	}

	private static TrainingRequest request(String name) {
		return new TrainingRequest(name, "mlp", "mnist", TrainingOptions.DEFAULTS.withEpochs(1));
	}

	/** Starts {@code job}, cancels it and waits for it: its name must then be free again. */
	private static void cancel(Job job) throws InterruptedException {
		job.cancel();
		job.join(60_000, null);
		assertEquals(Job.NONE, job.getState(), "the job ended");
	}

	@Test
	void aSecondTrainingOfANameIsRefusedAtOnceUntilTheFirstEnds() throws Exception {
		Job first = training.train(request("twin"));
		first.schedule();
		String message = assertRefused(IllegalArgumentException.class, "'twin'", () -> training.train(request("twin")),
				"a training of 'twin' is running in this process");
		assertRefused(IllegalArgumentException.class, "'twin'", () -> training.train(request("TWIN")), "is running");
		assertRefused(ModelStoreException.class, "'twin'",
				() -> store.importPytorch(Store.seedPth(), "mlp", "twin"), "a training of 'twin' is running");
		assertTrue(message.contains("choose another name"), message);
		cancel(first);
		assertFalse(store.find("twin").isPresent());

		Job waiting = training.train(request("twin")); // free again
		waiting.schedule(60_000);
		cancel(waiting); // cancelled while it waited: released too
		Job again = training.train(request("twin"));
		again.schedule();
		cancel(again);
		Store.assertConsistent("after the trainings");
	}

	@Test
	void aTrainingInAnotherProcessHoldsItsNameUntilThatProcessDies() throws Exception {
		try (Child other = Child.loop("hold", "shared-name")) {
			other.await(ChildApplication.HELD, 60);
			assertRefused(IllegalArgumentException.class, "'shared-name'",
					() -> training.train(request("shared-name")),
					"a training of 'shared-name' is running in process " + other.pid());
			assertRefused(ModelStoreException.class, "'shared-name'",
					() -> store.importPytorch(Store.seedPth(), "mlp", "Shared-Name"), "is running in process");
			other.kill();
		}
		Job mine = training.train(request("shared-name")); // the dead process's reservation is stale
		mine.schedule();
		cancel(mine);
		try (Child next = Child.loop("check")) { // and the next start sweeps what is left of it
			next.await(ChildApplication.SWEPT, 60);
			Store.assertConsistent("after the other process died");
		}
	}

	private ImageSet mnistTest() throws Exception {
		var context = org.osgi.framework.FrameworkUtil.getBundle(getClass()).getBundleContext();
		for (var reference : context.getServiceReferences(DatasetProvider.class, "(dataset.id=mnist)")) {
			return context.getService(reference).load(Split.TEST, new NullProgressMonitor());
		}
		throw new AssertionError("no MNIST provider");
	}

	@Test
	void aModelDeletedWhileItIsEvaluatedIsEvaluatedToTheEnd() throws Exception {
		store.importPytorch(Store.seedPth(), "mlp", "evaluated");
		ImageSet test = mnistTest();
		EvaluationService evaluations = Store.service(EvaluationService.class);
		Evaluation expected;
		try (LoadedModel model = store.load("evaluated")) {
			expected = evaluations.evaluate(model, test, new NullProgressMonitor());
		}
		CountDownLatch started = new CountDownLatch(1);
		Evaluation during;
		try (LoadedModel model = store.load("evaluated")) {
			Future<Evaluation> evaluation = threads.submit(() -> evaluations.evaluate(model, test,
					new NullProgressMonitor() {
						@Override
						public void worked(int work) {
							started.countDown();
						}

						@Override
						public void internalWorked(double work) {
							started.countDown();
						}
					}));
			assertTrue(started.await(60, TimeUnit.SECONDS), "the evaluation started");
			store.delete("evaluated");
			during = evaluation.get(60, TimeUnit.SECONDS);
		}
		assertEquals(expected.accuracy(), during.accuracy(), "the same evaluation as without the delete");
		assertArrayEquals(expected.confusion()[3], during.confusion()[3]);
		assertFalse(store.find("evaluated").isPresent());
		Store.assertConsistent("after the delete");
	}

	@Test
	void aModelDeletedWhileItLoadsLoadsWholeOrIsGone() throws Exception {
		Path zip = temp.resolve("flicker.zip");
		store.importPytorch(Store.seedPth(), "mlp", "flicker");
		store.exportZip("flicker", zip);
		store.delete("flicker");
		int loaded = 0;
		int gone = 0;
		for (int run = 0; run < 20; run++) {
			store.importZip(zip, "flicker");
			int pause = run % 5; // the delete a little later each time: before, during and after the load
			CountDownLatch go = new CountDownLatch(1);
			Future<Boolean> load = threads.submit(() -> {
				go.await();
				try (LoadedModel model = store.load("flicker"); Classifier classifier = model.newClassifier()) {
					return classifier.probabilities(new float[784]).length == 10;
				} catch (ModelStoreException e) {
					assertEquals(1, e.getMessage().lines().count(), e.getMessage());
					assertTrue(e.getMessage().contains("'flicker'"), e.getMessage());
					return false;
				}
			});
			Future<?> delete = threads.submit((Callable<Void>) () -> {
				go.await();
				Thread.sleep(pause);
				store.delete("flicker");
				return null;
			});
			go.countDown();
			if (load.get(60, TimeUnit.SECONDS)) {
				loaded++;
			} else {
				gone++;
			}
			delete.get(60, TimeUnit.SECONDS);
			Store.assertConsistent("after run " + run);
		}
		assertEquals(20, loaded + gone);
		System.out.println("Deleted while loading: loaded whole " + loaded + " times, gone " + gone + " times");
	}

	@Test
	void twoImportsOfOneNameAtOnceMakeOneModel() throws Exception {
		Path zip = temp.resolve("twice.zip");
		store.importPytorch(Store.seedPth(), "mlp", "twice-source");
		store.exportZip("twice-source", zip);
		for (int run = 0; run < 10; run++) {
			CountDownLatch go = new CountDownLatch(1);
			List<Future<String>> imports = new ArrayList<>();
			for (int i = 0; i < 2; i++) {
				String name = run % 2 == 0 || i == 0 ? "twice" : "TWICE";
				imports.add(threads.submit(() -> {
					go.await();
					try {
						return store.importZip(zip, name).name();
					} catch (ModelStoreException e) {
						assertTrue(e.getMessage().contains("exists already") || e.getMessage().contains("only in case"),
								e.getMessage());
						return null;
					}
				}));
			}
			go.countDown();
			int made = 0;
			for (Future<String> f : imports) {
				made += f.get(60, TimeUnit.SECONDS) == null ? 0 : 1;
			}
			assertEquals(1, made, "run " + run + ": one import wins");
			assertEquals(2, Store.assertConsistent("run " + run).size());
			store.list().stream().filter(m -> !m.name().equals("twice-source")).forEach(m -> {
				try {
					store.delete(m.name());
				} catch (ModelStoreException e) {
					throw new AssertionError(e);
				}
			});
		}
	}
}
