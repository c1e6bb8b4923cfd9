package org.digitworkbench.training;

/**
 * EventAdmin topics and property keys of a training run (posted asynchronously). Subscribe to {@link #TOPIC_ALL};
 * in e4 use {@code @Inject @Optional void on(@UIEventTopic(TrainingEvents.BATCH) Map<String, Object> e)} or an
 * {@code EventHandler}. Every event carries {@link #RUN_ID} and {@link #MODEL_NAME}.
 */
public final class TrainingEvents {

	public static final String TOPIC_ALL = "org/digitworkbench/training/*";

	/** A run started: {@link #ARCHITECTURE}, {@link #DATASET}, {@link #EPOCHS}, {@link #BATCHES_PER_EPOCH}. */
	public static final String STARTED = "org/digitworkbench/training/STARTED";
	/**
	 * After each batch (at most every 50 ms): {@link #KEY_EPOCH}, {@link #KEY_BATCH}, {@link #BATCHES_PER_EPOCH},
	 * {@link #LOSS}, {@link #RUNNING_ACCURACY}, {@link #SAMPLES_PER_SECOND}, {@link #ETA_SECONDS}.
	 */
	public static final String BATCH = "org/digitworkbench/training/BATCH";
	/**
	 * After each epoch: {@link #KEY_EPOCH}, {@link #TRAIN_LOSS}, {@link #TRAIN_ACCURACY}, {@link #TEST_LOSS},
	 * {@link #TEST_ACCURACY}, {@link #VALIDATION_ACCURACY} (NaN without a validation split).
	 */
	public static final String EPOCH = "org/digitworkbench/training/EPOCH";
	/** A line for the training log: {@link #MESSAGE}. */
	public static final String LOG = "org/digitworkbench/training/LOG";
	/** The run ended: {@link #OUTCOME} (one of the OUTCOME_ values), {@link #MESSAGE}. */
	public static final String FINISHED = "org/digitworkbench/training/FINISHED";
	/**
	 * A fine-tune ended (posted before {@link #FINISHED}): {@link #PARENT_MODEL}, {@link #TEST_COUNT} (the run's test
	 * split: the user's held-back samples), {@link #TEST_ACCURACY_BEFORE} (the parent's) and {@link #TEST_ACCURACY}
	 * (the new model's), {@link #REPLAY_DATASET} (the parent's dataset, empty without replay) with
	 * {@link #REPLAY_ACCURACY_BEFORE} and {@link #REPLAY_ACCURACY} on its test split. Accuracies in [0, 1], NaN when
	 * unknown.
	 *
	 * @since 0.1.2
	 */
	public static final String FINE_TUNED = "org/digitworkbench/training/FINE_TUNED";

	public static final String RUN_ID = "runId";
	public static final String MODEL_NAME = "modelName";
	public static final String ARCHITECTURE = "architecture";
	public static final String DATASET = "dataset";
	public static final String EPOCHS = "epochs";
	public static final String KEY_EPOCH = "epoch";
	public static final String KEY_BATCH = "batch";
	public static final String BATCHES_PER_EPOCH = "batchesPerEpoch";
	public static final String LOSS = "loss";
	public static final String RUNNING_ACCURACY = "runningAccuracy";
	public static final String SAMPLES_PER_SECOND = "samplesPerSecond";
	public static final String ETA_SECONDS = "etaSeconds";
	public static final String TRAIN_LOSS = "trainLoss";
	public static final String TRAIN_ACCURACY = "trainAccuracy";
	public static final String TEST_LOSS = "testLoss";
	public static final String TEST_ACCURACY = "testAccuracy";
	public static final String VALIDATION_ACCURACY = "validationAccuracy";
	/** @since 0.1.2 */
	public static final String PARENT_MODEL = "parentModel";
	/** @since 0.1.2 */
	public static final String TEST_COUNT = "testCount";
	/** @since 0.1.2 */
	public static final String TEST_ACCURACY_BEFORE = "testAccuracyBefore";
	/** @since 0.1.2 */
	public static final String REPLAY_DATASET = "replayDataset";
	/** @since 0.1.2 */
	public static final String REPLAY_ACCURACY_BEFORE = "replayAccuracyBefore";
	/** @since 0.1.2 */
	public static final String REPLAY_ACCURACY = "replayAccuracy";
	public static final String MESSAGE = "message";
	public static final String OUTCOME = "outcome";

	public static final String OUTCOME_COMPLETED = "completed";
	public static final String OUTCOME_CANCELLED = "cancelled";
	public static final String OUTCOME_FAILED = "failed";

	private TrainingEvents() {
	}
}
