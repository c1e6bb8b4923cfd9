package org.digitworkbench.training.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Normalization;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.engine.EngineInfo;
import org.digitworkbench.model.EpochSnapshot;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.internal.OwnThread;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStoreException;
import org.digitworkbench.model.internal.DjlModels;
import org.digitworkbench.model.NameReservation;
import org.digitworkbench.model.SeededDropout;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.training.Evaluation;
import org.digitworkbench.training.EvaluationEvents;
import org.digitworkbench.training.TrainingEvents;
import org.digitworkbench.training.TrainingRequest;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * One training run, readable top to bottom like PyTorch's examples/mnist: load, then per epoch shuffle, step through
 * batches, test, checkpoint; at the end save. One progress unit per batch; a cancel is honoured between batches (a few
 * milliseconds) and keeps the last completed epoch.
 * <p>
 * A step is the architecture's DJL block forward with autograd recording, then one {@link FusedStep} call (loss,
 * gradients, PyTorch's fused Adam). Nothing is read back from libtorch per batch except when an event is due.
 */
final class TrainingJob extends Job {

	private static final long EVENT_INTERVAL_NANOS = 50_000_000; // at most 20 batch events a second

	private final DjlTrainingService service;
	private final TrainingRequest request;
	private final TrainingOptions options;
	private final ModelArchitecture architecture;
	private final DatasetProvider dataset;
	private final int startEpoch;
	private final long earlierMillis;
	private final String runId = UUID.randomUUID().toString();
	/** The model's name, held from {@code train()} until the run ends (also when it is cancelled before it runs). */
	private final NameReservation name;
	/** The saved model a fine-tune starts from and the dataset it replays; {@code null} for a run from scratch. */
	private final FineTune fineTune;

	/** A fine-tune's parent (checked when the run was created) and the dataset replayed from (or {@code null}). */
	record FineTune(ModelMetadata parent, DatasetProvider replay, FineTuneFigures before) {
	}

	TrainingJob(DjlTrainingService service, TrainingRequest request, ModelArchitecture architecture,
			DatasetProvider dataset, int startEpoch, long earlierMillis, NameReservation name, FineTune fineTune) {
		super("Training " + request.modelName() + " (" + architecture.id() + " on " + dataset.id() + ")");
		this.service = service;
		this.request = request;
		this.options = request.options();
		this.architecture = architecture;
		this.dataset = dataset;
		this.startEpoch = startEpoch;
		this.earlierMillis = earlierMillis;
		this.name = name;
		this.fineTune = fineTune;
		setUser(true);
		setPriority(LONG);
		addJobChangeListener(new JobChangeAdapter() {
			@Override
			public void done(IJobChangeEvent event) {
				name.close();
			}
		});
	}

	@Override
	protected IStatus run(IProgressMonitor monitor) {
		String outcome = TrainingEvents.OUTCOME_FAILED;
		String message = "";
		try {
			IStatus status = OwnThread.call(getName(), () -> train(monitor));
			outcome = TrainingEvents.OUTCOME_COMPLETED;
			message = status.getMessage();
			return status;
		} catch (OperationCanceledException e) {
			outcome = TrainingEvents.OUTCOME_CANCELLED;
			message = "Cancelled; the last completed epoch is kept and can be resumed.";
			log(message);
			return Status.CANCEL_STATUS;
		} catch (Exception | LinkageError e) {
			message = "Training " + request.modelName() + " failed: " + (e.getMessage() == null ? e : e.getMessage());
			log(message);
			return Status.error(message, e);
		} catch (OutOfMemoryError e) { // the run's arrays are dropped with it: the application carries on
			message = "Training " + request.modelName() + " failed: not enough memory (" + e.getMessage()
					+ "); try a smaller batch size or dataset";
			log(message);
			return Status.error(message, e);
		} finally {
			name.close();
			post(TrainingEvents.FINISHED, Map.of(TrainingEvents.OUTCOME, outcome, TrainingEvents.MESSAGE, message));
		}
	}

