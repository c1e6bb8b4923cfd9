package org.digitworkbench.training.internal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService.Checkpoint;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

/**
 * The last completed epoch of an unfinished run: {@code <models>/.checkpoints/<name>/} with the parameters and a
 * small JSON. Written to a temporary folder and renamed, so a killed process leaves the previous checkpoint intact.
 */
final class Checkpoints {

	private static final Gson JSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
	private static final String PARAMETERS = "parameters.bin";
	private static final String OPTIMIZER = "optimizer.bin";
	private static final String STATE = "checkpoint.json";

	/** What is kept besides the parameters. */
	record State(TrainingRequest request, int epochsDone, long trainingMillis) {
	}

	private final Path root;

	Checkpoints(Path modelsDirectory) {
		this.root = modelsDirectory.resolve(".checkpoints");
	}

	/** @param optimizerState Adam's moments and step counts ({@link FusedStep#optimizerState}) */
	void save(State state, Block block, NDList optimizerState) throws IOException {
		Files.createDirectories(root);
		Path temporary = root.resolve(".tmp-" + UUID.randomUUID());
		Files.createDirectories(temporary);
		try {
			try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(temporary.resolve(PARAMETERS)))) {
				block.saveParameters(out);
			}
			Files.write(temporary.resolve(OPTIMIZER), optimizerState.encode());
			Files.writeString(temporary.resolve(STATE), JSON.toJson(state));
			Path target = root.resolve(state.request().modelName());
			Path old = root.resolve(".old-" + UUID.randomUUID());
			if (Files.exists(target)) {
				Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
			}
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
			deleteTree(old);
		} finally {
			deleteTree(temporary);
		}
	}

	State state(String modelName) throws IOException {
		Path file = root.resolve(modelName).resolve(STATE);
		if (!Files.isRegularFile(file)) {
			throw new IOException("no checkpoint for '" + modelName + "' in " + root);
		}
		try {
			State state = JSON.fromJson(Files.readString(file), State.class);
			if (state == null || state.request() == null || state.request().options() == null) {
				throw new IOException(file + ": incomplete checkpoint");
			}
			return state;
		} catch (RuntimeException e) {
			throw new IOException(file + ": not a readable checkpoint (" + e.getMessage() + ")", e);
		}
	}

	void loadParameters(String modelName, Block block, NDManager manager) throws IOException {
		Path file = root.resolve(modelName).resolve(PARAMETERS);
		try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
			block.loadParameters(manager, in);
		} catch (MalformedModelException | RuntimeException e) {
			throw new IOException(file + ": damaged checkpoint parameters (" + e.getMessage() + ")", e);
		}
	}

	/** Adam's state as saved with the parameters; empty for a checkpoint written before it was kept. */
	Optional<NDList> loadOptimizerState(String modelName, NDManager manager) throws IOException {
		Path file = root.resolve(modelName).resolve(OPTIMIZER);
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		try {
			return Optional.of(NDList.decode(manager, Files.readAllBytes(file)));
		} catch (RuntimeException e) {
			throw new IOException(file + ": damaged optimizer state (" + e.getMessage() + ")", e);
		}
	}

	List<Checkpoint> list() {
		List<Checkpoint> all = new ArrayList<>();
		if (!Files.isDirectory(root)) {
			return all;
		}
		try (Stream<Path> folders = Files.list(root)) {
			for (Path folder : folders.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
				try {
					State state = state(folder.getFileName().toString());
					all.add(new Checkpoint(state.request().modelName(), state.request(), state.epochsDone()));
				} catch (IOException e) {
					// a damaged checkpoint is not offered for resuming
				}
			}
		} catch (IOException e) {
			return all;
		}
		return all;
	}

	void delete(String modelName) throws IOException {
		deleteTree(root.resolve(modelName));
	}

	static void deleteTree(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> all = Files.walk(path)) {
			for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}
}
