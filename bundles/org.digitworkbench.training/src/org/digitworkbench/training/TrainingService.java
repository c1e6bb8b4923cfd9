package org.digitworkbench.training;

import java.util.List;

import org.eclipse.core.runtime.jobs.Job;

/**
 * Runs trainings as Eclipse {@link Job}s (one progress unit per batch, cancellable within a second). Progress is
 * posted on the EventAdmin under {@link TrainingEvents}. When a run ends the model is in the store, evaluated on the
 * dataset's test split. A cancelled run keeps its last completed epoch as a checkpoint that {@link #resume} continues.
 */
public interface TrainingService {

	/**
	 * Creates the job for {@code request}; the caller schedules it (and may add listeners or a progress group first).
	 *
	 * @throws IllegalArgumentException when the architecture or dataset is not registered or the name is taken
	 */
	Job train(TrainingRequest request);

	/** Runs that were cancelled or interrupted and can be continued, by model name. */
	List<Checkpoint> checkpoints();

	/** Creates the job that continues {@code modelName}'s checkpoint up to its requested number of epochs. */
	Job resume(String modelName);

	/** A resumable run. */
	record Checkpoint(String modelName, TrainingRequest request, int epochsDone) {
	}
}
