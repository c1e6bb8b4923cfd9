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
	 * The model's name is reserved from this call until the job is done — finished, failed, or cancelled while it
	 * runs or waits — so that a second training of the name, here or in another process, is refused at once instead of
	 * failing at its end. Schedule the job: one that never is holds the name until the process ends.
	 *
	 * @throws IllegalArgumentException when the architecture or dataset is not registered, or the name is taken by a
	 *                                  model or another training (the message says which)
	 */
	Job train(TrainingRequest request);

	/** Runs that were cancelled or interrupted and can be continued, by model name. */
	List<Checkpoint> checkpoints();

	/**
	 * Creates the job that continues {@code modelName}'s checkpoint up to its requested number of epochs; the name is
	 * reserved as by {@link #train}.
	 */
	Job resume(String modelName);

	/** A resumable run. */
	record Checkpoint(String modelName, TrainingRequest request, int epochsDone) {
	}
}
