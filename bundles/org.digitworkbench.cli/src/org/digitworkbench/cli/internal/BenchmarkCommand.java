package org.digitworkbench.cli.internal;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.drawings.DrawingLikeDigits;
import org.digitworkbench.engine.EngineInfo;
import org.digitworkbench.engine.EngineService;
import org.digitworkbench.model.Classifier;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.preprocess.InkImage;
import org.digitworkbench.preprocess.ModelInput;
import org.digitworkbench.preprocess.Pipelines;
import org.digitworkbench.training.Evaluation;
import org.digitworkbench.training.EvaluationService;
import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;

/**
 * {@code benchmark}: the speed and memory figures of the README's table. Trainings run as whole {@code train}
 * processes of this product, timed from outside, and — with {@code --peer} — side by side with the same recipe in a
 * whole PyTorch process, alternating, so that a busy machine slows both; the table gives the ratio. Evaluation and
 * single-image figures are measured in this process through the services the product uses. Trains throw-away models
 * and deletes them afterwards.
 */
final class BenchmarkCommand implements Command {

	@Override
	public String name() {
		return "benchmark";
	}

	@Override
	public String usage() {
		return "benchmark [--peer] [--python PATH] [--repeat N] [--mlp-epochs 5] [--cnn-epochs 1] [--quick] "
				+ "[--memory-epochs N] [--drawings]";
	}

	@Override
	public String summary() {
		return "measure training (beside PyTorch with --peer), evaluation and single-image speed, and memory";
	}