	private IStatus train(IProgressMonitor monitor) throws Exception {
		EngineInfo engine = service.engine.awaitReady();
		SubMonitor progress = SubMonitor.convert(monitor, getName(), 100);
		if (!dataset.isAvailable()) {
			log("Fetching " + dataset.displayName() + " into " + dataset.location());
			dataset.fetch(progress.split(5));
		}
		ImageSet train = dataset.load(Split.TRAIN, progress.split(2));
		ImageSet test = dataset.load(Split.TEST, progress.split(1));
		int validation = (int) Math.round(train.count() * options.validationFraction());
		int trainCount = train.count() - validation;
		int batchSize = Math.min(options.batchSize(), trainCount);
		int batches = (trainCount + batchSize - 1) / batchSize;
		int imagesPerEpoch = trainCount;
		// the training set's figures, which the model keeps and is fed with ever after; a fine-tune keeps its parent's
		Normalization normalization = fineTune != null ? fineTune.parent().normalization() : train.normalization();
		ImageSet replayTest = null;
		ReplayPlan plan = null;
		if (fineTune != null || options.stepsPerEpoch() > 0) {
			ImageSet replay = null;
			if (fineTune != null && fineTune.replay() != null && options.replay() > 0) {
				log("Replaying " + options.replay() + " of every " + options.batchSize() + " images from "
						+ fineTune.replay().displayName() + ", the training set of " + request.parentModel());
				if (!fineTune.replay().isAvailable()) {
					fineTune.replay().fetch(progress.split(0));
				}
				replay = fineTune.replay().load(Split.TRAIN, progress.split(0));
				replayTest = fineTune.replay().load(Split.TEST, progress.split(0));
			}
			int[] own = Arrays.copyOf(shuffled(train.count(), new Random(options.seed())), trainCount);
			plan = new ReplayPlan(train, own, replay, options.batchSize(), options.replay(), options.stepsPerEpoch(),
					options.seed(), normalization);
			batchSize = plan.batchSize();
			batches = plan.steps();
			imagesPerEpoch = plan.length();
		}
		int epochsLeft = options.epochs() - startEpoch;
		post(TrainingEvents.STARTED, Map.of(TrainingEvents.ARCHITECTURE, architecture.id(), TrainingEvents.DATASET,
				dataset.id(), TrainingEvents.EPOCHS, options.epochs(), TrainingEvents.BATCHES_PER_EPOCH, batches));
		log(String.format(Locale.ROOT, "%s %s on %s: %d training images%s, %d test images, batch %d, Adam lr %s (%s), seed %d%s, %s",
				(startEpoch > 0 ? "Resuming" : "Training") + (fineTune != null ? " (from " + request.parentModel() + ")" : ""),
				architecture.id(), dataset.id(), trainCount,
				validation > 0 ? " (" + validation + " held out for validation)" : "", test.count(), batchSize,
				options.learningRate(), options.schedule().name().toLowerCase(Locale.ROOT), options.seed(),
				options.augment() ? ", augmented" : "", engine.summary()));

		// the validation images are the same in every epoch (and on resume): the tail of one seeded shuffle
		int[] order = shuffled(train.count(), new Random(options.seed()));
		int[] trainIndices = Arrays.copyOf(order, trainCount);
		ImageSet validationImages = validation > 0 ? train.subset(Arrays.copyOfRange(order, trainCount, order.length)) : null;
		long started = System.nanoTime();
		long totalSteps = (long) options.epochs() * batches;
		try (Model model = Model.newInstance(request.modelName()); NDManager manager = model.getNDManager().newSubManager()) {
			Block block = architecture.newBlock();
			model.setBlock(block);
			List<NDArray> parameters = initialise(block, model.getNDManager());
			if (fineTune != null && startEpoch == 0) { // a resumed one takes its checkpoint's
				startFromParent(block);
			}
			boolean mixed = mixedPrecision();
			List<Parameter> rounded = mixed ? block.getParameters().values().stream()
					.filter(p -> p.requiresGradient() && MixedPrecisionStore.rounded(p)).toList() : List.of();
			try (FusedStep step = new FusedStep(manager, parameters);
					ChannelsLast layout = ChannelsLast.forBlock(block, manager); // the evaluations'
					Batches data = Batches.of(plan != null ? plan.images() : train, architecture, step, manager,
							options.augment(), options.seed(), normalization, mixed)) {
				if (startEpoch > 0) {
					restoreCheckpoint(model, step, manager);
				}
				FineTuneFigures before = fineTune != null && startEpoch == 0
						? figures(block, normalization, manager, layout, test, replayTest) : null;
				if (before != null) {
					log("Before: " + before.describe(dataset.id(), replayTest));
				}
				if (startEpoch == 0) {
					name.discardEpochs(); // what an earlier run of the name kept
				}
				startDropout(block, (long) startEpoch * batches);
				MixedPrecisionStore mixedStore = new MixedPrecisionStore(manager);
				ParameterStore parameterStore = mixed ? mixedStore : new ParameterStore(manager, false);
				SubMonitor epochs = progress.split(92).setWorkRemaining(epochsLeft * (batches + 1));
				Evaluation lastTest = null;
				Staging staging = new Staging(); // every epoch's evaluations
				Tally lastEpoch = new Tally();
				for (int epoch = startEpoch + 1; epoch <= options.epochs(); epoch++) {
					long epochStart = System.nanoTime();
					// each epoch's order from the same start, so that a resumed run needs no earlier epoch's shuffle
					int[] epochOrder;
					if (plan != null) {
						epochOrder = plan.order(epoch);
					} else {
						epochOrder = trainIndices.clone();
						shuffle(epochOrder, new Random(Seeds.shuffle(options.seed(), epoch)));
					}
					data.startEpoch(epoch, epochOrder);
					Tally tally = new Tally();
					long lastEvent = System.nanoTime();
					for (int b = 0; b < batches; b++) {
						if (epochs.isCanceled()) {
							throw new OperationCanceledException();
						}
						int from = b * batchSize;
						int to = Math.min(epochOrder.length, from + batchSize);
						long stepIndex = (long) (epoch - 1) * batches + b;
						FusedStep.Hyper hyper = new FusedStep.Hyper(
								options.schedule().rate(options.learningRate(), stepIndex, totalSteps), options.beta1(), options.beta2(),
								1e-8, 0, 0);
						try (NDManager batch = manager.newSubManager()) {
							NDList xy = data.batch(batch, epoch, from, to);
							try (GradMode recording = GradMode.recording()) {
								if (mixed) {
									mixedStore.use(rounded, step.bfloat16(batch,
											rounded.stream().map(Parameter::getArray).toList()));
								}
								// the plain order here: channels-last made a quick cnn step 5 % faster but, with other rounding in
								// bfloat16, its one epoch ended at 98.87 % instead of 99.01 %
								NDArray logits = block.forward(parameterStore, new NDList(xy.get(0)), true).singletonOrThrow();
								step.step(logits, xy.get(1), hyper);
							}
						}
						epochs.worked(1);
						long now = System.nanoTime();
						if (now - lastEvent >= EVENT_INTERVAL_NANOS || b == batches - 1) {
							lastEvent = now;
							tally.add(step.takeStats());
							postBatch(epoch, b + 1, batches, tally, (now - epochStart) / 1e9, imagesPerEpoch);
							epochs.subTask(String.format(Locale.ROOT, "epoch %d/%d, batch %d/%d, loss %.4f, %.0f images/s",
									epoch, options.epochs(), b + 1, batches, tally.lastLoss, tally.seen / ((now - epochStart) / 1e9)));
						}
					}
					lastTest = Evaluations.evaluate(request.modelName(), block, architecture, normalization, manager, staging, layout, test, null);
					double validationAccuracy = validationImages != null
							? Evaluations.evaluate(request.modelName(), block, architecture, normalization, manager, staging, layout, validationImages, null).accuracy()
							: Double.NaN;
					epochs.worked(1);
					if (request.keepEpochs()) { // before the checkpoint: a resumed run writes it again
						name.keepEpoch(new EpochSnapshot(epoch, tally.loss(), tally.accuracy(), lastTest.loss(),
								lastTest.accuracy(), validationAccuracy, null), model);
					}
					long totalMillis = earlierMillis + (System.nanoTime() - started) / 1_000_000;
					try (NDManager scratch = manager.newSubManager()) {
						service.checkpointFiles().save(new Checkpoints.State(request, epoch, totalMillis,
								before != null ? before : fineTune == null ? null : fineTune.before()), block, step.optimizerState(scratch));
					}
					postEpoch(epoch, tally, lastTest, validationAccuracy);
					log(String.format(Locale.ROOT,
							"Epoch %d/%d: train loss %.4f, accuracy %.2f %%; test loss %.4f, accuracy %.2f %%%s (%.1f s)",
							epoch, options.epochs(), tally.loss(), 100 * tally.accuracy(), lastTest.loss(),
							100 * lastTest.accuracy(), Double.isNaN(validationAccuracy) ? ""
									: String.format(Locale.ROOT, "; validation %.2f %%", 100 * validationAccuracy),
							(System.nanoTime() - epochStart) / 1e9));
					lastEpoch = tally;
				}
				if (lastTest == null) { // resumed after the last epoch, when saving had failed
					lastTest = Evaluations.evaluate(request.modelName(), block, architecture, normalization, manager, staging, layout, test, null);
				}
				if (fineTune != null) {
					reportFineTune(before != null ? before : fineTune == null ? null : fineTune.before(), lastTest,
							replayTest == null ? null : Evaluations.evaluate(request.modelName(), block, architecture,
									normalization, manager, staging, layout, replayTest, null), replayTest);
				}
				return save(model, engine, lastTest, lastEpoch, test, normalization, started);
			}
		}
	}

