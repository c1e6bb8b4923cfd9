package org.digitworkbench.reliability.tests;

import static org.digitworkbench.reliability.tests.Refusals.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.digitworkbench.dataset.IdxDataset;
import org.digitworkbench.dataset.IdxFiles;
import org.digitworkbench.dataset.IdxFormatException;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Normalization;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.files.Sha256;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreException;
import org.digitworkbench.preprocess.ImageFiles;
import org.digitworkbench.preprocess.InkImage;
import org.digitworkbench.preprocess.Pipelines;
import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceRegistration;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;

/**
 * The corpus of bad input, generated here, each case with its expected outcome: IDX files, {@code .pth} files, model
 * zips and images. A refusal is one line naming the user's file and the reason ({@link Refusals}); a refused import
 * adds no model and leaves nothing in the store ({@link Store#assertConsistent}).
 */
class CorpusTest {

	@TempDir
	static Path temp;

	private static ModelStore store;
	/** An exported model: the good zip the bad ones are made from. */
	private static Path goodZip;
	private static Map<String, byte[]> good;
	private static String goodMetadata;

	@BeforeAll
	static void goodModel() throws Exception {
		Store.empty();
		store = Store.store();
		store.importPytorch(Store.seedPth(), "mlp", "corpus-source");
		goodZip = temp.resolve("good.zip");
		store.exportZip("corpus-source", goodZip);
		good = Corpus.entries(goodZip);
		goodMetadata = new String(good.get("metadata.json"), StandardCharsets.UTF_8);
	}

	private static DynamicTest test(String name, ThrowingRunnable body) {
		return DynamicTest.dynamicTest(name, body::run);
	}

	@FunctionalInterface
	interface ThrowingRunnable {
		void run() throws Throwable;
	}

	// --- IDX files

	private static void refusedIdx(Path file, boolean images, String... reason) {
		assertRefused(IOException.class, file.toString(),
				() -> {
					if (images) {
						IdxFiles.readImages(file);
					} else {
						IdxFiles.readLabels(file);
					}
				}, reason);
	}