	@Override
	public int run(List<String> raw, CommandContext context) throws Exception {
		Arguments arguments = Arguments.parse(raw,
				Set.of("python", "repeat", "mlp-epochs", "cnn-epochs", "memory-epochs"),
				Set.of("peer", "quick", "drawings"));
		if (!arguments.positional().isEmpty()) {
			throw new UsageException("unexpected argument '" + arguments.positional().get(0) + "'");
		}
		int repeat = arguments.intOption("repeat", 1, 1, 20);
		int mlpEpochs = arguments.intOption("mlp-epochs", 5, 1, 100);
		int cnnEpochs = arguments.intOption("cnn-epochs", 1, 0, 100);
		int memoryEpochs = arguments.intOption("memory-epochs", 0, 0, 1000);
		EngineInfo engine = context.service(EngineService.class).awaitReady();
		ModelStore store = context.service(ModelStore.class);
		DatasetProvider mnist = Services.dataset(context, "mnist");
		String suffix = "-benchmark-" + System.currentTimeMillis();
		Optional<PyTorchPeer> peer = Optional.empty();
		String peerNote = "not asked for (--peer)";
		if (arguments.flag("peer")) {
			StringBuilder why = new StringBuilder();
			peer = PyTorchPeer.find(arguments.option("python"), why);
			peerNote = peer.map(PyTorchPeer::description).orElse("none: " + why
					+ "; the benchmark runs without it (see README, Benchmark, for installing PyTorch)");
		}
		context.out.printf(Locale.ROOT, "Digit Workbench benchmark: %s, %d cores, Java %s, OMP_WAIT_POLICY=%s, GOMP_SPINCOUNT=%s%n",
				engine.summary(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
				System.getenv().getOrDefault("OMP_WAIT_POLICY", "(unset)"),
				System.getenv().getOrDefault("GOMP_SPINCOUNT", "(unset)"));
		context.out.println("Peer: " + peerNote);
		context.out.println();
		context.out.println("| measurement | Digit Workbench | PyTorch | ratio |");
		context.out.println("|---|---|---|---|");

		long loadStart = System.nanoTime();
		ImageSet train = Services.load(context, mnist, Split.TRAIN);
		row(context, "load 60k training images (IDX → memory)", millis(loadStart) + " ms (" + train.count() + " images)", "", "");
		ImageSet test = Services.load(context, mnist, Split.TEST);
		List<String> keep = new ArrayList<>();
		try (PyTorchPeer pytorch = peer.orElse(null)) {
			Trainer trainer = new Trainer(context, mnist.location(), pytorch, repeat);

			ModelArchitecture mlpArchitecture = Services.architecture(context, "mlp");
			Pair mlp = trainer.train("mlp" + suffix, "mlp", mlpArchitecture.recommendedOptions().withEpochs(mlpEpochs), 5);
			keep.add(mlp.modelName());
			mlp.rows(context, "mlp, seed recipe (batch 64, Adam 1e-3, cosine), " + mlpEpochs + " epochs");

			Pair cnn = null;
			if (cnnEpochs > 0) {
				cnn = trainer.train("cnn" + suffix, "cnn",
						Services.architecture(context, "cnn").recommendedOptions().withEpochs(cnnEpochs), 3);
				keep.add(cnn.modelName());
				cnn.rows(context, "cnn, recommended options (batch 64, Adam 3e-3, cosine), " + cnnEpochs + " epochs");
			}
			if (arguments.flag("quick")) {
				for (String arch : List.of("mlp", "cnn")) {
					TrainingOptions quick = Services.architecture(context, arch).presets().get(ModelArchitecture.QUICK);
					if (quick != null) {
						Pair pair = trainer.train(arch + "-quick" + suffix, arch, quick, 0);
						keep.add(pair.modelName());
						pair.quickRow(context, arch, quick);
					}
				}
			}
			if (memoryEpochs > 0) {
				Pair long_ = new Trainer(context, mnist.location(), null, 1).train("mlp-memory" + suffix, "mlp",
						mlpArchitecture.recommendedOptions().withEpochs(memoryEpochs), 0);
				keep.add(long_.modelName());
				List<Long> resident = long_.ours().get(0).residentMbAfterEpoch();
				row(context, "mlp, " + memoryEpochs + " epochs: resident memory after epochs 1, 5, " + memoryEpochs
						+ "; peak", String.format(Locale.ROOT, "%s, %s, %s MB; peak %d MB", at(resident, 1), at(resident, 5),
								at(resident, memoryEpochs), long_.ours().get(0).peakResidentMb()), "", "");
			}

			evaluations(context, store, test, "mlp" + suffix, 5, true, mlp.peerEvaluationMillis());
			if (cnn != null) {
				evaluations(context, store, test, "cnn" + suffix, 3, false, cnn.peerEvaluationMillis());
			}
			drawingLatency(context, store, test, "mlp" + suffix);
			if (arguments.flag("drawings")) {
				drawings(context, test, mlpEpochs, Math.max(1, cnnEpochs), suffix);
			}
		} finally {
			for (String name : keep) {
				if (store.find(name).isPresent()) {
					store.delete(name);
				}
			}
		}
		row(context, "this benchmark process: peak resident memory", peakResident() + " MB", "", "");
		return CommandLineApplication.OK;
	}

	/** Each training of a recipe: ours and the peer's, alternating which goes first. */
	private record Pair(String modelName, List<ChildRun.Result> ours, List<ModelMetadata> oursSaved,
			List<PyTorchPeer.Run> peer) {

		void rows(CommandContext context, String recipe) {
			double ourSeconds = median(ours, ChildRun.Result::seconds);
			double ourEpoch = median(ours, r -> median(r.epochSeconds(), Double::doubleValue));
			long ourPeak = (long) median(ours, r -> r.peakResidentMb());
			String ourAccuracy = accuracy(oursSaved.get(0).testAccuracy());
			if (peer.isEmpty()) {
				row(context, recipe + ": whole `train` process", String.format(Locale.ROOT, "%.1f s (%s)", ourSeconds, ourAccuracy), "", "");
				row(context, recipe + ": per epoch (median)", String.format(Locale.ROOT, "%.2f s", ourEpoch), "", "");
				row(context, recipe + ": peak resident memory", ourPeak + " MB", "", "");
				return;
			}
			double peerSeconds = median(peer, r -> r.process().seconds());
			double peerEpoch = median(peer, r -> median(r.epochSeconds(), Double::doubleValue));
			long peerPeak = (long) median(peer, r -> r.process().peakResidentMb());
			row(context, recipe + ": whole process", String.format(Locale.ROOT, "%.1f s (%s)", ourSeconds, ourAccuracy),
					String.format(Locale.ROOT, "%.1f s (%s)", peerSeconds, accuracy(peer.get(0).testAccuracy())),
					ratio(ourSeconds, peerSeconds));
			row(context, recipe + ": per epoch (median)", String.format(Locale.ROOT, "%.2f s", ourEpoch),
					String.format(Locale.ROOT, "%.2f s", peerEpoch), ratio(ourEpoch, peerEpoch));
			row(context, recipe + ": peak resident memory", ourPeak + " MB", peerPeak + " MB", ratio(ourPeak, peerPeak));
		}

		/** The peer's median evaluation time, NaN without a peer. */
		double peerEvaluationMillis() {
			return peer.isEmpty() ? Double.NaN : median(peer, PyTorchPeer.Run::evaluationMillis);
		}

		void quickRow(CommandContext context, String arch, TrainingOptions options) {
			ModelMetadata saved = oursSaved.get(0);
			String recipe = String.format(Locale.ROOT, "%s --preset quick (batch %d, %s lr %s, betas %s/%s, %d epochs, %s): training time, test accuracy",
					arch, options.batchSize(), TrainCommand.scheduleName(options.schedule()), options.learningRate(),
					options.beta1(), options.beta2(), options.epochs(), TrainCommand.precisionName(options.precision()));
			String ours = String.format(Locale.ROOT, "%.1f s, %s", saved.trainingMillis() / 1000.0, accuracy(saved.testAccuracy()));
			if (peer.isEmpty()) {
				row(context, recipe, ours, "", "");
				return;
			}
			PyTorchPeer.Run run = peer.get(0);
			row(context, recipe, ours, String.format(Locale.ROOT, "%.1f s, %s", run.trainingSeconds(),
					accuracy(run.testAccuracy())), ratio(saved.trainingMillis() / 1000.0, run.trainingSeconds()));
		}
	}

	/** Runs trainings as child processes (this product's {@code train}) and, when there is one, in the peer. */
	private static final class Trainer {
		private final CommandContext context;
		private final Path data;
		private final PyTorchPeer peer;
		private final int repeat;

		Trainer(CommandContext context, Path data, PyTorchPeer peer, int repeat) {
			this.context = context;
			this.data = data;
			this.peer = peer;
			this.repeat = repeat;
		}

		/** @param evaluations how many timed evaluations of the test images the peer does after training */
		Pair train(String name, String arch, TrainingOptions options, int evaluations) throws Exception {
			List<ChildRun.Result> ours = new ArrayList<>();
			List<ModelMetadata> saved = new ArrayList<>();
			List<PyTorchPeer.Run> theirs = new ArrayList<>();
			ModelStore store = context.service(ModelStore.class);
			for (int r = 0; r < repeat; r++) {
				boolean peerFirst = r % 2 == 0;
				if (peer != null && peerFirst) {
					theirs.add(peerRun(arch, options, evaluations));
				}
				if (r > 0) {
					store.delete(name);
				}
				ours.add(ourRun(name, arch, options));
				saved.add(store.find(name).orElseThrow());
				if (peer != null && !peerFirst) {
					theirs.add(peerRun(arch, options, evaluations));
				}
			}
			return new Pair(name, ours, saved, theirs);
		}

		private PyTorchPeer.Run peerRun(String arch, TrainingOptions options, int evaluations) throws Exception {
			context.err.println("PyTorch: training " + arch + " for " + options.epochs() + " epoch(s)…");
			return peer.train(data, arch, options, evaluations);
		}

		private ChildRun.Result ourRun(String name, String arch, TrainingOptions options) throws Exception {
			context.err.println("Digit Workbench: training " + arch + " for " + options.epochs() + " epoch(s)…");
			List<String> train = new ArrayList<>(List.of("train", "--arch", arch, "--name", name,
					"--epochs", Integer.toString(options.epochs()), "--batch-size", Integer.toString(options.batchSize()),
					"--lr", Double.toString(options.learningRate()), "--schedule", TrainCommand.scheduleName(options.schedule()),
					"--betas", options.beta1() + "," + options.beta2(), "--precision",
					TrainCommand.precisionName(options.precision()), "--seed", Long.toString(options.seed())));
			if (options.augment()) {
				train.add("--augment");
			}
			List<String> command = ChildRun.sameProduct("benchmark", train).orElseThrow(() -> new IllegalStateException(
					"cannot tell how this process was started, so cannot start its train command: run the benchmark through ./digits-workbench"));
			ChildRun.Result result = ChildRun.run(command, line -> {
			});
			if (result.exitCode() != 0) {
				throw new IllegalStateException("the train command failed (exit " + result.exitCode() + "): " + result.lastLine());
			}
			return result;
		}
	}

	private static void evaluations(CommandContext context, ModelStore store, ImageSet test, String name, int runs,
			boolean memory, double peerMillis) throws Exception {
		EvaluationService evaluator = context.service(EvaluationService.class);
		try (LoadedModel model = store.load(name)) {
			evaluator.evaluate(model, test, new NullProgressMonitor()); // warm-up
			long[] nanos = new long[runs];
			for (int i = 0; i < runs; i++) {
				long start = System.nanoTime();
				Evaluation evaluation = evaluator.evaluate(model, test, new NullProgressMonitor());
				nanos[i] = System.nanoTime() - start;
				if (evaluation.count() != test.count()) {
					throw new IllegalStateException("evaluated " + evaluation.count() + " images");
				}
			}
			Arrays.sort(nanos);
			String arch = model.architecture().id();
			long ourMillis = nanos[runs / 2] / 1_000_000;
			boolean peer = !Double.isNaN(peerMillis);
			row(context, "evaluate 10k test images (all probabilities), " + arch + " (median of " + runs + ")",
					ourMillis + " ms", peer ? Math.round(peerMillis) + " ms" : "", peer ? ratio(ourMillis, peerMillis) : "");
			if (memory) {
				// the Java heap grows to its working size in the first evaluations (each result is half a MB)
				long[] resident = new long[101];
				long[] heap = new long[101];
				long[] direct = new long[101];
				for (int i = 1; i <= 100; i++) {
					evaluator.evaluate(model, test, new NullProgressMonitor());
					resident[i] = resident();
					heap[i] = Runtime.getRuntime().totalMemory() >> 20;
					direct[i] = directBufferBytes() >> 20;
				}
				row(context, "100 more evaluations of the 10k test images (" + arch
						+ "): resident memory after the 1st, 10th, 50th, 100th (Java heap committed / direct buffers)",
						String.format(Locale.ROOT, "%d (%d / %d), %d (%d / %d), %d (%d / %d), %d (%d / %d) MB", resident[1],
								heap[1], direct[1], resident[10], heap[10], direct[10], resident[50], heap[50], direct[50],
								resident[100], heap[100], direct[100]), "", "");
			}
		}
	}

	/** Java's direct buffers not yet freed (DJL hands libtorch data through them; they go when the heap is collected). */
	private static long directBufferBytes() {
		return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream().filter(b -> b.getName().equals("direct"))
				.mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
	}

	private static void drawingLatency(CommandContext context, ModelStore store, ImageSet test, String name)
			throws Exception {
		try (LoadedModel model = store.load(name); Classifier classifier = model.newClassifier()) {
			InkImage[] drawings = new InkImage[200];
			for (int i = 0; i < drawings.length; i++) {
				drawings[i] = canvasSized(test, i);
			}
			int runs = 2000;
			long[] nanos = new long[runs];
			for (int i = -200; i < runs; i++) {
				long start = System.nanoTime();
				ModelInput input = Pipelines.MNIST.apply(drawings[Math.floorMod(i, drawings.length)]).orElseThrow();
				classifier.probabilities(input.normalized(model.metadata().normalization()));
				if (i >= 0) {
					nanos[i] = System.nanoTime() - start;
				}
			}
			Arrays.sort(nanos);
			row(context, "one 280×280 drawing → preprocessing → mlp → probabilities", String.format(Locale.ROOT,
					"median %.0f µs, p99 %.0f µs", nanos[runs / 2] / 1e3, nanos[runs * 99 / 100] / 1e3), "", "");
		}
	}

	/**
	 * Each architecture, trained with and without augmentation, on MNIST's test digits as scanned and as redrawn
	 * like canvas drawings, prepared by the MNIST-style pipeline and by the old script's plain one.
	 */
	private static void drawings(CommandContext context, ImageSet test, int mlpEpochs, int cnnEpochs, String suffix)
			throws Exception {
		context.err.println("Redrawing the 10k test digits like canvas drawings…");
		ImageSet drawnMnist = DrawingLikeDigits.redrawAll(test, Pipelines.MNIST, 7, "drawn", new NullProgressMonitor());
		ImageSet drawnPlain = DrawingLikeDigits.redrawAll(test, Pipelines.SIMPLE, 7, "drawn", new NullProgressMonitor());
		ModelStore store = context.service(ModelStore.class);
		EvaluationService evaluator = context.service(EvaluationService.class);
		for (String arch : List.of("mlp", "cnn")) {
			for (boolean augment : List.of(false, true)) {
				int epochs = arch.equals("mlp") ? mlpEpochs : cnnEpochs;
				// names of their own: the training rows' models are kept until the end of the run
				String name = arch + "-drawings" + (augment ? "-augmented" : "") + suffix;
				ModelMetadata trained = trainHere(context, name, arch, "mnist", Services.architecture(context, arch)
						.recommendedOptions().withEpochs(epochs).withAugment(augment));
				try (LoadedModel model = store.load(trained.name())) {
					double mnistStyle = evaluator.evaluate(model, drawnMnist, new NullProgressMonitor()).accuracy();
					double plain = evaluator.evaluate(model, drawnPlain, new NullProgressMonitor()).accuracy();
					row(context, String.format(Locale.ROOT, "drawing-like test digits, %s %d epochs%s", arch, epochs,
							augment ? ", augmented" : ""), String.format(Locale.ROOT,
									"%.2f %% (MNIST-style pipeline), %.2f %% (plain pipeline); MNIST test %.2f %%",
									100 * mnistStyle, 100 * plain, 100 * trained.testAccuracy()), "", "");
				} finally {
					store.delete(trained.name());
				}
			}
		}
		// the model for drawings: the cnn trained on MNIST's training digits redrawn the same way (not the test's)
		ModelMetadata trained = trainHere(context, "cnn-drawn" + suffix, "cnn", "mnist-drawn",
				Services.architecture(context, "cnn").recommendedOptions().withEpochs(cnnEpochs));
		try (LoadedModel model = store.load(trained.name())) {
			double mnistStyle = evaluator.evaluate(model, drawnMnist, new NullProgressMonitor()).accuracy();
			double scans = evaluator.evaluate(model, test, new NullProgressMonitor()).accuracy();
			row(context, String.format(Locale.ROOT, "drawing-like test digits, cnn %d epochs trained on mnist-drawn", cnnEpochs),
					String.format(Locale.ROOT, "%.2f %% (MNIST-style pipeline); MNIST test %.2f %%", 100 * mnistStyle,
							100 * scans), "", "");
		} finally {
			store.delete(trained.name());
		}
	}

	private static ModelMetadata trainHere(CommandContext context, String name, String arch, String dataset,
			TrainingOptions options) throws Exception {
		context.err.println("Training " + arch + " on " + dataset + " for " + options.epochs() + " epoch(s)"
				+ (options.augment() ? ", augmented" : "") + "…");
		Job job = context.service(TrainingService.class).train(new TrainingRequest(name, arch, dataset, options));
		job.schedule();
		job.join();
		if (!job.getResult().isOK()) {
			throw new IllegalStateException(job.getResult().getMessage(), job.getResult().getException());
		}
		return context.service(ModelStore.class).find(name).orElseThrow();
	}

	/** An MNIST test digit enlarged ×10 onto a 280×280 canvas, as a drawing would arrive from the canvas view. */
	private static InkImage canvasSized(ImageSet images, int index) {
		float[] ink = new float[280 * 280];
		for (int y = 0; y < 280; y++) {
			for (int x = 0; x < 280; x++) {
				ink[y * 280 + x] = images.pixel(index, y / 10, x / 10) / 255f;
			}
		}
		return new InkImage(280, 280, ink);
	}

	private static <T> double median(List<T> values, ToDoubleFunction<T> value) {
		double[] all = values.stream().mapToDouble(value).sorted().toArray();
		if (all.length == 0) {
			return Double.NaN;
		}
		return all.length % 2 == 1 ? all[all.length / 2] : (all[all.length / 2 - 1] + all[all.length / 2]) / 2;
	}

	private static String at(List<Long> values, int oneBased) {
		return values.size() >= oneBased ? values.get(oneBased - 1).toString() : "–";
	}

	private static String accuracy(double accuracy) {
		return String.format(Locale.ROOT, "%.2f %%", 100 * accuracy);
	}

	private static String ratio(double ours, double theirs) {
		return theirs > 0 ? String.format(Locale.ROOT, "**%.2f**", ours / theirs) : "";
	}

	private static void row(CommandContext context, String what, String ours, String peer, String ratio) {
		context.out.println("| " + what + " | " + ours + " | " + peer + " | " + ratio + " |");
	}

	private static long millis(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

	private static long resident() {
		return statusField("VmRSS:");
	}

	private static long peakResident() {
		return statusField("VmHWM:");
	}

	/** A field of this process's {@code /proc/self/status} in MB, -1 where there is none (not Linux). */
	private static long statusField(String name) {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith(name)) {
					return Long.parseLong(line.replaceAll("\\D", "")) >> 10;
				}
			}
		} catch (IOException | NumberFormatException e) {
			// not Linux
		}
		return -1;
	}
}