	/** The last epoch's test evaluation is the model's: it is not run a second time. */
	private IStatus save(Model model, EngineInfo engine, Evaluation evaluation, Tally lastEpoch, ImageSet test,
			Normalization normalization, long started) throws IOException {
		long trainingMillis = earlierMillis + (System.nanoTime() - started) / 1_000_000;
		ModelMetadata metadata = new ModelMetadata(request.modelName(), architecture.id(), dataset.id(), options,
				options.epochs(), lastEpoch.loss(), lastEpoch.accuracy(), evaluation.loss(), evaluation.accuracy(),
				evaluation.perClass(), evaluation.confusion(), trainingMillis, Instant.now(),
				engine.name() + " " + engine.version(), engine.djlVersion(), 0, null,
				fineTune != null ? "fine-tuned" : "trained", normalization, request.parentModel());
		ModelMetadata saved = name.save(metadata, model);
		service.checkpointFiles().delete(request.modelName());
		service.post(EvaluationEvents.DONE, Map.of(EvaluationEvents.EVALUATION, evaluation, EvaluationEvents.IMAGES, test));
		String done = String.format(Locale.ROOT, "Saved %s: test accuracy %.2f %% after %d epochs, %.1f s",
				saved.name(), 100 * evaluation.accuracy(), options.epochs(), trainingMillis / 1000.0);
		log(done);
		return new Status(IStatus.OK, "org.digitworkbench.training", done);
	}

