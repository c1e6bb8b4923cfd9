package org.digitworkbench.dataset.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.digitworkbench.dataset.IdxDataset;
import org.digitworkbench.files.AtomicFile;
import org.digitworkbench.files.Sha256;
import org.digitworkbench.files.TooLargeException;

/**
 * MNIST's four files as published with the dataset's mirrors: the size and SHA-256 of each uncompressed file, and how
 * a fetched copy is let in — only when it is byte for byte the original.
 */
final class MnistFiles {

	/** Uncompressed sizes: also the most a download may unpack to (a gzip bomb stops there). */
	static final Map<String, Long> BYTES = Map.of(
			IdxDataset.TRAIN_IMAGES, 47_040_016L,
			IdxDataset.TRAIN_LABELS, 60_008L,
			IdxDataset.TEST_IMAGES, 7_840_016L,
			IdxDataset.TEST_LABELS, 10_008L);
	static final Map<String, String> SHA256 = Map.of(
			IdxDataset.TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
			IdxDataset.TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
			IdxDataset.TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
			IdxDataset.TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");

	private MnistFiles() {
	}

	/**
	 * Copies file {@code name} from {@code in} (uncompressed bytes) into {@code folder}: first into {@code work}, checking
	 * its size and SHA-256 on the way, then renamed into place. Anything else is refused and leaves nothing in
	 * {@code folder}.
	 *
	 * @param source where the bytes come from, for the message
	 */
	static void install(InputStream in, String name, Path folder, Path work, String source) throws IOException {
		Path part = work.resolve(name + ".part");
		String sha;
		try (OutputStream out = Files.newOutputStream(part)) {
			sha = Sha256.copy(in, out, BYTES.get(name));
		} catch (TooLargeException e) {
			throw new IOException(name + " from " + source + " is larger than the original's " + BYTES.get(name)
					+ " bytes: not the original MNIST file, refused");
		}
		if (!SHA256.get(name).equals(sha)) {
			throw new IOException(name + " from " + source + " has SHA-256 " + sha + ", expected " + SHA256.get(name)
					+ ": not the original MNIST file, refused");
		}
		AtomicFile.moveOnto(part, folder.resolve(name));
	}
}
