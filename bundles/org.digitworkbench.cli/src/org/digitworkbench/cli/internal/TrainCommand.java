package org.digitworkbench.cli.internal;

import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.digitworkbench.engine.EngineService;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreException;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.training.TrainingEvents;
import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/** {@code train}: runs a training to the end, printing progress; Ctrl+C cancels it and keeps a checkpoint. */
final class TrainCommand implements Command {

	private static final long PROGRESS_EVERY_MILLIS = 5000;

	@Override
	public String name() {
		return "train";
	}

	@Override
	public String usage() {
		return "train --arch mlp|cnn --name NAME [--preset recommended|quick] [--epochs N] [--batch-size N] [--lr X] "
				+ "[--schedule cosine|constant|one-cycle] [--betas B1,B2] [--precision float32|mixed-bfloat16] [--seed N] "
				+ "[--augment] [--validation FRACTION] "
				+ "[--dataset mnist] [--keep-epochs|--no-keep-epochs]   |   train --from MODEL[@EPOCH] --dataset handwriting "
				+ "--name NEW [--epochs N] [--lr X] [--replay N] [--steps-per-epoch N] [--seed N]   |   "
				+ "train --from MODEL@EPOCH --name NEW [--epochs N]   |   train --resume NAME";
	}

	@Override
	public String summary() {
		return "train a model and save it in the store";
	}