	/**
	 * Initialises {@code block} from the run's seed (PyTorch's default initialisers draw from libtorch's global
	 * generator, so two runs starting at once take turns) and returns the arrays to train, gradients attached.
	 */
	private List<NDArray> initialise(Block block, NDManager manager) {
		synchronized (service.initialisation) {
			Engine.getInstance().setRandomSeed((int) options.seed());
			block.initialize(manager, DataType.FLOAT32, architecture.inputShape(1));
		}
		List<NDArray> trainable = new ArrayList<>();
		for (Parameter parameter : block.getParameters().values()) {
			if (parameter.requiresGradient()) {
				NDArray array = parameter.getArray();
				array.setRequiresGradient(true);
				trainable.add(array);
			}
		}
		return trainable;
	}

	/** Copies the parent's parameters into {@code block} (initialised already, so that every array exists). */
	private void startFromParent(Block block) throws IOException {
		try (LoadedModel parent = service.store.load(request.parentModel())) {
			var source = DjlModels.model(parent).getBlock().getParameters();
			var target = block.getParameters();
			if (source.size() != target.size()) {
				throw new IOException(request.parentModel() + " has " + source.size() + " parameters, a new '"
						+ architecture.id() + "' " + target.size());
			}
			try (GradMode off = GradMode.off()) {
				for (int i = 0; i < target.size(); i++) {
					NDArray from = source.valueAt(i).getArray();
					NDArray to = target.valueAt(i).getArray();
					if (!from.getShape().equals(to.getShape())) {
						throw new IOException(request.parentModel() + ": parameter " + source.keyAt(i) + " is "
								+ from.getShape() + ", not " + to.getShape());
					}
					from.copyTo(to);
				}
			}
		} catch (ModelStoreException e) {
			throw new IOException("cannot start from " + request.parentModel() + ": " + e.getMessage(), e);
		}
		log("Starting from the parameters of " + request.parentModel());
	}

