package org.digitworkbench.model.pth.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;

import org.digitworkbench.model.internal.pth.PthFormatException;
import org.digitworkbench.model.internal.pth.PthStateDictReader;
import org.digitworkbench.model.internal.pth.PthTensor;
import org.junit.jupiter.api.Test;

/** The fixtures written by torch.save (PyTorch 1.13, fixtures/make-pth-fixtures.py): see fixtures/README.md. */
class SeedFixtureTest {

	private static final int IMAGES = 100;
	private static final int PIXELS = 28 * 28;

	static Path fixture(String name) {
		String folder = System.getProperty("digitworkbench.fixtures");
		assertTrue(folder != null, "system property digitworkbench.fixtures is not set");
		Path file = Path.of(folder, "pth", name);
		assertTrue(Files.isRegularFile(file), "fixture missing: " + file);
		return file;
	}

	@Test
	void seedFixtureHasTheEightTensorsInFileOrder() throws Exception {
		Map<String, PthTensor> tensors = PthStateDictReader.read(fixture("seed-architecture-random.pth"));

		assertEquals(List.of("network.0.weight", "network.0.bias", "network.3.weight", "network.3.bias",
				"network.6.weight", "network.6.bias", "network.8.weight", "network.8.bias"),
				List.copyOf(tensors.keySet()));
		long[][] shapes = { { 512, 784 }, { 512 }, { 256, 512 }, { 256 }, { 128, 256 }, { 128 }, { 10, 128 }, { 10 } };
		int i = 0;
		for (PthTensor tensor : tensors.values()) {
			assertArrayEquals(shapes[i++], tensor.shape());
		}
		// first weight, as make-pth-fixtures.py prints it (and as Python's struct module reads the storage's bytes)
		assertEquals(0.0352332703769207, tensors.get("network.0.weight").values()[0], 0);
	}

	@Test
	void logitsComputedFromTheParsedWeightsMatchPyTorch() throws Exception {
		Map<String, PthTensor> tensors = PthStateDictReader.read(fixture("seed-architecture-random.pth"));
		float[][] images = firstTestImages();
		double[][] expected = expectedLogits();

		double worst = 0;
		for (int n = 0; n < IMAGES; n++) {
			double[] x = new double[PIXELS];
			for (int p = 0; p < PIXELS; p++) {
				x[p] = (images[n][p] / 255.0 - 0.1307) / 0.3081;
			}
			x = linear(tensors, "network.0", x, true);
			x = linear(tensors, "network.3", x, true);
			x = linear(tensors, "network.6", x, true);
			x = linear(tensors, "network.8", x, false);
			for (int k = 0; k < 10; k++) {
				worst = Math.max(worst, Math.abs(x[k] - expected[n][k]));
			}
		}
		System.out.printf("pth seed fixture: largest logit difference to PyTorch over %d images: %.3g%n", IMAGES, worst);
		assertTrue(worst < 1e-4, "largest logit difference " + worst);
	}

	/** y = W x + b (W is [out, in], row-major), with ReLU where the seed's Sequential has one. */
	private static double[] linear(Map<String, PthTensor> tensors, String layer, double[] x, boolean relu) {
		PthTensor weight = tensors.get(layer + ".weight");
		float[] bias = tensors.get(layer + ".bias").values();
		int out = (int) weight.shape()[0];
		int in = (int) weight.shape()[1];
		assertEquals(x.length, in, layer + " input width");
		double[] y = new double[out];
		for (int o = 0; o < out; o++) {
			double sum = bias[o];
			for (int i = 0; i < in; i++) {
				sum += weight.values()[o * in + i] * x[i];
			}
			y[o] = relu ? Math.max(0, sum) : sum;
		}
		return y;
	}

