package org.digitworkbench.training;

import java.util.Optional;

import org.digitworkbench.dataset.ImageSet;
import org.eclipse.core.runtime.jobs.Job;

/**
 * A saved model's evaluation as an Eclipse {@link Job}, made by {@link EvaluationService#evaluate(String, String,
 * org.digitworkbench.dataset.Split)}: schedule it (after adding listeners or a progress group, if wanted). It loads the
 * model, fetches the dataset when it is not on this computer, checks that the model fits the dataset, evaluates, and
 * posts {@link EvaluationEvents#DONE}. Its result is OK with a one-line summary, {@code CANCEL} when cancelled, or
 * {@code ERROR} with the reason in words for the user.
 *
 * @since 0.1.1
 */
public abstract class EvaluationJob extends Job {

	protected EvaluationJob(String name) {
		super(name);
	}

	/** The saved model evaluated. */
	public abstract String modelName();

	/** The evaluation, once the job has finished OK; empty before that, and when it failed or was cancelled. */
	public abstract Optional<Evaluation> evaluation();

	/** The images evaluated, once the job has finished OK. */
	public abstract Optional<ImageSet> images();
}
