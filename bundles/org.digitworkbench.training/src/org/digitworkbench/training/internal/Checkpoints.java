package org.digitworkbench.training.internal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.digitworkbench.files.AtomicFolder;
import org.digitworkbench.files.FileTrees;
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
 * small JSON. Written as an {@link AtomicFolder} that replaces the previous one, so a killed process leaves the
 * previous checkpoint (perhaps hidden, never half-written).
 */
final class Checkpoints {

	private static final Gson JSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();
	private static final String PARAMETERS = "parameters.bin";
	private static final String OPTIMIZER = "optimizer.bin";
	private static final String STATE = "checkpoint.json";

	/**
	 * What is kept besides the parameters.
	 *
	 * @param fineTuneBefore a fine-tune's figures before its first step, or {@code null}
	 */
	record State(TrainingRequest request, int epochsDone, long trainingMillis, FineTuneFigures fineTuneBefore) {
	}

	private final Path root;

	Checkpoints(Path modelsDirectory) {
		this.root = modelsDirectory.resolve(".checkpoints");
	}

	/** @param optimizerState Adam's moments and step counts ({@link FusedStep#optimizerState}) */
	void save(State state, Block block, NDList optimizerState) throws IOException {
		try (AtomicFolder folder = AtomicFolder.in(root)) {
			try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(folder.resolve(PARAMETERS)))) {
				block.saveParameters(out);
			}
			Files.write(folder.resolve(OPTIMIZER), optimizerState.encode());
			Files.writeString(folder.resolve(STATE), JSON.toJson(state));
			folder.commitReplacing(root.resolve(state.request().modelName()));
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
		FileTrees.delete(root.resolve(modelName));
	}
}
