package org.digitworkbench.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.FrameworkUtil;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The command line as a user runs it (same application class, same services, real MNIST): exit codes and the
 * documented JSON shapes. One model is trained for one epoch through {@code train} and reused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandLineTest {

	private static final String MODEL = "cli-test-mlp";

	@TempDir
	static Path files;

	record Result(int exit, String out, String err) {
		JsonElement json() {
			return JsonParser.parseString(out);
		}
	}

	static Result run(String... arguments) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		CommandContext context = new CommandContext(FrameworkUtil.getBundle(CommandLineTest.class).getBundleContext(),
				new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
		int exit = new CommandLineApplication().run(Arrays.asList(arguments), context);
		return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
	}

	@BeforeAll
	static void plainThread() throws IOException {
		Thread.currentThread().setContextClassLoader(null); // as a launched application thread has it
		Path models = org.digitworkbench.engine.DataDirectory.resolve("models"); // start from an empty store
		if (Files.exists(models)) {
			try (var all = Files.walk(models)) {
				for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
					Files.delete(p);
				}
			}
		}
	}

	@Test
	@Order(1)
	void infoReportsTheEngineAsJson() {
		Result info = run("info", "--json");
		assertEquals(0, info.exit(), info.err());
		JsonObject json = info.json().getAsJsonObject();
		assertEquals(Set.of("product", "productVersion", "engine", "engineVersion", "djlVersion", "device",
				"deviceNote", "djlDevice", "gpuCount", "engineLoadMillis", "dataDirectory", "java"), json.keySet());
		assertEquals("PyTorch", json.get("engine").getAsString());
		assertEquals("2.7.1", json.get("engineVersion").getAsString());
	}

	@Test
	@Order(2)
	void usageErrorsExitWith2AndFailuresWith1() {
		Result unknown = run("frobnicate");
		assertEquals(2, unknown.exit());
		assertTrue(unknown.err().contains("unknown command 'frobnicate'"), unknown.err());
		Result badOption = run("train", "--arch", "mlp", "--name", "x", "--epochs", "zero");
		assertEquals(2, badOption.exit());
		assertTrue(badOption.err().contains("--epochs must be a whole number"), badOption.err());
		Result missingModel = run("evaluate", "--model", "no-such-model-anywhere");
		assertEquals(2, missingModel.exit(), missingModel.err());
		Result missingFile = run("import", "--arch", "mlp", "--name", "x", files.resolve("absent.pth").toString());
		assertEquals(1, missingFile.exit());
		assertEquals(1, missingFile.err().lines().count(), "one clear line: " + missingFile.err());
		Result notMnist = run("datasets", "--use", "mnist", files.toString());
		assertEquals(1, notMnist.exit());
		assertTrue(notMnist.err().contains(files.toString()) && notMnist.err().contains("is missing"), notMnist.err());
		assertEquals(2, run("datasets", "--use", "mnist").exit(), "a folder is required");
	}

	@Test
	@Order(3)
	void trainSavesAModelThatModelsListsAsJson() {
		Result train = run("train", "--arch", "mlp", "--epochs", "1", "--seed", "7", "--name", MODEL);
		assertEquals(0, train.exit(), train.out() + train.err());
		assertTrue(train.out().contains("Saved model " + MODEL), train.out());
		assertEquals(0, run("activate", MODEL).exit());

		Result models = run("models", "--json");
		assertEquals(0, models.exit(), models.err());
		JsonObject model = find(models.json().getAsJsonArray(), MODEL);
		assertEquals(Set.of("name", "active", "architecture", "dataset", "testAccuracy", "parameters", "epochs",
				"trainingMillis", "created", "source", "parent", "options"), model.keySet());
		assertTrue(model.get("parent").isJsonNull(), "trained from scratch");
		assertTrue(model.get("active").getAsBoolean());
		assertEquals("mlp", model.get("architecture").getAsString());
		assertEquals(567_434, model.get("parameters").getAsLong(), "784·512+512 + 512·256+256 + 256·128+128 + 128·10+10");
		assertTrue(model.get("testAccuracy").getAsDouble() >= 0.95, model.toString());
	}

	@Test
	@Order(4)
	void evaluateWritesTheDocumentedJsonAndCsv() throws IOException {
		Path csv = files.resolve("predictions.csv");
		Result evaluate = run("evaluate", "--json", "--predictions", csv.toString()); // the active model
		assertEquals(0, evaluate.exit(), evaluate.err());
		JsonObject json = evaluate.json().getAsJsonObject();
		assertEquals(Set.of("model", "dataset", "split", "count", "accuracy", "loss", "perClass", "confusionMatrix",
				"millis"), json.keySet());
		assertEquals(10_000, json.get("count").getAsInt());
		JsonArray confusion = json.getAsJsonArray("confusionMatrix");
		assertEquals(10, confusion.size());
		int total = 0;
		for (JsonElement row : confusion) {
			for (JsonElement cell : row.getAsJsonArray()) {
				total += cell.getAsInt();
			}
		}
		assertEquals(10_000, total);
		assertEquals(Set.of("class", "precision", "recall", "f1", "support"),
				json.getAsJsonArray("perClass").get(0).getAsJsonObject().keySet());

		List<String> lines = Files.readAllLines(csv);
		assertEquals(10_001, lines.size());
		assertEquals("index,label,predicted,confidence,p0,p1,p2,p3,p4,p5,p6,p7,p8,p9", lines.get(0));
		String[] first = lines.get(1).split(",");
		assertEquals("0", first[0]);
		assertEquals("7", first[1], "the first MNIST test image is a 7");
	}

	@Test
	@Order(5)
	void predictReadsImageFilesAndSaysNoDigitForABlankOne() throws IOException {
		Path blank = files.resolve("blank.png");
		BufferedImage white = new BufferedImage(280, 280, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < 280; y++) {
			for (int x = 0; x < 280; x++) {
				white.getRaster().setSample(x, y, 0, 255);
			}
		}
		ImageIO.write(white, "png", blank.toFile());
		Path one = files.resolve("one.png"); // a thick vertical bar, dark on light: a 1
		BufferedImage bar = new BufferedImage(280, 280, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < 280; y++) {
			for (int x = 0; x < 280; x++) {
				bar.getRaster().setSample(x, y, 0, (x >= 125 && x < 155 && y >= 40 && y < 240) ? 0 : 255);
			}
		}
		ImageIO.write(bar, "png", one.toFile());

		Result predict = run("predict", "--json", blank.toString(), one.toString());
		assertEquals(0, predict.exit(), predict.err());
		JsonArray results = predict.json().getAsJsonArray();
		JsonObject none = results.get(0).getAsJsonObject();
		assertTrue(none.get("noDigit").getAsBoolean());
		assertTrue(none.get("digit").isJsonNull());
		JsonObject digit = results.get(1).getAsJsonObject();
		assertEquals(1, digit.get("digit").getAsInt(), digit.toString());
		assertEquals(10, digit.getAsJsonArray("probabilities").size());

		Result missing = run("predict", files.resolve("nope.png").toString());
		assertEquals(1, missing.exit());
		assertTrue(missing.err().contains("nope.png"), missing.err());
	}

	@Test
	@Order(6)
	void exportImportRenameDelete() {
		Path zip = files.resolve("model.zip");
		assertEquals(0, run("export", "--model", MODEL, zip.toString()).exit());
		Result imported = run("import", "--name", MODEL + "-copy", zip.toString());
		assertEquals(0, imported.exit(), imported.err());
		assertEquals(0, run("rename", MODEL + "-copy", MODEL + "-renamed").exit());
		assertEquals(0, run("delete", MODEL + "-renamed").exit());
		Result models = run("models", "--json");
		assertFalse(models.out().contains(MODEL + "-renamed"));
		assertEquals(1, run("delete", MODEL + "-renamed").exit(), "deleting twice is a failure, not a crash");
	}

	@Test
	@Order(7)
	void fineTuneFromTheCommandLineRecordsItsParentAndEpochsAreKeptAndContinued() throws Exception {
		saveSamples(2); // per digit: one to train on, one held back
		String tuned = MODEL + "-tuned";
		Result train = run("train", "--from", MODEL, "--dataset", "handwriting", "--name", tuned, "--epochs", "2",
				"--steps-per-epoch", "10");
		assertEquals(0, train.exit(), train.out() + train.err());
		assertTrue(train.out().contains("Before: ") && train.out().contains("of 10 held-back handwriting samples")
				&& train.out().contains("After: "), train.out());
		JsonObject model = find(run("models", "--json").json().getAsJsonArray(), tuned);
		assertEquals(MODEL, model.get("parent").getAsString());
		assertEquals("handwriting", model.get("dataset").getAsString());
		assertTrue(run("models").out().contains("(fine-tuned from " + MODEL + ")"));

		Result epochs = run("models", "--epochs", tuned, "--json");
		assertEquals(0, epochs.exit(), epochs.err());
		JsonArray kept = epochs.json().getAsJsonArray();
		assertEquals(2, kept.size());
		assertEquals(tuned + "@2", kept.get(1).getAsJsonObject().get("model").getAsString());
		assertEquals(Set.of("model", "epoch", "trainLoss", "trainAccuracy", "testLoss", "testAccuracy",
				"validationAccuracy"), kept.get(1).getAsJsonObject().keySet());
		assertEquals(0, run("evaluate", "--model", tuned + "@1", "--json").exit(), "an epoch is a model to use");

		Result otherArchitecture = run("train", "--from", MODEL, "--arch", "cnn", "--dataset", "handwriting", "--name",
				"x");
		assertEquals(1, otherArchitecture.exit());
		assertEquals("digits-workbench train: '" + MODEL + "' is a mlp model: a fine-tune keeps its parent's "
				+ "architecture, not cnn", otherArchitecture.err().strip());
		Result noEpoch = run("train", "--from", MODEL + "@9", "--dataset", "handwriting", "--name", "x");
		assertEquals(1, noEpoch.exit());
		assertTrue(noEpoch.err().contains("has no kept epoch 9 (kept: 1)"), noEpoch.err());
		assertEquals(1, noEpoch.err().strip().lines().count(), noEpoch.err());

		// on from the first epoch of the model trained above, on its own dataset and options
		Result continued = run("train", "--from", MODEL + "@1", "--name", MODEL + "-more", "--epochs", "1",
				"--no-keep-epochs");
		assertEquals(0, continued.exit(), continued.out() + continued.err());
		JsonObject more = find(run("models", "--json").json().getAsJsonArray(), MODEL + "-more");
		assertEquals(MODEL + "@1", more.get("parent").getAsString());
		assertEquals("mnist", more.get("dataset").getAsString());
		assertTrue(more.get("testAccuracy").getAsDouble() >= 0.95, more.toString());
		assertEquals(0, run("models", "--epochs", MODEL + "-more", "--json").json().getAsJsonArray().size());
	}

	@Test
	@Order(8)
	void predictExplainWritesTheOverlay() throws IOException {
		Path one = files.resolve("one.png"); // written by predictReadsImageFilesAndSaysNoDigitForABlankOne
		Path overlay = files.resolve("why.png");
		Result explained = run("predict", "--model", MODEL, "--explain", overlay.toString(), one.toString());
		assertEquals(0, explained.exit(), explained.err());
		assertTrue(explained.out().contains("why.png: left, the ink that says 1"), explained.out());
		BufferedImage image = ImageIO.read(overlay.toFile());
		assertEquals(560, image.getWidth());
		assertEquals(280, image.getHeight());
		boolean green = false;
		boolean blueOrOrange = false;
		for (int y = 0; y < 280; y += 2) {
			for (int x = 0; x < 560; x += 2) {
				int rgb = image.getRGB(x, y);
				int r = rgb >> 16 & 255, g = rgb >> 8 & 255, b = rgb & 255;
				green |= x < 280 && g > r + 40 && g > b + 40;
				blueOrOrange |= x > 280 && (b > r + 40 || r > b + 80);
			}
		}
		assertTrue(green, "ink that speaks for the 1 is green");
		assertTrue(blueOrOrange, "the runner-up's panel is coloured");
		assertEquals(2, run("predict", "--explain", overlay.toString(), one.toString(), one.toString()).exit());
	}

	/** {@code perDigit} MNIST test digits of each class, enlarged onto 112² drawings, kept as handwriting samples. */
	private static void saveSamples(int perDigit) throws Exception {
		var context = FrameworkUtil.getBundle(CommandLineTest.class).getBundleContext();
		var samples = new CommandContext(context, System.out, System.err)
				.service(org.digitworkbench.drawings.HandwritingSamples.class);
		org.digitworkbench.dataset.DatasetProvider mnist = new CommandContext(context, System.out, System.err)
				.services(org.digitworkbench.dataset.DatasetProvider.class).stream().filter(d -> d.id().equals("mnist"))
				.findFirst().orElseThrow();
		var test = mnist.load(org.digitworkbench.dataset.Split.TEST, null);
		if (Files.exists(samples.folder())) { // the data folder survives builds without clean
			try (var all = Files.walk(samples.folder())) {
				for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
					Files.delete(p);
				}
			}
		}
		int[] kept = new int[10];
		for (int i = 0; i < test.count() && Arrays.stream(kept).anyMatch(k -> k < perDigit); i++) {
			int digit = test.label(i);
			if (kept[digit] < perDigit) {
				float[] ink = new float[112 * 112];
				for (int y = 0; y < 112; y++) {
					for (int x = 0; x < 112; x++) {
						ink[y * 112 + x] = test.pixel(i, y / 4, x / 4) / 255f;
					}
				}
				samples.save(new org.digitworkbench.preprocess.InkImage(112, 112, ink), digit);
				kept[digit]++;
			}
		}
	}

	private static JsonObject find(JsonArray models, String name) {
		for (JsonElement element : models) {
			if (name.equals(element.getAsJsonObject().get("name").getAsString())) {
				return element.getAsJsonObject();
			}
		}
		throw new AssertionError(name + " not listed in " + models);
	}
}