	@TestFactory
	Stream<DynamicTest> idxFiles() throws IOException {
		Path idx = Files.createDirectories(temp.resolve("idx"));
		List<DynamicTest> cases = new ArrayList<>();
		cases.add(test("a 16-byte header claiming 60,000 images is refused before 47 MB are allocated", () -> {
			Path file = Files.write(idx.resolve("header-only"), Corpus.idxHeader(0x803, 60_000, 28, 28));
			refusedIdx(file, true, "truncated", "60000 images of 28×28 pixels", "47040016 bytes", "the file has 16");
		}));
		cases.add(test("a gzip file claiming more images than its compressed length can hold is refused", () -> {
			// a million blank images would unpack to 784 MB; 1 MB of zeros compressed is what the file holds
			Path file = Corpus.gzipWithZeros(idx.resolve("million-blank.gz"), Corpus.idxHeader(0x803, 1_000_000, 28,
					28), 1 << 20);
			refusedIdx(file, true, "1000000 images of 28×28 pixels", "more than", "bytes of gzip data can hold");
		}));
		cases.add(test("more images than a file may hold are refused from the header", () -> {
			Path file = Files.write(idx.resolve("too-many.gz"),
					Corpus.gzip(Corpus.idxHeader(0x803, 2_700_000, 28, 28)));
			refusedIdx(file, true, "image count 2700000 is out of range 1..1000000");
		}));
		cases.add(test("more pixel bytes than a file may hold are refused from the header", () -> {
			Path file = Files.write(idx.resolve("too-large"), Corpus.idxHeader(0x803, 1_000_000, 1024, 1024));
			refusedIdx(file, true, "(1048576000000 bytes), more than the 1073741824 bytes an images file may hold");
		}));
		cases.add(test("a gzip file that ends early says where", () -> {
			byte[] whole = Corpus.idxImages(100, 28, 28);
			Path file = Files.write(idx.resolve("half.gz"),
					Corpus.gzip(java.util.Arrays.copyOf(whole, 16 + 50 * 784)));
			refusedIdx(file, true, "truncated", "100 images", "found " + (16 + 50 * 784));
		}));
		cases.add(test("a raw file longer than its header says is refused", () -> {
			byte[] whole = Corpus.idxImages(3, 28, 28);
			Path file = Files.write(idx.resolve("longer"), java.util.Arrays.copyOf(whole, whole.length + 5));
			refusedIdx(file, true, "longer than its header says", "3 images");
		}));
		cases.add(test("a labels file read as images, and images as labels", () -> {
			Path labels = Files.write(idx.resolve("labels"), Corpus.idxLabels((byte) 1, (byte) 2));
			refusedIdx(labels, true, "wrong magic", "this is a label file");
			Path images = Files.write(idx.resolve("images"), Corpus.idxImages(2, 28, 28));
			refusedIdx(images, false, "wrong magic", "this is an image file");
		}));
		cases.add(test("a negative count, an empty file, damaged gzip data, a folder", () -> {
			refusedIdx(Files.write(idx.resolve("negative"), Corpus.idxHeader(0x803, -1, 28, 28)), true,
					"image count 4294967295 is out of range");
			refusedIdx(Files.write(idx.resolve("empty"), new byte[0]), true, "truncated", "inside the header");
			byte[] gzip = Corpus.gzip(Corpus.idxImages(20, 28, 28));
			gzip[gzip.length / 2] ^= 0x5a;
			gzip[gzip.length / 2 + 1] ^= 0x5a;
			refusedIdx(Files.write(idx.resolve("damaged.gz"), gzip), true, "damaged gzip data");
			refusedIdx(Files.createDirectories(idx.resolve("a-folder")), true, "is a folder");
		}));
		cases.add(test("a good file is read", () -> {
			Path file = Files.write(idx.resolve("good.gz"), Corpus.gzip(Corpus.idxImages(5, 28, 28)));
			assertEquals(5, IdxFiles.readImages(file).count());
		}));
		IdxDataset mnistLike = new IdxDataset("reliability", "MNIST", List.of("0", "1", "2", "3", "4", "5", "6", "7",
				"8", "9"), 28, 28, Normalization.MNIST);
		cases.add(test("images of 14×56 or 20×20 pixels are not read as MNIST's 28×28", () -> {
			for (int[] size : new int[][] { { 14, 56 }, { 20, 20 } }) {
				Path folder = Files.createDirectories(idx.resolve("size-" + size[0] + "x" + size[1]));
				Files.write(folder.resolve(IdxDataset.TEST_IMAGES), Corpus.idxImages(3, size[0], size[1]));
				Files.write(folder.resolve(IdxDataset.TEST_LABELS), Corpus.idxLabels((byte) 1, (byte) 1, (byte) 1));
				assertRefused(IdxFormatException.class, folder.resolve(IdxDataset.TEST_IMAGES).toString(),
						() -> mnistLike.read(folder, Split.TEST, new NullProgressMonitor()),
						"images are " + size[0] + "×" + size[1] + ", MNIST's are 28×28");
			}
		}));
		cases.add(test("labels that do not match the images, or name no class", () -> {
			Path folder = Files.createDirectories(idx.resolve("labels-off"));
			Files.write(folder.resolve(IdxDataset.TEST_IMAGES), Corpus.idxImages(3, 28, 28));
			Files.write(folder.resolve(IdxDataset.TEST_LABELS), Corpus.idxLabels((byte) 1, (byte) 1));
			assertRefused(IdxFormatException.class, folder.resolve(IdxDataset.TEST_LABELS).toString(),
					() -> mnistLike.read(folder, Split.TEST, new NullProgressMonitor()), "2 labels for 3 images");
			Files.write(folder.resolve(IdxDataset.TEST_LABELS), Corpus.idxLabels((byte) 1, (byte) 11, (byte) 1));
			assertRefused(IdxFormatException.class, folder.resolve(IdxDataset.TEST_LABELS).toString(),
					() -> mnistLike.read(folder, Split.TEST, new NullProgressMonitor()),
					"label 11 of item 1 is not one of the 10 classes");
			Files.write(folder.resolve(IdxDataset.TEST_LABELS), Corpus.idxLabels((byte) 1, (byte) 2, (byte) 3));
			ImageSet read = mnistLike.read(folder, Split.TEST, new NullProgressMonitor());
			assertEquals(3, read.count());
		}));
		return cases.stream();
	}

