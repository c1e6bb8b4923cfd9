package org.digitworkbench.training.internal;

import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.engine.EngineInfo;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
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
import org.eclipse.core.runtime.jobs.Job;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

/**
 * One training run, readable top to bottom like PyTorch's examples/mnist: load, then per epoch shuffle, step through
 * batches, test, checkpoint; at the end evaluate and save. One progress unit per batch; a cancel is honoured between
 * batches (a few milliseconds) and keeps the last completed epoch.
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

	TrainingJob(DjlTrainingService service, TrainingRequest request, ModelArchitecture architecture,
			DatasetProvider dataset, int startEpoch, long earlierMillis) {
		super("Training " + request.modelName() + " (" + architecture.id() + " on " + dataset.id() + ")");
		this.service = service;
		this.request = request;
		this.options = request.options();
		this.architecture = architecture;
		this.dataset = dataset;
		this.startEpoch = startEpoch;
		this.earlierMillis = earlierMillis;
		setUser(true);
		setPriority(LONG);
	}

	@Override
	protected IStatus run(IProgressMonitor monitor) {
		String outcome = TrainingEvents.OUTCOME_FAILED;
		String message = "";
		try {
			IStatus status = train(monitor);
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
		} finally {
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
		int epochsLeft = options.epochs() - startEpoch;
		post(TrainingEvents.STARTED, Map.of(TrainingEvents.ARCHITECTURE, architecture.id(), TrainingEvents.DATASET,
				dataset.id(), TrainingEvents.EPOCHS, options.epochs(), TrainingEvents.BATCHES_PER_EPOCH, batches));
		log(String.format(Locale.ROOT, "%s %s on %s: %d training images%s, %d test images, batch %d, Adam lr %s (%s), seed %d%s, %s",
				startEpoch > 0 ? "Resuming" : "Training", architecture.id(), dataset.id(), trainCount,
				validation > 0 ? " (" + validation + " held out for validation)" : "", test.count(), batchSize,
				options.learningRate(), options.schedule().name().toLowerCase(Locale.ROOT), options.seed(),
				options.augment() ? ", augmented" : "", engine.summary()));

		Engine.getInstance().setRandomSeed((int) options.seed());
		long started = System.nanoTime();
		try (Model model = Model.newInstance(request.modelName())) {
			model.setBlock(architecture.newBlock());
			// Adam counts its own updates from 1, also after a resume: offset them by the steps already done
			long totalSteps = (long) options.epochs() * batches;
			long stepsDone = (long) startEpoch * batches;
			Tracker learningRate = update -> (float) options.schedule().rate(options.learningRate(),
					stepsDone + Math.max(0, update - 1), totalSteps);
			DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
					.optOptimizer(Optimizer.adam().optLearningRateTracker(learningRate).build());
			try (Trainer trainer = model.newTrainer(config)) {
				trainer.initialize(architecture.inputShape(batchSize));
				if (startEpoch > 0) {
					restoreCheckpoint(model);
				}
				NDManager manager = trainer.getManager();
				NDArray allImages = options.augment() ? null : Inputs.allImages(manager, train);
				float[] labels = Inputs.labels(train, 0, train.count());
				int[] order = shuffled(train.count(), new Random(options.seed()));
				// the validation images are the same in every epoch (and on resume): the tail of one seeded shuffle
				int[] validationIndices = java.util.Arrays.copyOfRange(order, trainCount, train.count());
				int[] trainIndices = java.util.Arrays.copyOf(order, trainCount);
				SubMonitor epochs = progress.split(92).setWorkRemaining(epochsLeft * (batches + 1));
				double trainLoss = Double.NaN;
				double trainAccuracy = Double.NaN;
				for (int epoch = startEpoch + 1; epoch <= options.epochs(); epoch++) {
					Random random = new Random(options.seed() * 1_000_003L + epoch);
					shuffle(trainIndices, random);
					double lossSum = 0;
					long correct = 0;
					long seen = 0;
					long lastEvent = 0;
					long epochStart = System.nanoTime();
					float batchLoss = Float.NaN;
					NDArray epochImages = null;
					try (NDManager epochManager = manager.newSubManager()) {
						if (allImages != null) {
							epochImages = allImages.get(new NDIndex("{}", epochManager.create(toLong(trainIndices))));
						}
						for (int b = 0; b < batches; b++) {
							if (epochs.isCanceled()) {
								throw new OperationCanceledException();
							}
							int from = b * batchSize;
							int to = Math.min(trainCount, from + batchSize);
							try (NDManager batch = epochManager.newSubManager()) {
								NDArray x;
								if (epochImages != null) {
									x = epochImages.get(from + ":" + to);
									x.attach(batch);
									x = x.reshape(architecture.inputShape(to - from));
								} else {
									x = batch.create(Augmentation.batch(train, trainIndices, from, to, random),
											architecture.inputShape(to - from));
								}
								float[] y = new float[to - from];
								for (int i = from; i < to; i++) {
									y[i - from] = labels[trainIndices[i]];
								}
								NDArray target = batch.create(y);
								NDArray loss;
								NDArray predictions;
								try (GradientCollector collector = trainer.newGradientCollector()) {
									predictions = trainer.forward(new NDList(x)).singletonOrThrow();
									loss = trainer.getLoss().evaluate(new NDList(target), new NDList(predictions));
									collector.backward(loss);
								}
								trainer.step();
								batchLoss = loss.getFloat();
								long batchCorrect = predictions.argMax(1).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
										.eq(target).countNonzero().getLong();
								lossSum += batchLoss * (to - from);
								correct += batchCorrect;
								seen += to - from;
							}
							epochs.worked(1);
							long now = System.nanoTime();
							if (now - lastEvent >= EVENT_INTERVAL_NANOS || b == batches - 1) {
								lastEvent = now;
								double seconds = (now - epochStart) / 1e9;
								double rate = seen / Math.max(seconds, 1e-9);
								long remainingImages = (long) (options.epochs() - epoch) * trainCount + (trainCount - seen);
								Map<String, Object> properties = new HashMap<>();
								properties.put(TrainingEvents.KEY_EPOCH, epoch);
								properties.put(TrainingEvents.KEY_BATCH, b + 1);
								properties.put(TrainingEvents.BATCHES_PER_EPOCH, batches);
								properties.put(TrainingEvents.LOSS, (double) batchLoss);
								properties.put(TrainingEvents.RUNNING_ACCURACY, (double) correct / seen);
								properties.put(TrainingEvents.SAMPLES_PER_SECOND, rate);
								properties.put(TrainingEvents.ETA_SECONDS, remainingImages / rate);
								post(TrainingEvents.BATCH, properties);
								epochs.subTask(String.format(Locale.ROOT, "epoch %d/%d, batch %d/%d, loss %.4f, %.0f images/s",
										epoch, options.epochs(), b + 1, batches, batchLoss, rate));
							}
						}
					}
					trainLoss = lossSum / seen;
					trainAccuracy = (double) correct / seen;
					Evaluation epochTest = Evaluations.evaluate(request.modelName(), model.getBlock(), architecture,
							manager, test, null);
					double validationAccuracy = validation > 0
							? Evaluations.evaluate(request.modelName(), model.getBlock(), architecture, manager,
									subset(train, validationIndices), null).accuracy()
							: Double.NaN;
					epochs.worked(1);
					long totalMillis = earlierMillis + (System.nanoTime() - started) / 1_000_000;
					service.checkpointFiles().save(new Checkpoints.State(request, epoch, totalMillis), model.getBlock());
					Map<String, Object> properties = new HashMap<>();
					properties.put(TrainingEvents.KEY_EPOCH, epoch);
					properties.put(TrainingEvents.TRAIN_LOSS, trainLoss);
					properties.put(TrainingEvents.TRAIN_ACCURACY, trainAccuracy);
					properties.put(TrainingEvents.TEST_LOSS, epochTest.loss());
					properties.put(TrainingEvents.TEST_ACCURACY, epochTest.accuracy());
					properties.put(TrainingEvents.VALIDATION_ACCURACY, validationAccuracy);
					post(TrainingEvents.EPOCH, properties);
					log(String.format(Locale.ROOT,
							"Epoch %d/%d: train loss %.4f, accuracy %.2f %%; test loss %.4f, accuracy %.2f %%%s (%.1f s)",
							epoch, options.epochs(), trainLoss, 100 * trainAccuracy, epochTest.loss(),
							100 * epochTest.accuracy(), Double.isNaN(validationAccuracy) ? ""
									: String.format(Locale.ROOT, "; validation %.2f %%", 100 * validationAccuracy),
							(System.nanoTime() - epochStart) / 1e9));
				}

				Evaluation evaluation = Evaluations.evaluate(request.modelName(), model.getBlock(), architecture, manager,
						test, null);
				long trainingMillis = earlierMillis + (System.nanoTime() - started) / 1_000_000;
				ModelMetadata metadata = new ModelMetadata(request.modelName(), architecture.id(), dataset.id(), options,
						options.epochs(), trainLoss, trainAccuracy, evaluation.loss(), evaluation.accuracy(),
						evaluation.perClass(), evaluation.confusion(), trainingMillis, Instant.now(),
						engine.name() + " " + engine.version(), engine.djlVersion(), 0, null, "trained");
				ModelMetadata saved = service.store.save(metadata, model);
				service.checkpointFiles().delete(request.modelName());
				service.post(EvaluationEvents.DONE, Map.of(EvaluationEvents.EVALUATION, evaluation,
						EvaluationEvents.IMAGES, test));
				String done = String.format(Locale.ROOT, "Saved %s: test accuracy %.2f %% after %d epochs, %.1f s",
						saved.name(), 100 * evaluation.accuracy(), options.epochs(), trainingMillis / 1000.0);
				log(done);
				return new Status(IStatus.OK, "org.digitworkbench.training", done);
			}
		}
	}

	/**
	 * Copies the checkpoint's values into the parameters in place: the trainer holds on to the arrays it initialised,
	 * so replacing them would leave it training arrays nobody reads.
	 */
	private void restoreCheckpoint(Model model) throws java.io.IOException {
		try (NDManager scratch = model.getNDManager().newSubManager()) {
			ai.djl.nn.Block saved = architecture.newBlock();
			saved.initialize(scratch, ai.djl.ndarray.types.DataType.FLOAT32, architecture.inputShape(1));
			service.checkpointFiles().loadParameters(request.modelName(), saved, scratch);
			var target = model.getBlock().getParameters();
			var source = saved.getParameters();
			for (int i = 0; i < target.size(); i++) {
				source.valueAt(i).getArray().copyTo(target.valueAt(i).getArray());
			}
		}
	}

	private static ImageSet subset(ImageSet images, int[] indices) {
		int size = images.pixelsPerImage();
		byte[] pixels = new byte[indices.length * size];
		byte[] labels = new byte[indices.length];
		for (int i = 0; i < indices.length; i++) {
			System.arraycopy(images.pixelData(), indices[i] * size, pixels, i * size, size);
			labels[i] = images.labelData()[indices[i]];
		}
		return new ImageSet(images.datasetId(), images.split(), images.rows(), images.columns(), pixels, labels,
				images.classNames());
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

	private static long[] toLong(int[] values) {
		long[] out = new long[values.length];
		for (int i = 0; i < values.length; i++) {
			out[i] = values[i];
		}
		return out;
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