	private static float[][] firstTestImages() throws IOException {
		String folder = System.getProperty("digitworkbench.mnist");
		assertTrue(folder != null, "system property digitworkbench.mnist is not set");
		try (InputStream in = Files.newInputStream(Path.of(folder, "t10k-images-idx3-ubyte"))) {
			ByteBuffer header = ByteBuffer.wrap(in.readNBytes(16)); // IDX: big-endian magic, count, rows, columns
			assertEquals(0x00000803, header.getInt(), "IDX magic of the image file");
			assertTrue(header.getInt() >= IMAGES);
			assertEquals(28, header.getInt());
			assertEquals(28, header.getInt());
			float[][] images = new float[IMAGES][PIXELS];
			for (float[] image : images) {
				byte[] pixels = in.readNBytes(PIXELS);
				assertEquals(PIXELS, pixels.length);
				for (int p = 0; p < PIXELS; p++) {
					image[p] = pixels[p] & 0xff; // unsigned
				}
			}
			return images;
		}
	}

	private static double[][] expectedLogits() throws IOException {
		List<String> lines = Files.readAllLines(fixture("seed-architecture-random.expected.csv"));
		assertEquals(IMAGES + 1, lines.size());
		double[][] logits = new double[IMAGES][10];
		for (int n = 0; n < IMAGES; n++) {
			String[] cells = lines.get(n + 1).split(",");
			assertEquals(String.valueOf(n), cells[0]);
			for (int k = 0; k < 10; k++) {
				logits[n][k] = Double.parseDouble(cells[k + 1]);
			}
		}
		return logits;
	}

	@Test
	void maliciousPickleIsRefusedNamingTheGlobalAndNothingRuns() throws Exception {
		Path marker = Path.of("/tmp/digit-workbench-pwned"); // what the pickle's os.system call would create
		FileTime before = Files.exists(marker) ? Files.getLastModifiedTime(marker) : null;

		PthFormatException refusal = assertThrows(PthFormatException.class,
				() -> PthStateDictReader.read(fixture("malicious.pth")));

		assertTrue(refusal.getMessage().startsWith("malicious.pth: "), refusal.getMessage());
		assertTrue(refusal.getMessage().contains("posix.system"), refusal.getMessage());
		FileTime after = Files.exists(marker) ? Files.getLastModifiedTime(marker) : null;
		assertEquals(before, after, "the marker file of the malicious command changed");
	}

	@Test
	void truncatedArchiveGetsAClearMessage() {
		PthFormatException refusal = assertThrows(PthFormatException.class,
				() -> PthStateDictReader.read(fixture("truncated.pth")));
		assertTrue(refusal.getMessage().startsWith("truncated.pth: the zip archive is damaged or incomplete"),
				refusal.getMessage());
		assertNoTrace(refusal.getMessage());
	}

	@Test
	void legacyFormatIsRefusedWithReSaveAdvice() {
		PthFormatException refusal = assertThrows(PthFormatException.class,
				() -> PthStateDictReader.read(fixture("legacy-format.pth")));
		assertTrue(refusal.getMessage().startsWith("legacy-format.pth: this is PyTorch's legacy (pre-1.6)"),
				refusal.getMessage());
		assertTrue(refusal.getMessage().contains("torch.save(model.state_dict(), \"model.pth\")"),
				refusal.getMessage());
		assertNoTrace(refusal.getMessage());
	}

	@Test
	void fileThatIsNotAnArchiveOrIsMissing() throws Exception {
		PthFormatException notZip = assertThrows(PthFormatException.class,
				() -> PthStateDictReader.read(fixture("seed-architecture-random.expected.csv")));
		assertTrue(notZip.getMessage().contains("not a zip archive"), notZip.getMessage());

		Path missing = Files.createTempDirectory("pth").resolve("gone.pth");
		PthFormatException absent = assertThrows(PthFormatException.class, () -> PthStateDictReader.read(missing));
		assertEquals("gone.pth: the file does not exist", absent.getMessage());
		assertFalse(Files.exists(missing));
	}

	static void assertNoTrace(String message) {
		assertFalse(message.contains("Exception") || message.contains("\tat "), "message looks like a trace: " + message);
	}
}