	@Test
	void aTrainingOnFilesThatLieFailsNamingTheFileNotWithAnInternalError() throws Exception {
		Path folder = Files.createDirectories(temp.resolve("lying-dataset"));
		Corpus.gzipWithZeros(folder.resolve(IdxDataset.TRAIN_IMAGES + ".gz"), Corpus.idxHeader(0x803, 1_000_000, 28, 28),
				1 << 20); // "a million blank images"
		Files.write(folder.resolve(IdxDataset.TRAIN_LABELS), Corpus.idxLabels(new byte[10]));
		Files.write(folder.resolve(IdxDataset.TEST_IMAGES), Corpus.idxImages(10, 28, 28));
		Files.write(folder.resolve(IdxDataset.TEST_LABELS), Corpus.idxLabels(new byte[10]));
		IdxDataset lying = new IdxDataset("lying", "Lying", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"),
				28, 28, Normalization.MNIST);
		DatasetProvider provider = new DatasetProvider() {
			public String id() { return "lying"; }
			public String displayName() { return "Lying"; }
			public List<String> classNames() { return lying.classNames(); }
			public int imageRows() { return 28; }
			public int imageColumns() { return 28; }
			public Path location() { return folder; }
			public boolean isAvailable() { return true; }
			public void fetch(IProgressMonitor monitor) { }
			public ImageSet load(Split split, IProgressMonitor monitor) throws IOException {
				return lying.read(folder, split, monitor);
			}
		};
		var context = FrameworkUtil.getBundle(getClass()).getBundleContext();
		ServiceRegistration<DatasetProvider> registration = context.registerService(DatasetProvider.class, provider,
				null);
		try {
			TrainingService training = Store.service(TrainingService.class);
			Job job = null;
			for (int attempt = 0; job == null; attempt++) { // the service sees the new dataset shortly
				try {
					job = training.train(new TrainingRequest("on-lying-files", "mlp", "lying",
							TrainingOptions.DEFAULTS.withEpochs(1)));
				} catch (IllegalArgumentException e) {
					assertTrue(attempt < 50 && e.getMessage().contains("unknown dataset"), e.getMessage());
					Thread.sleep(100);
				}
			}
			job.schedule();
			job.join();
			IStatus result = job.getResult();
			assertEquals(IStatus.ERROR, result.getSeverity(), result.toString());
			assertTrue(result.getMessage().contains(folder.resolve(IdxDataset.TRAIN_IMAGES + ".gz").toString())
					&& result.getMessage().contains("bytes of gzip data can hold"), result.getMessage());
			assertFalse(store.find("on-lying-files").isPresent());
		} finally {
			registration.unregister();
		}
	}

	// --- .pth files

	private static Path pth(String name, Map<String, byte[]> entries) throws IOException {
		return Corpus.stored(Files.createDirectories(temp.resolve("pth")).resolve(name), entries);
	}

	/** The seed fixture's entries with its first storage changed by {@code change}. */
	private static Map<String, byte[]> seedWith(java.util.function.UnaryOperator<byte[]> change) throws IOException {
		Map<String, byte[]> entries = Corpus.entries(Store.seedPth());
		String storage = entries.keySet().stream().filter(n -> n.matches("[^/]+/data/0")).findFirst().orElseThrow();
		entries.put(storage, change.apply(entries.get(storage)));
		return entries;
	}