	@Override
	public int run(List<String> raw, CommandContext context) throws Exception {
		Arguments arguments = Arguments.parse(raw,
				Set.of("arch", "name", "preset", "epochs", "batch-size", "lr", "schedule", "betas", "precision", "seed",
						"validation", "dataset", "resume", "from", "replay", "steps-per-epoch"),
				Set.of("augment", "keep-epochs", "no-keep-epochs"));
		if (arguments.flag("keep-epochs") && arguments.flag("no-keep-epochs")) {
			throw new UsageException("--keep-epochs and --no-keep-epochs exclude each other");
		}
		if (!arguments.positional().isEmpty()) {
			throw new UsageException("unexpected argument '" + arguments.positional().get(0) + "'");
		}
		TrainingService training = context.service(TrainingService.class);
		context.service(EngineService.class).awaitReady();
		Job job;
		String modelName;
		String resume = arguments.option("resume");
		try {
			if (resume != null) {
				modelName = resume;
				job = training.resume(resume);
			} else if (arguments.option("from") != null) {
				modelName = required(arguments, "name");
				ModelStore store = context.service(ModelStore.class);
				TrainingRequest request = arguments.option("dataset") == null
						? continuation(arguments, modelName, store)
						: fineTune(arguments, modelName, store);
				try {
					job = training.train(keepEpochs(arguments, request));
				} catch (IllegalArgumentException refused) { // the parent is missing, broken or of another design
					throw new IllegalStateException(refused.getMessage(), refused);
				}
			} else {
				String arch = required(arguments, "arch");
				modelName = required(arguments, "name");
				TrainingOptions defaults = preset(Services.architecture(context, arch), arguments.option("preset"));
				double[] betas = betas(arguments.option("betas"), defaults);
				TrainingOptions options = new TrainingOptions(
						arguments.intOption("epochs", defaults.epochs(), 1, 1000),
						arguments.intOption("batch-size", defaults.batchSize(), 1, 60000),
						arguments.doubleOption("lr", defaults.learningRate(), 0, 1),
						arguments.intOption("seed", (int) defaults.seed(), 0, Integer.MAX_VALUE),
						arguments.flag("augment") || defaults.augment(),
						arguments.fractionOption("validation", defaults.validationFraction(), 0.5),
						schedule(arguments.option("schedule", scheduleName(defaults.schedule()))), betas[0], betas[1],
						precision(arguments.option("precision", precisionName(defaults.precision()))));
				job = training.train(keepEpochs(arguments,
						new TrainingRequest(modelName, arch, arguments.option("dataset", "mnist"), options)));
			}
		} catch (IllegalArgumentException e) {
			throw new UsageException(e.getMessage());
		}

		ProgressPrinter printer = new ProgressPrinter(context, modelName);
		ServiceRegistration<EventHandler> progress = context.bundles().registerService(EventHandler.class, printer,
				topics());
		Thread cancelOnInterrupt = new Thread(() -> {
			context.err.println("Cancelling; the last completed epoch is kept (continue with: train --resume " + modelName + ")");
			job.cancel();
			try {
				job.join(10_000, null);
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}, "cancel training on Ctrl+C");
		Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
		try {
			job.schedule();
			job.join();
			// events arrive on EventAdmin's thread, in the order posted, FINISHED last: until it is here the run's
			// last lines ("After: …", "Saved …") may still be on their way, and unregistering would drop them
			printer.finished.await(10, TimeUnit.SECONDS);
		} finally {
			progress.unregister();
			try {
				Runtime.getRuntime().removeShutdownHook(cancelOnInterrupt);
			} catch (IllegalStateException shuttingDown) {
				// the hook is running: it cancels and waits for the job
			}
		}
		IStatus result = job.getResult();
		if (result == null || result.getSeverity() == IStatus.CANCEL) {
			context.err.println("Training cancelled; continue with: train --resume " + modelName);
			return CommandLineApplication.FAILURE;
		}
		if (!result.isOK()) {
			throw new IllegalStateException(result.getMessage(), result.getException());
		}
		ModelMetadata saved = context.service(ModelStore.class).find(modelName).orElseThrow(
				() -> new IllegalStateException("the training finished but the store has no model '" + modelName + "'"));
		context.out.printf("Saved model %s: %s on %s, %d epochs, test accuracy %.2f %% (%s)%n", saved.name(),
				saved.architectureId(), saved.datasetId(), saved.epochsDone(), 100 * saved.testAccuracy(),
				context.service(ModelStore.class).directory().resolve(saved.name()));
		return CommandLineApplication.OK;
	}

	/**
	 * {@code --from}: the parent's architecture, {@link TrainingOptions#FINE_TUNE} with what the user changed, in the
	 * parent's precision (the cnn's quick preset trains in bfloat16, 2.5× faster); the parent's training set is
	 * replayed.
	 */
	private static TrainingRequest fineTune(Arguments arguments, String modelName, ModelStore store)
			throws UsageException {
		for (String fixed : List.of("preset", "schedule", "betas", "precision", "validation")) {
			if (arguments.option(fixed) != null) {
				throw new UsageException("--" + fixed + " is not an option of a fine-tune (--from)");
			}
		}
		TrainingOptions recipe = TrainingOptions.FINE_TUNE;
		int batchSize = arguments.intOption("batch-size", recipe.batchSize(), 2, 60000);
		int replay = arguments.intOption("replay", Math.min(recipe.replay(), batchSize - 1), 0, batchSize - 1);
		TrainingOptions options = new TrainingOptions(arguments.intOption("epochs", recipe.epochs(), 1, 1000), batchSize,
				arguments.doubleOption("lr", recipe.learningRate(), 0, 1),
				arguments.intOption("seed", (int) recipe.seed(), 0, Integer.MAX_VALUE),
				recipe.augment() || arguments.flag("augment"), 0, recipe.schedule(), recipe.beta1(), recipe.beta2(),
				parentPrecision(store, arguments.option("from")).orElse(recipe.precision()), replay,
				arguments.intOption("steps-per-epoch", recipe.stepsPerEpoch(), 0, 1_000_000));
		return new TrainingRequest(modelName, arguments.option("arch"), required(arguments, "dataset"), options,
				arguments.option("from"));
	}

	/**
	 * {@code --from M@EPOCH} without {@code --dataset}: on with M's own run from that epoch's parameters — its
	 * dataset and options, the epochs it had left (Adam's state is not kept with an epoch: it starts afresh).
	 */
	private static TrainingRequest continuation(Arguments arguments, String modelName, ModelStore store)
			throws UsageException {
		String from = arguments.option("from");
		for (String other : List.of("preset", "replay", "steps-per-epoch", "validation")) {
			if (arguments.option(other) != null) {
				throw new UsageException("--" + other + " is for a fine-tune: name its --dataset");
			}
		}
		ModelMetadata parent;
		try (LoadedModel loaded = store.load(from)) {
			parent = loaded.metadata();
		} catch (ModelStoreException e) {
			throw new IllegalStateException("cannot continue from '" + from + "': " + e.getMessage(), e);
		}
		TrainingOptions own = parent.options();
		int left = Math.max(1, own.epochs() - parent.epochsDone());
		TrainingOptions options = new TrainingOptions(arguments.intOption("epochs", left, 1, 1000), own.batchSize(),
				arguments.doubleOption("lr", own.learningRate(), 0, 1),
				arguments.intOption("seed", (int) own.seed(), 0, Integer.MAX_VALUE), own.augment() || arguments.flag("augment"),
				own.validationFraction(), own.schedule(), own.beta1(), own.beta2(), own.precision(), 0, 0);
		return new TrainingRequest(modelName, arguments.option("arch"), parent.datasetId(), options, from);
	}

	/** The precision the parent trained in; empty when it is not a listed model (the service says why). */
	private static java.util.Optional<TrainingOptions.Precision> parentPrecision(ModelStore store, String parent) {
		int at = parent.lastIndexOf(org.digitworkbench.model.EpochSnapshot.SEPARATOR);
		return store.find(at > 0 ? parent.substring(0, at) : parent).map(m -> m.options().precision());
	}

	private static TrainingRequest keepEpochs(Arguments arguments, TrainingRequest request) {
		if (arguments.flag("keep-epochs")) {
			return request.withKeepEpochs(true);
		}
		return arguments.flag("no-keep-epochs") ? request.withKeepEpochs(false) : request;
	}

	private static TrainingOptions preset(ModelArchitecture architecture, String name) throws UsageException {
		if (name == null) {
			return architecture.recommendedOptions();
		}
		TrainingOptions preset = architecture.presets().get(name);
		if (preset == null) {
			throw new UsageException("--preset for " + architecture.id() + " must be one of "
					+ String.join(", ", architecture.presets().keySet()) + ", not '" + name + "'");
		}
		return preset;
	}

	private static double[] betas(String value, TrainingOptions defaults) throws UsageException {
		if (value == null) {
			return new double[] { defaults.beta1(), defaults.beta2() };
		}
		String[] parts = value.split(",");
		try {
			if (parts.length == 2) {
				return new double[] { Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()) };
			}
		} catch (NumberFormatException e) {
			// the message below says what is expected
		}
		throw new UsageException("--betas takes two numbers separated by a comma, e.g. 0.9,0.999, not '" + value + "'");
	}

