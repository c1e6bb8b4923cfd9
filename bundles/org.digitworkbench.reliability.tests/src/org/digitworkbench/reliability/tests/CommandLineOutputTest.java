package org.digitworkbench.reliability.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.digitworkbench.model.ModelStore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;

/**
 * The command line as a user runs it, in a process of its own: every {@code --json} output parses as strict JSON
 * (RFC 8259: no NaN, nothing after the value), and a refusal is exit status 1 with one line on stderr naming the
 * file, a usage error exit status 2 saying what is wrong.
 */
@Timeout(300)
class CommandLineOutputTest {

	@TempDir
	static Path temp;

	private static Path images;
	private static Path one;

	@BeforeAll
	static void models() throws Exception {
		Store.empty();
		ModelStore store = Store.store();
		store.importPytorch(Store.seedPth(), "mlp", "cli-seed"); // never evaluated: its test accuracy is unknown
		store.setActiveModel("cli-seed");
		Map<String, byte[]> entries = Corpus.entries(Store.seedPth());
		entries.replaceAll((name, bytes) -> name.matches("[^/]+/data/\\d+") ? Corpus.scaled(bytes, 1e30f) : bytes);
		store.importPytorch(Corpus.stored(temp.resolve("overflowing.pth"), entries), "mlp", "cli-overflowing");
		images = Files.createDirectories(temp.resolve("images"));
		one = Corpus.write(Corpus.one(280, 0xff000000, 0xffffffff), "png", images.resolve("one.png"));
	}

	/** {@code text} as strict JSON: one value and nothing after it. */
	static JsonElement strict(String text) throws IOException {
		JsonReader reader = new JsonReader(new StringReader(text));
		reader.setStrictness(Strictness.STRICT);
		JsonElement value = new Gson().getAdapter(JsonElement.class).read(reader);
		assertEquals(JsonToken.END_DOCUMENT, reader.peek(), "one JSON value and nothing after it: " + text);
		return value;
	}

	private static JsonElement json(String... arguments) throws Exception {
		Child.Result result = Child.run(arguments);
		assertEquals(0, result.exit(), String.join(" ", arguments) + ": " + result.err());
		if (!arguments[0].equals("evaluate")) { // which reports its progress there
			assertEquals("", result.err(), String.join(" ", arguments) + " writes nothing to stderr");
		}
		return strict(result.out());
	}

	@Test
	void theStrictParserIsStrict() {
		assertThrows(IOException.class, () -> strict("[NaN]"));
		assertThrows(IOException.class, () -> strict("{\"a\": Infinity}"));
		assertThrows(Throwable.class, () -> strict("[1] [2]"));
	}

	@Test
	void modelsInfoAndDatasetsAreStrictJson() throws Exception {
		JsonArray models = json("models", "--json").getAsJsonArray();
		JsonObject seed = models.asList().stream().map(JsonElement::getAsJsonObject)
				.filter(m -> m.get("name").getAsString().equals("cli-seed")).findFirst().orElseThrow();
		assertTrue(seed.get("testAccuracy").isJsonNull(), "an accuracy not known yet is null: " + seed);
		assertTrue(seed.get("active").getAsBoolean());
		assertEquals("PyTorch", json("info", "--json").getAsJsonObject().get("engine").getAsString());
		assertTrue(json("datasets", "--json").getAsJsonArray().size() >= 3, "mnist, mnist-drawn, handwriting");
	}

	@Test
	void evaluateOfAModelWhoseAnswersOverflowIsStrictJson() throws Exception {
		JsonObject evaluation = json("evaluate", "--json", "--model", "cli-overflowing").getAsJsonObject();
		assertTrue(evaluation.get("loss").isJsonNull(), "a NaN loss is null: " + evaluation.get("loss"));
		assertEquals(10_000, evaluation.get("count").getAsInt());
	}

