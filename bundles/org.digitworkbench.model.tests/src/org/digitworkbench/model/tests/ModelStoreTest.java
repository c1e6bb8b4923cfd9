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
import org.digitworkbench.model.NameReservation;
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
		assertEquals(Files.getPosixFilePermissions(Files.createFile(temp.resolve("plain"))),
				Files.getPosixFilePermissions(zip), "an export can be read as any new file can (not 0600)");
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
		Path zip = temp.resolve("damaged.zip");
		Files.writeString(zip, "an older export, kept");
		ModelStoreException export = assertThrows(ModelStoreException.class, () -> store.exportZip("damaged", zip));
		assertTrue(export.getMessage().startsWith("could not export 'damaged': " + parameters + ": damaged (SHA-256"),
				export.getMessage());
		assertEquals("an older export, kept", Files.readString(zip), "a damaged model is never exported");
		try (var left = Files.list(temp)) {
			assertEquals(List.of(zip), left.toList(), "and nothing is left beside the zip");
		}

		// what a process killed in the middle of a save leaves behind
		Path leftover = Files.createDirectories(store.directory().resolve(".tmp-killed"));
		Files.write(leftover.resolve("parameters.bin"), new byte[] { 1, 2, 3 });
		Path noMetadata = Files.createDirectories(store.directory().resolve("no-metadata"));
		Files.write(noMetadata.resolve("parameters.bin"), new byte[] { 1, 2, 3 });
		assertTrue(store.list().stream().noneMatch(m -> m.name().startsWith(".tmp") || m.name().equals("no-metadata")));
		assertThrows(ModelStoreException.class, () -> store.load("no-metadata"));
		assertThrows(ModelStoreException.class, () -> store.importPytorch(fixtures.resolve("legacy-format.pth"), "mlp", "../escape"));
	}

	@Test
	void theFolderNameIsTheModelsNameEvenBeforeItsMetadataIsRewritten() throws Exception {
		store.importPytorch(fixtures.resolve("seed-architecture-random.pth"), "mlp", "before-kill");
		// what a rename killed between its one rename and the rewrite of metadata.json leaves
		Files.move(store.directory().resolve("before-kill"), store.directory().resolve("after-kill"));
		assertTrue(store.find("after-kill").isPresent() && store.find("before-kill").isEmpty());
		try (LoadedModel model = store.load("after-kill")) {
			assertEquals("after-kill", model.metadata().name());
		}
		Path zip = temp.resolve("after.zip");
		store.exportZip("after-kill", zip);
		store.delete("after-kill");
		assertEquals("after-kill", store.importZip(zip, null).name(), "the export carries the folder's name");
		store.delete("after-kill");
	}

	@Test
	void aReservedNameIsTakenUntilTheReservationIsClosed() throws Exception {
		try (NameReservation held = store.reserve("held")) {
			assertEquals("held", held.name());
			ModelStoreException twice = assertThrows(ModelStoreException.class, () -> store.reserve("held"));
			assertEquals("a training of 'held' is running in this process; its name is taken until it ends (choose"
					+ " another name)", twice.getMessage());
			assertThrows(ModelStoreException.class, () -> store.reserve("HELD"), "case aside");
			assertThrows(ModelStoreException.class,
					() -> store.importPytorch(fixtures.resolve("seed-architecture-random.pth"), "mlp", "held"));
			assertTrue(store.find("held").isEmpty());
		}
		store.importPytorch(fixtures.resolve("seed-architecture-random.pth"), "mlp", "held"); // free again
		ModelStoreException taken = assertThrows(ModelStoreException.class, () -> store.reserve("Held"));
		assertTrue(taken.getMessage().contains("differs from it only in case"), taken.getMessage());
		store.delete("held");
		try (var listing = Files.list(store.directory())) {
			assertTrue(listing.noneMatch(p -> p.getFileName().toString().startsWith(".reserved-")),
					"a closed reservation leaves no file");
		}
	}

	@Test
	void aModelWhoseMetadataRecordsNoChecksumIsNotAModel() throws Exception {
		store.importPytorch(fixtures.resolve("seed-architecture-random.pth"), "mlp", "unchecked");
		Path metadata = store.directory().resolve("unchecked").resolve("metadata.json");
		Files.writeString(metadata, Files.readString(metadata).replaceAll("\"parametersSha256\": \"[0-9a-f]+\"",
				"\"parametersSha256\": null"));
		assertTrue(store.find("unchecked").isEmpty(), "not listed: it could not be loaded");
		ModelStoreException e = assertThrows(ModelStoreException.class, () -> store.load("unchecked"));
		assertTrue(e.getMessage().startsWith(metadata + ": records no SHA-256 of the parameters"), e.getMessage());
		store.delete("unchecked");
	}

	@Test
	void renamingOntoAModelOrACaseVariantOfOneIsRefusedAndACaseChangeIsNot() throws Exception {
		store.importPytorch(fixtures.resolve("seed-architecture-random.pth"), "mlp", "first");
		store.importPytorch(fixtures.resolve("seed-architecture-random.pth"), "mlp", "second");
		assertTrue(assertThrows(ModelStoreException.class, () -> store.rename("first", "second")).getMessage()
				.contains("exists already"));
		assertTrue(assertThrows(ModelStoreException.class, () -> store.rename("first", "SECOND")).getMessage()
				.contains("differs from it only in case"));
		assertEquals("First", store.rename("first", "First").name());
		assertTrue(store.find("First").isPresent() && store.find("first").isEmpty());
		store.delete("First");
		store.delete("second");
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
