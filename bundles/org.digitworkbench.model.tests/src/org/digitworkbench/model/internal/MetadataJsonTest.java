package org.digitworkbench.model.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.digitworkbench.dataset.Normalization;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelMetadata.ClassMetrics;
import org.digitworkbench.model.ModelStoreException;
import org.digitworkbench.model.TrainingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** metadata.json: what is written, what older files read as, and one line for each fault. */
class MetadataJsonTest {

	@TempDir
	Path temp;

	static ModelMetadata sample(Normalization normalization) {
		return new ModelMetadata("f", "resnet-tiny", "fashion-mnist", TrainingOptions.DEFAULTS.withEpochs(1), 1, 0.41,
				0.85, 0.43, 0.8481, List.of(new ClassMetrics("Trouser", 0.98, 0.96, 0.97, 1000)),
				new int[][] { { 1, 2 }, { 3, 4 } }, 39_000, Instant.parse("2026-11-25T07:12:00Z"), "PyTorch 2.7.1",
				"0.36.0", 28_554, "ab".repeat(32), "trained", normalization);
	}

	@Test
	void aModelsMetadataRoundTripsWithItsNormalisation() throws Exception {
		ModelMetadata written = sample(new Normalization(0.286f, 0.353f));
		MetadataJson.write(temp, written);
		String json = Files.readString(temp.resolve(MetadataJson.FILE));
		assertTrue(json.contains("\"normalization\": {\n    \"mean\": 0.286,\n    \"std\": 0.353\n  }"), json);
		assertTrue(json.contains("\"created\": \"2026-11-25T07:12:00Z\""), json);
		ModelMetadata read = MetadataJson.read(temp);
		assertEquals(written.normalization(), read.normalization());
		assertEquals(written.options(), read.options());
		assertEquals(written.perClass(), read.perClass());
		assertArrayEquals(written.confusion()[1], read.confusion()[1]);
		assertEquals(written.created(), read.created());
		assertEquals(written.withName("g").name(), read.withName("g").name());
		assertEquals(written.normalization(), read.withName("g").normalization(), "a rename keeps the figures");
	}

	@Test
	void unknownAccuracyIsWrittenAsNaNAndReadBack() throws Exception {
		ModelMetadata imported = new ModelMetadata("seed", "mlp", "mnist", TrainingOptions.DEFAULTS, 0, Double.NaN,
				Double.NaN, Double.NaN, Double.NaN, List.of(), new int[0][], 0, Instant.EPOCH, null, null, 0, null,
				"imported:seed.pth");
		assertEquals(Normalization.MNIST, imported.normalization(), "the constructor without figures means MNIST's");
		ModelMetadata read = MetadataJson.fromJson(MetadataJson.toJson(imported), "test");
		assertTrue(Double.isNaN(read.testAccuracy()));
	}

	@Test
	void metadataWrittenBeforeThereWereFiguresReadsAsMnists() throws Exception {
		String old = """
				{ "name": "old", "architectureId": "mlp", "datasetId": "mnist",
				  "options": { "epochs": 5, "batchSize": 64, "learningRate": 0.001, "seed": 42, "augment": false,
				               "validationFraction": 0.0 },
				  "epochsDone": 5, "testAccuracy": 0.9754, "created": "2026-11-20T10:00:00Z" }""";
		ModelMetadata read = MetadataJson.fromJson(old, "old.json");
		assertEquals(Normalization.MNIST, read.normalization());
		assertEquals(TrainingOptions.Schedule.CONSTANT, read.options().schedule());
		assertEquals(0.9754, read.testAccuracy());
	}

	@Test
	void eachFaultIsOneLineNamingTheFile() throws Exception {
		Path folder = Files.createDirectories(temp.resolve("m"));
		ModelStoreException missing = assertThrows(ModelStoreException.class, () -> MetadataJson.read(folder));
		assertEquals(folder.resolve("metadata.json") + ": missing; this folder is not a saved model", missing.getMessage());
		for (String bad : new String[] { "{", "[1, 2]", "{\"name\": \"x\", \"created\": \"yesterday\"}",
				"{\"name\": \"x\", \"architectureId\": \"mlp\", \"epochsDone\": \"abc\"}",
				"{\"name\": \"x\", \"architectureId\": \"mlp\", \"normalization\": {\"mean\": 0.1, \"std\": 0}}" }) {
			Files.writeString(folder.resolve("metadata.json"), bad);
			ModelStoreException e = assertThrows(ModelStoreException.class, () -> MetadataJson.read(folder), bad);
			assertTrue(e.getMessage().startsWith(folder.resolve("metadata.json") + ": not valid model metadata ("),
					e.getMessage());
			assertEquals(1, e.getMessage().lines().count(), e.getMessage());
		}
		Files.writeString(folder.resolve("metadata.json"), "{\"name\": \"x\"}");
		assertEquals(folder.resolve("metadata.json") + ": incomplete metadata (no name or architecture)",
				assertThrows(ModelStoreException.class, () -> MetadataJson.read(folder)).getMessage());
		assertEquals("the user's.zip: incomplete metadata (no name or architecture)",
				assertThrows(ModelStoreException.class, () -> MetadataJson.fromJson("null", "the user's.zip")).getMessage());
	}
}