	/** Accuracy on the run's test split and on the replayed dataset's, as the block stands. */
	private FineTuneFigures figures(Block block, Normalization normalization, NDManager manager, ChannelsLast layout,
			ImageSet test, ImageSet replayTest) {
		Staging staging = new Staging();
		Evaluation own = Evaluations.evaluate(request.modelName(), block, architecture, normalization, manager, staging,
				layout, test, null);
		double replayAccuracy = replayTest == null ? Double.NaN
				: Evaluations.evaluate(request.modelName(), block, architecture, normalization, manager, staging,
						layout, replayTest, null).accuracy();
		return new FineTuneFigures(own.accuracy(), own.count(), replayAccuracy);
	}

	private void reportFineTune(FineTuneFigures before, Evaluation test, Evaluation replayTest, ImageSet replayImages) {
		FineTuneFigures after = new FineTuneFigures(test.accuracy(), test.count(),
				replayTest == null ? Double.NaN : replayTest.accuracy());
		log("After: " + after.describe(dataset.id(), replayImages));
		Map<String, Object> properties = new HashMap<>();
		properties.put(TrainingEvents.PARENT_MODEL, request.parentModel());
		properties.put(TrainingEvents.TEST_COUNT, after.testCount());
		properties.put(TrainingEvents.TEST_ACCURACY_BEFORE, before == null ? Double.NaN : before.testAccuracy());
		properties.put(TrainingEvents.TEST_ACCURACY, after.testAccuracy());
		properties.put(TrainingEvents.REPLAY_DATASET, replayImages == null ? "" : replayImages.datasetId());
		properties.put(TrainingEvents.REPLAY_ACCURACY_BEFORE, before == null ? Double.NaN : before.replayAccuracy());
		properties.put(TrainingEvents.REPLAY_ACCURACY, after.replayAccuracy());
		post(TrainingEvents.FINE_TUNED, properties);
	}

	/** Mixed precision when asked for and this CPU has bfloat16 instructions (else it would be slower). */
	private boolean mixedPrecision() {
		if (options.precision() != TrainingOptions.Precision.MIXED_BFLOAT16) {
			return false;
		}
		if (MixedPrecisionStore.supported()) {
			log("Mixed precision: convolutions and matrix products in bfloat16, parameters, Adam and the loss in float32.");
			return true;
		}
		log("This CPU has no bfloat16 instructions (AVX512-BF16, AMX): training in float32 instead.");
		return false;
	}

	/** Each dropout layer's masks continue from the run's seed and the steps done. */
	private void startDropout(Block block, long stepsDone) {
		List<SeededDropout> layers = new ArrayList<>();
		collectDropout(block, layers);
		for (int i = 0; i < layers.size(); i++) {
			layers.get(i).startAt(Seeds.dropout(options.seed(), i), stepsDone);
		}
	}

	private static void collectDropout(Block block, List<SeededDropout> into) {
		if (block instanceof SeededDropout dropout) {
			into.add(dropout);
		}
		for (Block child : block.getChildren().values()) {
			collectDropout(child, into);
		}
	}