	private void refusedPth(Path file, String model, String... reason) throws Exception {
		assertRefused(ModelStoreException.class, file.getFileName().toString(),
				() -> store.importPytorch(file, "mlp", model), reason);
		assertFalse(store.find(model).isPresent(), "nothing imported");
		Store.assertConsistent("after refusing " + file);
	}

	@TestFactory
	Stream<DynamicTest> pthFiles() throws IOException {
		Path fixtures = Store.seedPth().getParent();
		List<DynamicTest> cases = new ArrayList<>();
		cases.add(test("NaN and infinite weights are refused, naming the tensor", () -> {
			refusedPth(pth("nan.pth", seedWith(b -> Corpus.withFloat(b, 40, Float.NaN))), "nan", "network.",
					"holds NaN (value 10 of ");
			refusedPth(pth("inf.pth", seedWith(b -> Corpus.withFloat(b, 0, Float.NEGATIVE_INFINITY))), "inf",
					"holds an infinite value (value 0 of ");
		}));
		cases.add(test("the committed fixtures that are not state_dicts are refused", () -> {
			refusedPth(fixtures.resolve("malicious.pth"), "evil", "system");
			refusedPth(fixtures.resolve("legacy-format.pth"), "legacy", "legacy (pre-1.6) serialisation format");
			refusedPth(fixtures.resolve("truncated.pth"), "cut", "damaged or incomplete");
		}));
		cases.add(test("an empty file, random bytes, a folder, a missing file", () -> {
			Path dir = Files.createDirectories(temp.resolve("pth"));
			refusedPth(Files.write(dir.resolve("empty.pth"), new byte[0]), "empty", "the file is empty");
			refusedPth(Files.write(dir.resolve("random.pth"), "not a zip at all".getBytes(StandardCharsets.US_ASCII)),
					"random", "not a zip archive");
			refusedPth(Files.createDirectories(dir.resolve("folder.pth")), "folder", "is a folder");
			refusedPth(dir.resolve("absent.pth"), "absent", "does not exist");
		}));
		cases.add(test("a state_dict of another network does not fit", () -> {
			Map<String, byte[]> entries = Corpus.entries(Store.seedPth());
			String storage = entries.keySet().stream().filter(n -> n.matches("[^/]+/data/0")).findFirst().orElseThrow();
			entries.put(storage, java.util.Arrays.copyOf(entries.get(storage), 400)); // fewer values than the shape
			refusedPth(pth("short-storage.pth", entries), "short", "holds 400 bytes");
		}));
		cases.add(test("huge but finite weights import (their predictions are then unknown: NaN)", () -> {
			ModelMetadata imported = store.importPytorch(pth("huge.pth", seedWith(b -> Corpus.scaled(b, 1e30f))), "mlp",
					"huge-weights");
			assertTrue(Double.isNaN(imported.testAccuracy()));
			store.delete("huge-weights");
		}));
		return cases.stream();
	}

	// --- model zips

	private static Path zip(String name, Map<String, byte[]> entries) throws IOException {
		return Corpus.deflated(Files.createDirectories(temp.resolve("zips")).resolve(name), entries);
	}

	private static Map<String, byte[]> goodWith(String entry, byte[] bytes) {
		Map<String, byte[]> entries = new LinkedHashMap<>(good);
		if (bytes == null) {
			entries.remove(entry);
		} else {
			entries.put(entry, bytes);
		}
		return entries;
	}

	private static Map<String, byte[]> goodWithMetadata(String from, String to) {
		assertTrue(goodMetadata.contains(from), from + " in " + goodMetadata);
		return goodWith("metadata.json", goodMetadata.replace(from, to).getBytes(StandardCharsets.UTF_8));
	}

	/** Both ways in: import, and use in place ({@code --model FILE.zip}). */
	private void refusedZip(Path file, String... reason) throws Exception {
		refusedZip(file, true, reason);
	}

