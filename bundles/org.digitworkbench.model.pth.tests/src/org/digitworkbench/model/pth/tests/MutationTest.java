package org.digitworkbench.model.pth.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.digitworkbench.model.internal.pth.PthFormatException;
import org.digitworkbench.model.internal.pth.PthStateDictReader;
import org.digitworkbench.model.internal.pth.PthTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of damaged copies of the seed fixture: every one must end in a valid result or a PthFormatException
 * with a message naming the file, never in another exception, a hang or an OutOfMemoryError.
 */
class MutationTest {

	private static final long SEED = 20251124L;
	private static final int MUTATIONS = 3000;
	private static final Duration BUDGET = Duration.ofSeconds(90);

	private enum Kind {
		/** bytes of data.pkl changed, archive rebuilt with valid checksums so the pickle reader sees them */
		PICKLE_BYTES,
		/** data.pkl cut at a random length, archive rebuilt */
		PICKLE_CUT,
		/** random bytes inserted into data.pkl, archive rebuilt */
		PICKLE_INSERT,
		/** a storage entry cut short or an entry dropped, archive rebuilt */
		ENTRY_DAMAGE,
		/** bytes of the zip file itself changed (headers, directory, data) */
		ZIP_BYTES,
		/** the zip file cut at a random length */
		ZIP_CUT
	}

	@TempDir
	Path folder;

	@Test
	void damagedFilesEndInAResultOrAClearRefusal() throws Exception {
		Path seed = SeedFixtureTest.fixture("seed-architecture-random.pth");
		byte[] original = Files.readAllBytes(seed);
		Map<String, byte[]> entries = Archives.entriesOf(seed);
		String pickleName = "seed-architecture-random/data.pkl";
		byte[] pickle = entries.get(pickleName);
		Path target = folder.resolve("mutant.pth");
		Random random = new Random(SEED);
		Map<Kind, int[]> outcomes = new TreeMap<>(); // kind → {valid, refused}
		long[] slowestNanos = { 0 };

		long started = System.nanoTime();
		assertTimeoutPreemptively(BUDGET, () -> {
			for (int n = 0; n < MUTATIONS; n++) {
				Kind kind = Kind.values()[n % Kind.values().length];
				byte[] file = switch (kind) {
				case PICKLE_BYTES -> withPickle(entries, pickleName, flip(pickle, random, 1 + random.nextInt(4)));
				case PICKLE_CUT -> withPickle(entries, pickleName, Arrays.copyOf(pickle, random.nextInt(pickle.length)));
				case PICKLE_INSERT -> withPickle(entries, pickleName, insert(pickle, random));
				case ENTRY_DAMAGE -> Archives.storedZip(damageEntry(entries, random));
				case ZIP_BYTES -> flipNear(original, random);
				case ZIP_CUT -> Arrays.copyOf(original, random.nextInt(original.length));
				};
				Files.write(target, file);
				long start = System.nanoTime();
				try {
					Map<String, PthTensor> tensors = PthStateDictReader.read(target);
					tensors.values().forEach(tensor -> assertEquals(count(tensor.shape()), tensor.values().length));
					outcomes.computeIfAbsent(kind, k -> new int[2])[0]++;
				} catch (PthFormatException e) {
					assertTrue(e.getMessage().startsWith("mutant.pth: "), e.getMessage());
					SeedFixtureTest.assertNoTrace(e.getMessage());
					outcomes.computeIfAbsent(kind, k -> new int[2])[1]++;
				} catch (Throwable e) {
					fail("mutation " + n + " (" + kind + ") ended in " + e, e);
				}
				slowestNanos[0] = Math.max(slowestNanos[0], System.nanoTime() - start);
			}
		});
		long millis = (System.nanoTime() - started) / 1_000_000;
		System.out.printf("pth mutations: %d in %d ms, slowest read %.1f ms; valid/refused by kind: %s%n", MUTATIONS,
				millis, slowestNanos[0] / 1e6, describe(outcomes));
		// every kind was really exercised and most damage is noticed
		assertEquals(Kind.values().length, outcomes.size());
		outcomes.forEach((kind, counts) -> assertTrue(counts[1] > 0, kind + " never refused"));
	}

	private static byte[] withPickle(Map<String, byte[]> entries, String pickleName, byte[] pickle)
			throws java.io.IOException {
		Map<String, byte[]> copy = new LinkedHashMap<>(entries);
		copy.put(pickleName, pickle);
		return Archives.storedZip(copy);
	}

	private static byte[] flip(byte[] bytes, Random random, int count) {
		byte[] copy = bytes.clone();
		for (int i = 0; i < count; i++) {
			int at = random.nextInt(copy.length);
			// half the time a random byte, half the time an interesting one (0, 0xff, 0x7f, 0x80)
			copy[at] = random.nextBoolean() ? (byte) random.nextInt(256)
					: new byte[] { 0, (byte) 0xff, 0x7f, (byte) 0x80 }[random.nextInt(4)];
		}
		return copy;
	}

	private static byte[] insert(byte[] bytes, Random random) {
		int at = random.nextInt(bytes.length);
		byte[] extra = new byte[1 + random.nextInt(8)];
		random.nextBytes(extra);
		byte[] result = new byte[bytes.length + extra.length];
		System.arraycopy(bytes, 0, result, 0, at);
		System.arraycopy(extra, 0, result, at, extra.length);
		System.arraycopy(bytes, at, result, at + extra.length, bytes.length - at);
		return result;
	}

	private static Map<String, byte[]> damageEntry(Map<String, byte[]> entries, Random random) {
		Map<String, byte[]> copy = new LinkedHashMap<>(entries);
		List<String> names = new ArrayList<>(copy.keySet());
		String victim = names.get(random.nextInt(names.size()));
		if (random.nextBoolean()) {
			copy.remove(victim);
		} else {
			byte[] bytes = copy.get(victim);
			copy.put(victim, Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length)));
		}
		return copy;
	}

	/** Most of the zip is float data; aim half the flips at the headers and the central directory at the end. */
	private static byte[] flipNear(byte[] zip, Random random) {
		byte[] copy = zip.clone();
		int flips = 1 + random.nextInt(4);
		for (int i = 0; i < flips; i++) {
			int at = switch (random.nextInt(3)) {
			case 0 -> random.nextInt(copy.length);
			case 1 -> random.nextInt(Math.min(copy.length, 1200)); // local header + data.pkl
			default -> copy.length - 1 - random.nextInt(Math.min(copy.length, 1000)); // central directory
			};
			copy[at] = (byte) random.nextInt(256);
		}
		return copy;
	}

	private static long count(long[] shape) {
		long count = 1;
		for (long dimension : shape) {
			count *= dimension;
		}
		return count;
	}

	private static String describe(Map<Kind, int[]> outcomes) {
		StringBuilder text = new StringBuilder();
		outcomes.forEach((kind, counts) -> text.append(kind).append(' ').append(counts[0]).append('/')
				.append(counts[1]).append("  "));
		return text.toString().strip();
	}
}