	static String precisionName(TrainingOptions.Precision precision) {
		return precision.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static TrainingOptions.Precision precision(String name) throws UsageException {
		for (TrainingOptions.Precision precision : TrainingOptions.Precision.values()) {
			if (precisionName(precision).equalsIgnoreCase(name)) {
				return precision;
			}
		}
		throw new UsageException("--precision must be float32 or mixed-bfloat16, not '" + name + "'");
	}

	static String scheduleName(TrainingOptions.Schedule schedule) {
		return schedule.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static TrainingOptions.Schedule schedule(String name) throws UsageException {
		for (TrainingOptions.Schedule schedule : TrainingOptions.Schedule.values()) {
			if (scheduleName(schedule).equalsIgnoreCase(name) || schedule.name().equalsIgnoreCase(name)) {
				return schedule;
			}
		}
		throw new UsageException("--schedule must be cosine, constant or one-cycle, not '" + name + "'");
	}

	private static String required(Arguments arguments, String name) throws UsageException {
		String value = arguments.option(name);
		if (value == null || value.isBlank()) {
			throw new UsageException("--" + name + " is required");
		}
		return value;
	}

	private static Hashtable<String, Object> topics() {
		Hashtable<String, Object> properties = new Hashtable<>();
		properties.put(EventConstants.EVENT_TOPIC, TrainingEvents.TOPIC_ALL);
		return properties;
	}

	/** Prints the log, one progress line every few seconds, and each epoch's figures. */
	private static final class ProgressPrinter implements EventHandler {
		private final CommandContext context;
		private final String modelName;
		private long lastProgress;
		final CountDownLatch finished = new CountDownLatch(1);

		ProgressPrinter(CommandContext context, String modelName) {
			this.context = context;
			this.modelName = modelName;
		}

		@Override
		public void handleEvent(Event event) {
			if (!modelName.equals(event.getProperty(TrainingEvents.MODEL_NAME))) {
				return;
			}
			switch (event.getTopic()) {
			case TrainingEvents.FINISHED -> finished.countDown();
			case TrainingEvents.LOG -> context.out.println(event.getProperty(TrainingEvents.MESSAGE));
			case TrainingEvents.BATCH -> {
				long now = System.currentTimeMillis();
				if (now - lastProgress >= PROGRESS_EVERY_MILLIS) {
					lastProgress = now;
					context.out.printf("  epoch %s  batch %s/%s  loss %.4f  accuracy %.1f %%  %.0f images/s  ETA %s%n",
							event.getProperty(TrainingEvents.KEY_EPOCH), event.getProperty(TrainingEvents.KEY_BATCH),
							event.getProperty(TrainingEvents.BATCHES_PER_EPOCH),
							number(event, TrainingEvents.LOSS), 100 * number(event, TrainingEvents.RUNNING_ACCURACY),
							number(event, TrainingEvents.SAMPLES_PER_SECOND),
							duration(number(event, TrainingEvents.ETA_SECONDS)));
				}
			}
			default -> {
				// STARTED, EPOCH and FINISHED are summarised by the service's own LOG lines
			}
			}
		}

		private static double number(Event event, String key) {
			return event.getProperty(key) instanceof Number n ? n.doubleValue() : Double.NaN;
		}

		private static String duration(double seconds) {
			if (!(seconds >= 0)) {
				return "?";
			}
			long s = Math.round(seconds);
			return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
					: String.format("%d:%02d", s / 60, s % 60);
		}
	}
}
