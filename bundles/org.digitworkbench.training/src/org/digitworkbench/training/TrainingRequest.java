package org.digitworkbench.training;

import org.digitworkbench.model.TrainingOptions;

/**
 * One training run to start.
 *
 * @param modelName      name the model is saved under in the store
 * @param architectureId a registered {@code ModelArchitecture}'s id; for a fine-tune the parent's (or {@code null},
 *                       which takes the parent's)
 * @param datasetId      a registered {@code DatasetProvider}'s id
 * @param options        hyper-parameters ({@link TrainingOptions#FINE_TUNE} is the recipe for a few samples per digit)
 * @param parentModel    {@code null} to start from freshly initialised parameters; else the saved model to start from
 *                       ({@code name}, or {@code name@epoch} for one of its kept epochs): the run keeps its
 *                       architecture and its normalisation, replays {@code options.replay()} images per batch from
 *                       its training set, and the new model records it as its parent (since 0.1.2)
 * @param keepEpochs     whether every epoch's parameters and metrics are kept with the model, loadable as
 *                       {@code name@epoch} ({@link #keepsEpochsByDefault}; since 0.1.2)
 */
public record TrainingRequest(String modelName, String architectureId, String datasetId, TrainingOptions options,
		String parentModel, boolean keepEpochs) {

	/** Runs up to this many epochs keep every epoch unless told otherwise. @since 0.1.2 */
	public static final int KEEP_EPOCHS_UP_TO = 20;

	/** A run from freshly initialised parameters, keeping its epochs when it has at most {@value #KEEP_EPOCHS_UP_TO}. */
	public TrainingRequest(String modelName, String architectureId, String datasetId, TrainingOptions options) {
		this(modelName, architectureId, datasetId, options, null);
	}

	/** Keeping its epochs when it has at most {@value #KEEP_EPOCHS_UP_TO}. @since 0.1.2 */
	public TrainingRequest(String modelName, String architectureId, String datasetId, TrainingOptions options,
			String parentModel) {
		this(modelName, architectureId, datasetId, options, parentModel, keepsEpochsByDefault(options));
	}

	/** Whether a run with {@code options} keeps its epochs unless told otherwise. @since 0.1.2 */
	public static boolean keepsEpochsByDefault(TrainingOptions options) {
		return options != null && options.epochs() <= KEEP_EPOCHS_UP_TO;
	}

	/** This request with {@code keep} as {@link #keepEpochs}. @since 0.1.2 */
	public TrainingRequest withKeepEpochs(boolean keep) {
		return new TrainingRequest(modelName, architectureId, datasetId, options, parentModel, keep);
	}

	/**
	 * A fine-tune of {@code parentModel} on {@code datasetId}, in the parent's architecture.
	 *
	 * @since 0.1.2
	 */
	public static TrainingRequest fineTune(String modelName, String parentModel, String datasetId,
			TrainingOptions options) {
		return new TrainingRequest(modelName, null, datasetId, options, parentModel);
	}

	/** Whether the run starts from a saved model. @since 0.1.2 */
	public boolean isFineTune() {
		return parentModel != null;
	}
}