	private void refusedZip(Path file, boolean inPlaceToo, String... reason) throws Exception {
		refusedZip(file, "zip-import", inPlaceToo, reason);
	}

	/** @param name the name to import it under, null for the one in its metadata */
	private void refusedZip(Path file, String name, boolean inPlaceToo, String... reason) throws Exception {
		int before = store.list().size();
		assertRefused(ModelStoreException.class, file.toString(), () -> store.importZip(file, name), reason);
		if (inPlaceToo) {
			assertRefused(ModelStoreException.class, file.toString(), () -> store.loadFrom(file).close(), reason);
		}
		assertEquals(before, store.list().size(), "nothing imported");
		Store.assertConsistent("after refusing " + file);
	}

	/** Parameters in DJL's format for the seed MLP with {@code value} at the first weight. */
	private static byte[] mlpParametersWith(float value) throws Exception {
		ModelArchitecture mlp = architecture("mlp");
		try (Model model = Model.newInstance("nan")) {
			Block block = mlp.newBlock();
			model.setBlock(block);
			block.initialize(model.getNDManager(), DataType.FLOAT32, mlp.inputShape(1));
			NDArray weights = block.getParameters().valueAt(0).getArray();
			float[] values = weights.toFloatArray();
			values[0] = value;
			weights.set(values);
			ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			block.saveParameters(new DataOutputStream(bytes));
			return bytes.toByteArray();
		}
	}

	private static ModelArchitecture architecture(String id) throws Exception {
		var context = org.osgi.framework.FrameworkUtil.getBundle(CorpusTest.class).getBundleContext();
		for (var reference : context.getServiceReferences(ModelArchitecture.class, null)) {
			ModelArchitecture architecture = context.getService(reference);
			if (architecture.id().equals(id)) {
				return architecture;
			}
		}
		throw new AssertionError("no architecture " + id);
	}

