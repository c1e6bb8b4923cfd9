package org.digitworkbench.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import org.digitworkbench.model.TrainingOptions;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * The same recipe in PyTorch, in a process of its own ({@code pytorch-peer.py}, shipped in this bundle): what the
 * benchmark compares this product with. Needs a Python with {@code torch} and {@code numpy}:
 * {@code --python PATH}, else {@code $DIGIT_WORKBENCH_PYTHON}, else {@code python3}.
 */
final class PyTorchPeer implements AutoCloseable {

	/** Set by the launcher: the names of the environment variables it set itself. */
	static final String LAUNCHER_SET = "DIGIT_WORKBENCH_LAUNCHER_SET";

	/** One peer run: the process as timed from outside, and what the script reported. */
	/** @param evaluationMillis the median time for the probabilities of the 10k test images; NaN when not asked for */
	record Run(ChildRun.Result process, double trainingSeconds, double testAccuracy, List<Double> epochSeconds,
			double evaluationMillis) {
	}

	private final String python;
	private final String torchVersion;
	private final Path script;

	private PyTorchPeer(String python, String torchVersion, Path script) {
		this.python = python;
		this.torchVersion = torchVersion;
		this.script = script;
	}

	/** The peer, or why there is none (no such Python, no torch in it). */
	static Optional<PyTorchPeer> find(String requested, StringBuilder why) throws IOException {
		String python = requested != null ? requested
				: System.getenv().getOrDefault("DIGIT_WORKBENCH_PYTHON", "python3");
		String version;
		try {
			Process probe = new ProcessBuilder(python, "-c", "import numpy, torch; print(torch.__version__)")
					.redirectErrorStream(true).start();
			String output = new String(probe.getInputStream().readAllBytes()).trim();
			if (!probe.waitFor(120, TimeUnit.SECONDS) || probe.exitValue() != 0) {
				String[] lines = output.split("\n");
				why.append(python).append(" cannot import torch and numpy (").append(lines[lines.length - 1]).append(')');
				return Optional.empty();
			}
			String[] lines = output.split("\n");
			version = lines[lines.length - 1];
		} catch (IOException e) {
			why.append("no ").append(python).append(" (").append(e.getMessage()).append(')');
			return Optional.empty();
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException("interrupted while looking for PyTorch", e);
		}
		Path script = Files.createTempFile("digit-workbench-peer-", ".py");
		try (InputStream in = PyTorchPeer.class.getResourceAsStream("pytorch-peer.py")) {
			if (in == null) {
				throw new IOException("pytorch-peer.py is missing from the command-line bundle");
			}
			Files.write(script, in.readAllBytes());
		}
		return Optional.of(new PyTorchPeer(python, version, script));
	}

	String description() {
		Set<String> unset = launcherEnvironment();
		return "PyTorch " + torchVersion + " (" + python + "), in its own environment"
				+ (unset.size() > 1 ? " (without the launcher's " + String.join(", ", unset.stream()
						.filter(name -> !name.equals(LAUNCHER_SET)).sorted().toList()) + ")" : "");
	}

	/**
	 * What the launcher set of the environment for libtorch (and the variable that says so): the peer runs without it,
	 * as PyTorch would on its own. It used to inherit the launcher's OMP_WAIT_POLICY=PASSIVE and malloc settings, which
	 * made its mlp epochs 3.8-4.0 s instead of 1.7-1.8 s.
	 */
	static Set<String> launcherEnvironment() {
		return launcherEnvironment(System.getenv(LAUNCHER_SET));
	}

	/** @param launcherSet the launcher's list, names separated by blanks; null where not started by the launcher */
	static Set<String> launcherEnvironment(String launcherSet) {
		Set<String> names = new TreeSet<>();
		names.add(LAUNCHER_SET);
		for (String name : (launcherSet == null ? "" : launcherSet).trim().split("\\s+")) {
			if (!name.isEmpty()) {
				names.add(name);
			}
		}
		return names;
	}

	/**
	 * Trains {@code arch} with {@code options} on the MNIST files in {@code data} (mixed precision as
	 * {@code torch.autocast}'s bfloat16), then times {@code evaluations} evaluations of the test images.
	 */
	Run train(Path data, String arch, TrainingOptions options, int evaluations) throws IOException, InterruptedException {
		Path weights = Files.createTempFile("digit-workbench-peer-", ".pth");
		try {
			List<String> command = new ArrayList<>(List.of(python, script.toString(), "--data", data.toString(),
					"--arch", arch, "--epochs", Integer.toString(options.epochs()), "--batch-size",
					Integer.toString(options.batchSize()), "--lr", Double.toString(options.learningRate()),
					"--schedule", TrainCommand.scheduleName(options.schedule()), "--betas",
					String.format(Locale.ROOT, "%s,%s", options.beta1(), options.beta2()), "--seed",
					Long.toString(options.seed()), "--precision", TrainCommand.precisionName(options.precision()),
					"--evaluations", Integer.toString(evaluations), "--out",
					weights.toString()));
			ChildRun.Result result = ChildRun.run(command, launcherEnvironment(), line -> {
			});
			if (result.exitCode() != 0 || !result.lastLine().startsWith("{")) {
				throw new IOException("the PyTorch peer failed (exit " + result.exitCode() + "): " + result.lastLine());
			}
			JsonObject report = JsonParser.parseString(result.lastLine()).getAsJsonObject();
			List<Double> epochs = new ArrayList<>();
			report.getAsJsonArray("epochSeconds").forEach(e -> epochs.add(e.getAsDouble()));
			JsonElement evaluation = report.get("evaluationMillis");
			return new Run(result, report.get("trainingSeconds").getAsDouble(), report.get("testAccuracy").getAsDouble(),
					epochs, evaluation == null || evaluation.isJsonNull() ? Double.NaN : evaluation.getAsDouble());
		} finally {
			Files.deleteIfExists(weights);
		}
	}

	@Override
	public void close() throws IOException {
		Files.deleteIfExists(script);
	}
}
