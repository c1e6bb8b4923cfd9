package org.digitworkbench.model.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.digitworkbench.engine.EngineService;
import org.digitworkbench.model.ActiveModel;
import org.digitworkbench.model.ActiveModelEvents;
import org.digitworkbench.model.Classifier;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;


/** The shared active model on the real store: opened once, in order, lent out, and closed when nobody needs it. */
class ActiveModelTest {

	private static final String A = "active-a";
	private static final String B = "active-b";
	private static ModelStore store;
	private static ActiveModel active;
	private static BundleContext context;

	@BeforeAll
	static void twoModels() throws Exception {
		Thread.currentThread().setContextClassLoader(null);
		context = FrameworkUtil.getBundle(ActiveModelTest.class).getBundleContext();
		store = Networks.service(ModelStore.class);
		Networks.service(EngineService.class).awaitReady();
		for (String name : List.of(A, B, A + "-renamed")) {
			if (store.find(name).isPresent()) {
				store.delete(name);
			}
		}
		save(A);
		save(B);
		active = Networks.service(ActiveModel.class);
	}

	private static void save(String name) throws Exception {
		Networks.saveInitialised(store, new MlpArchitecture(), name);
	}

	private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!condition.getAsBoolean()) {
			assertTrue(System.nanoTime() < end, "timed out waiting for " + what + "; state " + active.state());
			Thread.sleep(10);
		}
	}

	private static boolean loaded(String name) {
		ActiveModel.State state = active.state();
		return state.status() == ActiveModel.Status.LOADED && name.equals(state.name());
	}

	@Test
	void theNewestActivationWinsHoweverTheLoadsInterleave() throws Exception {
		List<ActiveModel.State> states = new CopyOnWriteArrayList<>();
		Hashtable<String, Object> topic = new Hashtable<>();
		topic.put(EventConstants.EVENT_TOPIC, ActiveModelEvents.CHANGED);
		ServiceRegistration<EventHandler> listener = context.registerService(EventHandler.class,
				e -> states.add((ActiveModel.State) e.getProperty(ActiveModelEvents.STATE)), topic);
		try {
			for (int i = 0; i < 10; i++) { // each activation starts while the one before may still be opening
				store.setActiveModel(i % 2 == 0 ? A : B);
			}
			store.setActiveModel(A);
			waitFor(() -> loaded(A), A + " loaded last");
			Thread.sleep(500); // any load still under way would end by now
			assertTrue(loaded(A), "still " + A + ": " + active.state());
			ActiveModel.State last = states.get(states.size() - 1);
			assertEquals(A, last.name(), "the last event names the newest activation: " + states);
			assertEquals(ActiveModel.Status.LOADED, last.status());
			long loadedEvents = states.stream().filter(s -> s.status() == ActiveModel.Status.LOADED).count();
			assertTrue(loadedEvents < 11, "stale requests are skipped, not each loaded: " + loadedEvents + " loads");
		} finally {
			listener.unregister();
		}
		try (LoadedModel lease = active.acquire().orElseThrow()) {
			assertEquals(A, lease.metadata().name());
		}
	}

	@Test
	void aLeaseOutlivesTheNextActivationAndIsClosedOnlyOnceReturned() throws Exception {
		store.setActiveModel(A);
		waitFor(() -> loaded(A), A);
		LoadedModel leaseOnA = active.acquire().orElseThrow();
		float[] image = new float[784];
		float[] before;
		try (Classifier classifier = leaseOnA.newClassifier()) {
			before = classifier.probabilities(image);
		}
		store.setActiveModel(B);
		waitFor(() -> loaded(B), B);
		try (Classifier classifier = leaseOnA.newClassifier()) { // A is no longer active, but still lent out
			assertEquals(10, classifier.probabilities(image).length);
			assertEquals(before[3], classifier.probabilities(image)[3], 1e-6f);
		}
		leaseOnA.close();
		leaseOnA.close(); // twice is harmless
		assertThrows(IllegalStateException.class, leaseOnA::newClassifier, "a returned lease is not used again");
		try (LoadedModel leaseOnB = active.acquire().orElseThrow()) {
			assertEquals(B, leaseOnB.metadata().name());
		}
	}

	@Test
	void aRenameIsFollowedAndADeletionLeavesNone() throws Exception {
		store.setActiveModel(A);
		waitFor(() -> loaded(A), A);
		store.rename(A, A + "-renamed");
		waitFor(() -> loaded(A + "-renamed"), "the renamed model");
		store.delete(A + "-renamed");
		waitFor(() -> active.state().status() == ActiveModel.Status.NONE, "no active model");
		assertTrue(active.acquire().isEmpty());
		save(A);
	}
}