	@TestFactory
	Stream<DynamicTest> modelZips() throws IOException {
		List<DynamicTest> cases = new ArrayList<>();
		String sha = goodMetadata.replaceAll("(?s).*\"parametersSha256\": \"([0-9a-f]{64})\".*", "$1");
		cases.add(test("a zip whose metadata records no checksum is refused (its damage could never be found)", () -> {
			refusedZip(zip("no-checksum.zip", goodWithMetadata("\"" + sha + "\"", "null")), "metadata.json",
					"records no SHA-256 of the parameters");
			refusedZip(zip("bad-checksum.zip", goodWithMetadata(sha, "abc")), "'abc' as the SHA-256");
		}));
		cases.add(test("damaged parameters are refused by their checksum", () -> {
			byte[] parameters = good.get("parameters.bin").clone();
			parameters[parameters.length / 2] ^= 0x55;
			refusedZip(zip("damaged.zip", goodWith("parameters.bin", parameters)), "parameters.bin", "damaged (SHA-256");
		}));
		cases.add(test("a 2 MiB metadata.json is refused from its declared size", () -> {
			String padded = goodMetadata.replaceFirst("\\{", "{" + " ".repeat(2 << 20));
			refusedZip(zip("metadata-bomb.zip", goodWith("metadata.json", padded.getBytes(StandardCharsets.UTF_8))),
					"metadata.json unpacks to", "more than the 1048576 model metadata may have");
		}));
		cases.add(test("parameters inflating to 300 MiB are refused before anything is inflated", () -> {
			Path bomb = Corpus.withZeros(Files.createDirectories(temp.resolve("zips")).resolve("parameters-bomb.zip"),
					Map.of("metadata.json", good.get("metadata.json")), "parameters.bin", 300L << 20);
			assertTrue(Files.size(bomb) < 1 << 20, "a small file: " + Files.size(bomb));
			refusedZip(bomb, "parameters.bin unpacks to 314572800 bytes", "more than the 268435456");
		}));
		cases.add(test("an entry that holds more than the archive declares stops where the declaration ends", () -> {
			Path lying = Corpus.declaredSize(zip("lying.zip", good), "parameters.bin", 1000);
			refusedZip(lying, "parameters.bin holds more than the 1000 bytes the archive lists");
		}));
		cases.add(test("metadata that is not JSON, not UTF-8, or has a word for a number", () -> {
			refusedZip(zip("not-json.zip", goodWith("metadata.json", "{\"name\": ".getBytes(StandardCharsets.UTF_8))),
					"metadata.json", "not valid model metadata");
			refusedZip(zip("latin1.zip", goodWith("metadata.json", new byte[] { '{', (byte) 0xe9, '}' })),
					"not UTF-8 text");
			refusedZip(zip("word.zip", goodWithMetadata("\"epochsDone\": 0", "\"epochsDone\": \"abc\"")),
					"a number was expected at $.epochsDone");
			refusedZip(zip("no-options.zip", goodWithMetadata("\"options\": {", "\"options\": null, \"x\": {")),
					"no training options");
			refusedZip(zip("bad-time.zip", goodWithMetadata("\"created\": \"", "\"created\": \"yesterday")),
					"is not a time (ISO-8601");
			refusedZip(zip("null.zip", goodWith("metadata.json", "null".getBytes(StandardCharsets.UTF_8))),
					"incomplete metadata");
		}));
		cases.add(test("an unknown architecture, parameters of another shape, or cut short", () -> {
			refusedZip(zip("unknown-architecture.zip", goodWithMetadata("\"architectureId\": \"mlp\"",
					"\"architectureId\": \"transformer\"")), "unknown architecture 'transformer'");
			byte[] cut = java.util.Arrays.copyOf(good.get("parameters.bin"), 100_000);
			Map<String, byte[]> entries = goodWithMetadata(sha, Sha256.of(new java.io.ByteArrayInputStream(cut)));
			entries.put("parameters.bin", cut); // with its own checksum: only the format can tell
			refusedZip(zip("cut-parameters.zip", entries), "parameters.bin", "not parameters of a 'mlp' model");
		}));
		cases.add(test("NaN parameters are refused even with a right checksum", () -> {
			byte[] nan = mlpParametersWith(Float.NaN);
			Map<String, byte[]> entries = goodWithMetadata(sha, Sha256.of(new java.io.ByteArrayInputStream(nan)));
			entries.put("parameters.bin", nan);
			refusedZip(zip("nan-parameters.zip", entries), "parameters.bin", "holds NaN values");
		}));
		cases.add(test("what is not an exported model: an entry missing, random bytes, empty, a folder, too long", () -> {
			refusedZip(zip("no-parameters.zip", goodWith("parameters.bin", null)), "no parameters.bin inside");
			Path dir = Files.createDirectories(temp.resolve("zips"));
			refusedZip(Files.write(dir.resolve("random.zip"), new byte[] { 1, 2, 3, 4, 5 }), "not a zip archive");
			refusedZip(Files.write(dir.resolve("empty.zip"), new byte[0]), "the file is empty");
			// (in place, a folder is read as a model's folder)
			refusedZip(Files.createDirectories(dir.resolve("folder.zip")), false, "is a folder");
			refusedZip(Corpus.sparse(dir.resolve("long.zip"), 300L << 20), "314572800 bytes, more than the");
		}));
		cases.add(test("a name that is not valid, taken, or taken but for case", () -> {
			// (in place, the name is no folder's)
			refusedZip(zip("escape.zip", goodWithMetadata("\"name\": \"corpus-source\"", "\"name\": \"../escape\"")),
					null, false, "'../escape' is not a valid model name");
			assertRefused(ModelStoreException.class, "'corpus-source'", () -> store.importZip(goodZip, null),
					"exists already");
			assertRefused(ModelStoreException.class, "'CORPUS-source'", () -> store.importZip(goodZip, "CORPUS-source"),
					"differs from it only in case");
			Store.assertConsistent("after the name refusals");
		}));
		cases.add(test("the good zip imports, and the same in place", () -> {
			assertEquals("zip-copy", store.importZip(goodZip, "zip-copy").name());
			try (LoadedModel loaded = store.loadFrom(goodZip)) {
				assertEquals("corpus-source", loaded.metadata().name());
			}
			store.delete("zip-copy");
			Store.assertConsistent("after the good import");
		}));
		return cases.stream();
	}