	@Test
	void predictAnswersEveryImageItCanAndNamesEveryOneItCannot() throws Exception {
		Path blank = Corpus.write(Corpus.one(280, 0xffffffff, 0xffffffff), "png", images.resolve("blank.png"));
		Path transparent = Corpus.write(Corpus.one(280, 0xff000000, 0), "png", images.resolve("transparent.png"));
		Path huge = Corpus.hugePng(images.resolve("huge.png"), 20_000, 20_000);
		Path half = Corpus.cut(Corpus.write(Corpus.opaque(Corpus.one(280, 0xff000000, 0xffffffff)), "jpg",
				images.resolve("whole.jpg")), 0.5, images.resolve("half.jpg"));
		Path folder = Files.createDirectories(images.resolve("folder.png"));
		Path missing = images.resolve("missing.png");
		List<Path> failing = List.of(huge, half, folder, missing);
		Child.Result result = Child.run("predict", "--json", one.toString(), blank.toString(), transparent.toString(),
				huge.toString(), half.toString(), folder.toString(), missing.toString());
		assertEquals(1, result.exit(), "some images failed: " + result.err());
		JsonArray answers = strict(result.out()).getAsJsonArray();
		assertEquals(7, answers.size(), "an answer for every image, in order");
		// the seed's weights are random, so which digit is not the point: that there is one (CorpusTest reads the ink)
		assertTrue(answers.get(0).getAsJsonObject().get("digit").isJsonPrimitive(), answers.get(0).toString());
		assertTrue(answers.get(1).getAsJsonObject().get("noDigit").getAsBoolean(), answers.get(1).toString());
		assertTrue(answers.get(2).getAsJsonObject().get("digit").isJsonPrimitive(), "black on transparent is a digit: "
				+ answers.get(2));
		assertEquals(10, answers.get(0).getAsJsonObject().getAsJsonArray("probabilities").size());
		for (int i = 3; i < 7; i++) {
			String error = answers.get(i).getAsJsonObject().get("error").getAsString();
			assertTrue(error.contains(failing.get(i - 3).toString()), error);
		}
		assertEquals(4, result.errLines().size(), "one line per image that failed: " + result.err());
		for (int i = 0; i < 4; i++) {
			assertTrue(result.errLines().get(i).startsWith("digits-workbench predict: " + failing.get(i)),
					result.errLines().get(i));
		}
	}

	@Test
	void predictRefusesToAnswerNaN() throws Exception {
		Child.Result result = Child.run("predict", "--json", "--model", "cli-overflowing", one.toString());
		assertEquals(1, result.exit());
		JsonObject answer = strict(result.out()).getAsJsonArray().get(0).getAsJsonObject();
		assertTrue(answer.get("error").getAsString().contains("not a number (NaN)"), answer.toString());
		assertEquals(1, result.errLines().size(), result.err());
	}

	/** A refusal: exit status 1 and one line on stderr holding each of {@code parts}. */
	private static void refused(List<String> arguments, String... parts) throws Exception {
		Child.Result result = Child.run(arguments.toArray(String[]::new));
		assertEquals(1, result.exit(), arguments + ": " + result.out() + result.err());
		assertEquals(1, result.errLines().size(), arguments + ": one line on stderr: " + result.err());
		for (String part : parts) {
			assertTrue(result.err().contains(part), arguments + ": says '" + part + "': " + result.err());
		}
	}

	@Test
	void aGoodImportWritesNothingToStderr() throws Exception {
		// libtorch printed a deprecation warning there (through DJL's NDArray.set), a second line to every message
		Child.Result result = Child.run("import", "--arch", "mlp", "--name", "cli-clean", Store.seedPth().toString());
		assertEquals(0, result.exit(), result.err());
		assertEquals("", result.err());
	}

	@Test
	void refusedImportsAreOneLineNamingTheFile() throws Exception {
		Map<String, byte[]> entries = Corpus.entries(Store.seedPth());
		String storage = entries.keySet().stream().filter(n -> n.matches("[^/]+/data/0")).findFirst().orElseThrow();
		entries.put(storage, Corpus.withFloat(entries.get(storage), 0, Float.NaN));
		Path nan = Corpus.stored(temp.resolve("nan.pth"), entries);
		refused(List.of("import", "--arch", "mlp", "--name", "nan", nan.toString()), "nan.pth", "holds NaN");

		Path zip = temp.resolve("exported.zip");
		Store.store().exportZip("cli-seed", zip);
		Map<String, byte[]> model = Corpus.entries(zip);
		String metadata = new String(model.get("metadata.json"), StandardCharsets.UTF_8);
		model.put("metadata.json", metadata.replaceFirst("\\{", "{" + " ".repeat(3 << 20)).getBytes(StandardCharsets.UTF_8));
		Path bomb = Corpus.deflated(temp.resolve("bomb.zip"), model);
		refused(List.of("import", bomb.toString()), bomb.toString(), "more than the 1048576 model metadata may have");
		refused(List.of("import", "--name", "CLI-SEED", zip.toString()), "'CLI-SEED'", "differs from it only in case");
	}

	@Test
	void usageErrorsSayWhatIsWrong() throws Exception {
		Child.Result forgotten = Child.run("train", "--arch", "mlp", "--epochs", "--name", "x");
		assertEquals(2, forgotten.exit());
		assertTrue(forgotten.errLines().getFirst().contains("--epochs needs a value before --name"), forgotten.err());
		Child.Result validation = Child.run("train", "--arch", "mlp", "--name", "x", "--validation", "1.5");
		assertEquals(2, validation.exit());
		assertTrue(validation.errLines().getFirst().contains("--validation must be at least 0 and below 0.5, not 1.5"),
				validation.err());
	}
}
