package org.digitworkbench.reliability.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.digitworkbench.files.FileTrees;
import org.digitworkbench.model.Classifier;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** The services as the product's bundles offer them in this runtime, and what the suite asks of the store. */
final class Store {

	private Store() {
	}

	static <S> S service(Class<S> type) {
		Thread.currentThread().setContextClassLoader(null); // as an application thread has it
		BundleContext context = FrameworkUtil.getBundle(Store.class).getBundleContext();
		ServiceTracker<S, S> tracker = new ServiceTracker<>(context, type, null);
		tracker.open();
		try {
			S service = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
			assertNotNull(service, type.getSimpleName() + " is registered");
			return service;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
	}

	static ModelStore store() {
		return service(ModelStore.class);
	}

	/** Each test starts from an empty store (the data folder survives builds without {@code clean}). */
	static void empty() throws IOException {
		Path models = store().directory();
		FileTrees.delete(models);
		Files.createDirectories(models);
	}

	/** The fixtures' seed state_dict, which imports as {@code mlp}. */
	static Path seedPth() {
		return Path.of(System.getProperty("digitworkbench.fixtures"), "pth", "seed-architecture-random.pth");
	}

	/** The names in {@code folder}. */
	static Set<String> names(Path folder) throws IOException {
		if (!Files.isDirectory(folder)) {
			return Set.of();
		}
		try (Stream<Path> all = Files.list(folder)) {
			return all.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
		}
	}

	/**
	 * What a start of the product must leave: every listed model loads and predicts, every folder in the store is a
	 * listed model, and nothing else is there but the active-model file, the lock file and the checkpoints' folder:
	 * no half-written folder, no folder being deleted or replaced, no temporary file, no reservation.
	 *
	 * @return the listed models
	 */
	static List<ModelMetadata> assertConsistent(String when) throws Exception {
		ModelStore store = store();
		List<ModelMetadata> listed = store.list();
		Set<String> expected = new TreeSet<>(listed.stream().map(ModelMetadata::name).toList());
		for (ModelMetadata model : listed) {
			try (LoadedModel loaded = store.load(model.name()); Classifier classifier = loaded.newClassifier()) {
				float[] probabilities = classifier.probabilities(new float[784]);
				assertEquals(10, probabilities.length);
			} catch (Exception e) {
				throw new AssertionError(when + ": listed model " + model.name() + " does not load: " + e.getMessage(), e);
			}
		}
		Set<String> present = names(store.directory());
		present.remove("active");
		present.remove(".checkpoints");
		present.remove(".lock"); // the store's lock file, which is there for good
		assertEquals(expected, present, when + ": the store holds exactly the listed models");
		Path checkpoints = store.directory().resolve(".checkpoints");
		assertTrue(names(checkpoints).stream().noneMatch(n -> n.startsWith(".")),
				when + ": checkpoints " + names(checkpoints));
		return listed;
	}
}
