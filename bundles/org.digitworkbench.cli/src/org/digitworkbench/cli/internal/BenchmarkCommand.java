package org.digitworkbench.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.drawings.DrawingLikeDigits;
import org.digitworkbench.engine.EngineInfo;
import org.digitworkbench.engine.EngineService;
import org.digitworkbench.model.Classifier;
import org.digitworkbench.model.LoadedModel;
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
 * {@code benchmark}: the speed and memory figures of the README's table, measured through the same services the
 * product uses. Trains throw-away models and deletes them afterwards.
 */
final class BenchmarkCommand implements Command {

	@Override
	public String name() {
		return "benchmark";
	}

	@Override
	public String usage() {
		return "benchmark [--mlp-epochs N] [--cnn-epochs N] [--drawings]";
	}

	@Override
	public String summary() {
		return "measure training, evaluation and single-image speed (prints a table)";
	}

	@Override
	public int run(List<String> raw, CommandContext context) throws Exception {
		Arguments arguments = Arguments.parse(raw, Set.of("mlp-epochs", "cnn-epochs"), Set.of("drawings"));
		int mlpEpochs = arguments.intOption("mlp-epochs", 5, 1, 100);
		int cnnEpochs = arguments.intOption("cnn-epochs", 3, 0, 100);
		EngineInfo engine = context.service(EngineService.class).awaitReady();
		ModelStore store = context.service(ModelStore.class);
		String suffix = "-benchmark-" + System.currentTimeMillis();
		context.out.printf("Digit Workbench benchmark: %s, %d cores, Java %s%n%n", engine.summary(),
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
		context.out.println("| measurement | result |");
		context.out.println("|---|---|");

		long loadStart = System.nanoTime();
		ImageSet train = Services.load(context, Services.dataset(context, "mnist"), Split.TRAIN);
		row(context, "load 60k training images (IDX → memory)", millis(loadStart) + " ms (" + train.count() + " images)");
		ImageSet test = Services.load(context, Services.dataset(context, "mnist"), Split.TEST);

		ModelMetadata mlp = train(context, "mlp" + suffix, "mlp", mlpEpochs);
		row(context, "seed MLP, " + mlpEpochs + " epochs, Adam 0.001 cosine-decayed (wall)", String.format(Locale.ROOT, "%.1f s, test accuracy %.2f %%",
				mlp.trainingMillis() / 1000.0, 100 * mlp.testAccuracy()));
		if (cnnEpochs > 0) {
			ModelMetadata cnn = train(context, "cnn" + suffix, "cnn", cnnEpochs);
			row(context, "CNN, per epoch", String.format(Locale.ROOT, "%.1f s (test accuracy %.2f %% after %d epochs)",
					cnn.trainingMillis() / 1000.0 / cnnEpochs, 100 * cnn.testAccuracy(), cnnEpochs));
			store.delete(cnn.name());
		}
		try (LoadedModel model = store.load(mlp.name())) {
			EvaluationService evaluator = context.service(EvaluationService.class);
			evaluator.evaluate(model, test, new NullProgressMonitor()); // warm-up
			long[] evalNanos = new long[5];
			for (int i = 0; i < evalNanos.length; i++) {
				long start = System.nanoTime();
				Evaluation evaluation = evaluator.evaluate(model, test, new NullProgressMonitor());
				evalNanos[i] = System.nanoTime() - start;
				if (evaluation.count() != test.count()) {
					throw new IllegalStateException("evaluated " + evaluation.count() + " images");
				}
			}
			Arrays.sort(evalNanos);
			row(context, "evaluate 10k test images (MLP, median of 5)", evalNanos[2] / 1_000_000 + " ms");

			try (Classifier classifier = model.newClassifier()) {
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
				row(context, "one 280×280 drawing → preprocessing → MLP → probabilities", String.format(Locale.ROOT,
						"median %.0f µs, p99 %.0f µs", nanos[runs / 2] / 1e3, nanos[runs * 99 / 100] / 1e3));
			}
		} finally {
			store.delete(mlp.name());
		}
		if (arguments.flag("drawings")) {
			drawings(context, test, mlpEpochs, Math.max(1, cnnEpochs), suffix);
		}
		row(context, "peak memory", String.format(Locale.ROOT, "resident %s, Java heap used %d MB", peakResident(),
				(Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20));
		return CommandLineApplication.OK;
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
				String name = arch + (augment ? "-augmented" : "") + suffix;
				ModelMetadata trained = train(context, name, arch, Services.architecture(context, arch)
						.recommendedOptions().withEpochs(epochs).withAugment(augment));
				try (LoadedModel model = store.load(trained.name())) {
					double mnistStyle = evaluator.evaluate(model, drawnMnist, new NullProgressMonitor()).accuracy();
					double plain = evaluator.evaluate(model, drawnPlain, new NullProgressMonitor()).accuracy();
					row(context, String.format(Locale.ROOT, "drawing-like test digits, %s %d epochs%s", arch, epochs,
							augment ? ", augmented" : ""), String.format(Locale.ROOT,
									"%.2f %% (MNIST-style pipeline), %.2f %% (plain pipeline); MNIST test %.2f %%",
									100 * mnistStyle, 100 * plain, 100 * trained.testAccuracy()));
				} finally {
					store.delete(trained.name());
				}
			}
		}
	}

	private static ModelMetadata train(CommandContext context, String name, String arch, int epochs) throws Exception {
		return train(context, name, arch, Services.architecture(context, arch).recommendedOptions().withEpochs(epochs));
	}

	private static ModelMetadata train(CommandContext context, String name, String arch, TrainingOptions options)
			throws Exception {
		context.err.println("Training " + arch + " for " + options.epochs() + " epoch(s)" + (options.augment() ? ", augmented" : "") + "…");
		Job job = context.service(TrainingService.class).train(new TrainingRequest(name, arch, "mnist", options));
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

	private static void row(CommandContext context, String what, String result) {
		context.out.println("| " + what + " | " + result + " |");
	}

	private static long millis(long start) {
		return (System.nanoTime() - start) / 1_000_000;
	}

	private static String peakResident() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmHWM:")) {
					return (Long.parseLong(line.replaceAll("\\D", "")) >> 10) + " MB";
				}
			}
		} catch (IOException | NumberFormatException e) {
			// not Linux: fall through
		}
		return "unknown";
	}
}