	// --- images

	private static void refusedImage(Path file, String... reason) {
		assertRefused(IOException.class, file.toString(), () -> ImageFiles.read(file), reason);
	}

	private static boolean isDigit(Path file) throws IOException {
		return Pipelines.MNIST.apply(ImageFiles.read(file)).isPresent();
	}

	@TestFactory
	Stream<DynamicTest> images() throws IOException {
		Path dir = Files.createDirectories(temp.resolve("images"));
		int black = 0xff000000;
		int white = 0xffffffff;
		int clear = 0x00000000;
		List<DynamicTest> cases = new ArrayList<>();
		cases.add(test("a drawing on a transparent background is the opaque strokes, dark or light", () -> {
			Path dark = Corpus.write(Corpus.one(280, black, clear), "png", dir.resolve("black-on-transparent.png"));
			InkImage ink = ImageFiles.read(dark);
			assertEquals(1f, ink.at(140, 140), 1e-3f, "the stroke is ink");
			assertEquals(0f, ink.at(20, 20), 1e-3f, "the transparent background is paper");
			assertTrue(isDigit(dark));
			assertTrue(isDigit(Corpus.write(Corpus.one(280, white, clear), "png", dir.resolve("white-on-clear.png"))));
			assertFalse(isDigit(Corpus.write(Corpus.one(280, clear, clear), "png", dir.resolve("all-clear.png"))),
					"nothing opaque: blank");
		}));
		cases.add(test("PNG, JPEG and BMP drawings either way round are read", () -> {
			assertTrue(isDigit(Corpus.write(Corpus.one(280, black, white), "png", dir.resolve("dark-on-light.png"))));
			assertTrue(isDigit(Corpus.write(Corpus.opaque(Corpus.one(280, white, black)), "jpg",
					dir.resolve("light-on-dark.jpg"))));
			assertTrue(isDigit(Corpus.write(Corpus.opaque(Corpus.one(100, black, white)), "bmp", dir.resolve("one.bmp"))));
		}));
		cases.add(test("a 20000×20000 PNG is refused from its header, before it is decoded", () -> {
			Path huge = Corpus.hugePng(dir.resolve("huge.png"), 20_000, 20_000);
			assertTrue(Files.size(huge) < 2 << 20, "a small file: " + Files.size(huge));
			refusedImage(huge, "20000×20000 pixels, more than the 25000000 an image may have");
		}));
		cases.add(test("half a JPEG and half a PNG are refused, not read as grey", () -> {
			Path jpeg = Corpus.write(Corpus.opaque(Corpus.one(280, black, white)), "jpg", dir.resolve("whole.jpg"));
			refusedImage(Corpus.cut(jpeg, 0.5, dir.resolve("half.jpg")), "JPEG data is damaged or cut short");
			Path png = Corpus.write(Corpus.one(280, black, white), "png", dir.resolve("whole.png"));
			refusedImage(Corpus.cut(png, 0.5, dir.resolve("half.png")), "PNG data is damaged or cut short");
		}));
		cases.add(test("a folder, a missing file, an empty one, text", () -> {
			refusedImage(Files.createDirectories(dir.resolve("a-folder.png")), "is a folder, not an image file");
			refusedImage(dir.resolve("absent.png"), "no such file");
			refusedImage(Files.write(dir.resolve("empty.png"), new byte[0]), "the file is empty");
			refusedImage(Files.writeString(dir.resolve("text.png"), "hello"), "not a PNG, JPEG or BMP image");
		}));
		return cases.stream();
	}
}
