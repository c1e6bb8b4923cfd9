package org.digitworkbench.model.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.digitworkbench.model.Classifier;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** The model store through its OSGi service, with the shared .pth fixtures and the real MNIST test images. */
class ModelStoreTest {

	private static ModelStore store;
	private static Path fixtures;

	@TempDir
	Path temp;

	@BeforeAll
	static void service() throws Exception {
		Thread.currentThread().setContextClassLoader(null);
		BundleContext context = FrameworkUtil.getBundle(ModelStoreTest.class).getBundleContext();
		ServiceTracker<ModelStore, ModelStore> tracker = new ServiceTracker<>(context, ModelStore.class, null);
		tracker.open();
		store = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
		assertNotNull(store, "ModelStore is registered");
		emptyStore(store.directory());
		fixtures = Path.of(System.getProperty("digitworkbench.fixtures"), "pth");
		assertTrue(Files.isDirectory(fixtures), "fixtures in " + fixtures);
	}

	/** The first {@code n} MNIST test images as the model takes them: pixel/255, then (x − 0.1307)/0.3081. */
	static float[] firstTestImages(int n) throws IOException {
		byte[] bytes = Files.readAllBytes(Path.of(System.getProperty("digitworkbench.mnist"), "t10k-images-idx3-ubyte"));
		float[] out = new float[n * 784];
		for (int i = 0; i < out.length; i++) {
			out[i] = (Byte.toUnsignedInt(bytes[16 + i]) / 255f - 0.1307f) / 0.3081f;
		}
		return out;
	}

	@Test
	void anImportedSeedStateDictPredictsWhatPyTorchPredicts() throws Exception {
		ModelMetadata imported = store.importPytorch(fixtures.resolve("seed-architecture-random.pth"), "mlp", "seed-random");
		assertEquals(567_434, imported.parameterCount());
		List<String> csv = Files.readAllLines(fixtures.resolve("seed-architecture-random.expected.csv"));
		float[] images = firstTestImages(100);
		try (LoadedModel model = store.load("seed-random"); Classifier classifier = model.newClassifier()) {
			float[] probabilities = classifier.probabilities(images, 100);
			for (int i = 0; i < 100; i++) {
				String[] cells = csv.get(i + 1).split(",");
				double[] logits = new double[10];
				double max = Double.NEGATIVE_INFINITY;
				for (int c = 0; c < 10; c++) {
					logits[c] = Double.parseDouble(cells[c + 1]);
					max = Math.max(max, logits[c]);
				}
				double sum = 0;
				for (double l : logits) {
					sum += Math.exp(l - max);
				}
				for (int c = 0; c < 10; c++) {
					double expected = Math.exp(logits[c] - max) / sum; // softmax of PyTorch's logits
					assertEquals(expected, probabilities[i * 10 + c], 1e-4, "image " + i + " class " + c);
				}
			}
		}
	}

	@Test
	void aMaliciousPthIsRefusedNamingTheGlobalAndNothingIsSaved() {
		ModelStoreException e = assertThrows(ModelStoreException.class,
				() -> store.importPytorch(fixtures.resolve("malicious.pth"), "mlp", "evil"));
		assertTrue(e.getMessage().contains("system"), e.getMessage());
		assertFalse(store.find("evil").isPresent());
		ModelStoreException truncated = assertThrows(ModelStoreException.class,
				() -> store.importPytorch(fixtures.resolve("truncated.pth"), "mlp", "cut"));
		assertTrue(truncated.getMessage().contains("truncated.pth"), truncated.getMessage());
	}

	@Test
	void saveListLoadRenameExportImportDeleteAndActive() throws Exception {
		store.importPytorch(fixtures.resolve("seed-architecture-random.pth"), "mlp", "round-trip");
		float[] images = firstTestImages(5);
		float[] before;
		try (LoadedModel model = store.load("round-trip"); Classifier classifier = model.newClassifier()) {
			before = classifier.probabilities(images, 5);
		}
		store.setActiveModel("round-trip");
		store.rename("round-trip", "renamed");
		assertEquals("renamed", store.activeModel().orElseThrow(), "the active model follows a rename");
		Path zip = temp.resolve("renamed.zip");
		store.exportZip("renamed", zip);
		store.importZip(zip, "from-zip");
		try (LoadedModel model = store.load("from-zip"); Classifier classifier = model.newClassifier()) {
			assertArrayEquals(before, classifier.probabilities(images, 5), 1e-6f);
		}
		try (LoadedModel model = store.loadFrom(zip)) {
			assertEquals("renamed", model.metadata().name());
		}
		store.delete("renamed");
		store.delete("from-zip");
		assertFalse(store.find("renamed").isPresent());
		assertTrue(store.activeModel().isEmpty(), "deleting the active model clears it");
		assertThrows(ModelStoreException.class, () -> store.delete("renamed"));
	}

	@Test
	void halfWrittenAndDamagedModelsAreNotValid() throws Exception {
		store.importPytorch(fixtures.resolve("seed-architecture-random.pth"), "mlp", "damaged");
		Path parameters = store.directory().resolve("damaged").resolve("parameters.bin");
		byte[] bytes = Files.readAllBytes(parameters);
		bytes[bytes.length / 2] ^= 0x55;
		Files.write(parameters, bytes);
		ModelStoreException e = assertThrows(ModelStoreException.class, () -> store.load("damaged"));
		assertTrue(e.getMessage().contains(parameters.toString()) && e.getMessage().contains("SHA-256"), e.getMessage());

		// what a process killed in the middle of a save leaves behind
		Path leftover = Files.createDirectories(store.directory().resolve(".tmp-killed"));
		Files.write(leftover.resolve("parameters.bin"), new byte[] { 1, 2, 3 });
		Path noMetadata = Files.createDirectories(store.directory().resolve("no-metadata"));
		Files.write(noMetadata.resolve("parameters.bin"), new byte[] { 1, 2, 3 });
		assertTrue(store.list().stream().noneMatch(m -> m.name().startsWith(".tmp") || m.name().equals("no-metadata")));
		assertThrows(ModelStoreException.class, () -> store.load("no-metadata"));
		assertThrows(ModelStoreException.class, () -> store.importPytorch(fixtures.resolve("legacy-format.pth"), "mlp", "../escape"));
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