	/**
	 * Copies the checkpoint's values into the parameters in place (the fused step holds the arrays it was given), and
	 * Adam's moments and step counts into the step.
	 */
	private void restoreCheckpoint(Model model, FusedStep step, NDManager manager) throws IOException {
		try (NDManager scratch = manager.newSubManager()) {
			Block saved = architecture.newBlock();
			saved.initialize(scratch, DataType.FLOAT32, architecture.inputShape(1));
			service.checkpointFiles().loadParameters(request.modelName(), saved, scratch);
			var target = model.getBlock().getParameters();
			var source = saved.getParameters();
			try (GradMode off = GradMode.off()) {
				for (int i = 0; i < target.size(); i++) {
					source.valueAt(i).getArray().copyTo(target.valueAt(i).getArray());
				}
			}
			var optimizer = service.checkpointFiles().loadOptimizerState(request.modelName(), scratch);
			if (optimizer.isPresent()) {
				step.loadOptimizerState(optimizer.get());
			} else {
				log("The checkpoint has no optimizer state (written by an older version): Adam starts afresh.");
			}
		}
	}

	/** Running sums of one epoch, taken from the fused step when an event is due. */
	private static final class Tally {
		double lossSum;
		long correct;
		long seen;
		double lastLoss = Double.NaN;

		void add(FusedStep.Stats stats) {
			lossSum += stats.lossSum();
			correct += stats.correct();
			seen += stats.seen();
			lastLoss = stats.lastLoss();
		}

		double loss() {
			return seen == 0 ? Double.NaN : lossSum / seen;
		}

		double accuracy() {
			return seen == 0 ? Double.NaN : (double) correct / seen;
		}
	}

	private void postBatch(int epoch, int batch, int batches, Tally tally, double seconds, int trainCount) {
		double rate = tally.seen / Math.max(seconds, 1e-9);
		long remainingImages = (long) (options.epochs() - epoch) * trainCount + (trainCount - tally.seen);
		Map<String, Object> properties = new HashMap<>();
		properties.put(TrainingEvents.KEY_EPOCH, epoch);
		properties.put(TrainingEvents.KEY_BATCH, batch);
		properties.put(TrainingEvents.BATCHES_PER_EPOCH, batches);
		properties.put(TrainingEvents.LOSS, tally.lastLoss);
		properties.put(TrainingEvents.RUNNING_ACCURACY, tally.accuracy());
		properties.put(TrainingEvents.SAMPLES_PER_SECOND, rate);
		properties.put(TrainingEvents.ETA_SECONDS, remainingImages / rate);
		post(TrainingEvents.BATCH, properties);
	}

	private void postEpoch(int epoch, Tally tally, Evaluation test, double validationAccuracy) {
		Map<String, Object> properties = new HashMap<>();
		properties.put(TrainingEvents.KEY_EPOCH, epoch);
		properties.put(TrainingEvents.TRAIN_LOSS, tally.loss());
		properties.put(TrainingEvents.TRAIN_ACCURACY, tally.accuracy());
		properties.put(TrainingEvents.TEST_LOSS, test.loss());
		properties.put(TrainingEvents.TEST_ACCURACY, test.accuracy());
		properties.put(TrainingEvents.VALIDATION_ACCURACY, validationAccuracy);
		post(TrainingEvents.EPOCH, properties);
	}


	private static int[] shuffled(int count, Random random) {
		int[] order = new int[count];
		for (int i = 0; i < count; i++) {
			order[i] = i;
		}
		shuffle(order, random);
		return order;
	}

	private static void shuffle(int[] values, Random random) {
		for (int i = values.length - 1; i > 0; i--) {
			int j = random.nextInt(i + 1);
			int swap = values[i];
			values[i] = values[j];
			values[j] = swap;
		}
	}

	private void log(String message) {
		post(TrainingEvents.LOG, Map.of(TrainingEvents.MESSAGE, message));
	}

	private void post(String topic, Map<String, Object> properties) {
		Map<String, Object> all = new HashMap<>(properties);
		all.put(TrainingEvents.RUN_ID, runId);
		all.put(TrainingEvents.MODEL_NAME, request.modelName());
		service.post(topic, all);
	}

	@Override
	public boolean belongsTo(Object family) {
		return family == TrainingJob.class || super.belongsTo(family);
	}
}
