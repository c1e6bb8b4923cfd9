package org.digitworkbench.model.internal;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.digitworkbench.files.AtomicFolder;
import org.digitworkbench.files.Sha256;
import org.digitworkbench.model.EpochSnapshot;
import org.digitworkbench.model.ModelStoreException;

import ai.djl.nn.Block;

/**
 * A model's kept epochs: {@code epochs/epoch-<n>/} in its folder, each with {@code parameters.bin} and
 * {@code epoch.json} (the metrics and the parameters' SHA-256). While the training runs they wait beside the models
 * ({@link FileModelStore#STAGED_EPOCHS}), each written as an {@link AtomicFolder}; the model's own folder, with all
 * of them in it, is committed in one rename when it is saved.
 */
final class EpochFiles {

	static final String FOLDER = "epochs";
	static final String METRICS = "epoch.json";
	private static final String PREFIX = "epoch-";
	/** An epoch's metrics are a few hundred bytes. */
	private static final int MAX_METRICS_BYTES = 64 * 1024;

	private EpochFiles() {
	}

	static String name(int epoch) {
		return PREFIX + epoch;
	}

	/** Writes {@code block}'s parameters and {@code metrics} as {@code root/epoch-<n>/}, replacing one there. */
	static void write(Path root, EpochSnapshot metrics, Block block) throws IOException {
		Files.createDirectories(root);
		try (AtomicFolder folder = AtomicFolder.in(root)) {
			Path parameters = folder.resolve(FileModelStore.PARAMETERS);
			try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(parameters)))) {
				block.saveParameters(out);
			}
			EpochSnapshot complete = new EpochSnapshot(metrics.epoch(), metrics.trainLoss(), metrics.trainAccuracy(),
					metrics.testLoss(), metrics.testAccuracy(), metrics.validationAccuracy(), Sha256.of(parameters));
			Files.writeString(folder.resolve(METRICS), MetadataJson.toJson(complete));
			folder.commitReplacing(root.resolve(name(metrics.epoch())));
		}
	}

	/** Copies the epochs kept in {@code staged} to {@code target} (a folder being written, not yet committed). */
	static void copyInto(Path staged, Path target) throws IOException {
		if (!Files.isDirectory(staged, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		for (Path epoch : epochFolders(staged)) {
			Path copy = target.resolve(epoch.getFileName().toString());
			Files.createDirectories(copy);
			Files.copy(epoch.resolve(FileModelStore.PARAMETERS), copy.resolve(FileModelStore.PARAMETERS));
			Files.copy(epoch.resolve(METRICS), copy.resolve(METRICS));
		}
	}

	/** The epochs kept in {@code folder}, first to last. */
	static List<EpochSnapshot> list(Path folder) throws ModelStoreException {
		List<EpochSnapshot> epochs = new ArrayList<>();
		for (Path epoch : epochFolders(folder)) {
			read(epoch).ifPresent(epochs::add);
		}
		epochs.sort(Comparator.comparingInt(EpochSnapshot::epoch));
		return epochs;
	}

	/** The metrics in {@code epochFolder}; empty when it is not there. */
	static Optional<EpochSnapshot> read(Path epochFolder) throws ModelStoreException {
		Path file = epochFolder.resolve(METRICS);
		if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
			return Optional.empty();
		}
		byte[] bytes;
		try (InputStream in = Files.newInputStream(file)) {
			bytes = in.readNBytes(MAX_METRICS_BYTES + 1);
		} catch (IOException e) {
			throw new ModelStoreException(file + ": unreadable (" + e.getMessage() + ")", e);
		}
		if (bytes.length > MAX_METRICS_BYTES) {
			throw new ModelStoreException(file + ": more than the " + MAX_METRICS_BYTES + " bytes an epoch's metrics may have");
		}
		EpochSnapshot epoch = MetadataJson.epochFromJson(new String(bytes, StandardCharsets.UTF_8), file);
		if (!epochFolder.getFileName().toString().equals(name(epoch.epoch()))) {
			throw new ModelStoreException(file + ": records epoch " + epoch.epoch() + " in the folder of another");
		}
		return Optional.of(epoch);
	}

	/** For a message: which epochs {@code folder} has. */
	static String available(Path folder) {
		try {
			List<EpochSnapshot> kept = list(folder);
			return kept.isEmpty() ? " (it kept none)"
					: " (kept: " + kept.stream().map(e -> Integer.toString(e.epoch())).collect(Collectors.joining(", "))
							+ ")";
		} catch (ModelStoreException e) {
			return "";
		}
	}

	private static List<Path> epochFolders(Path folder) {
		if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
			return List.of();
		}
		try (Stream<Path> entries = Files.list(folder)) {
			return entries.filter(p -> p.getFileName().toString().matches(PREFIX + "[1-9][0-9]{0,3}"))
					.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList();
		} catch (IOException e) {
			return List.of();
		}
	}
}
