package org.digitworkbench.training;

import java.io.IOException;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.model.LoadedModel;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;

/**
 * Evaluates models on labelled images. Registered as an OSGi service. The Training Console, the Predictions view and
 * the command line's {@code evaluate} all go through {@link #evaluate(String, String, Split)} or
 * {@link #evaluate(LoadedModel, String, Split, IProgressMonitor)}, which announce the result on
 * {@link EvaluationEvents#DONE}; nobody else posts it (except a training, for its final evaluation).
 */
public interface EvaluationService {

	/**
	 * Only the numbers: runs {@code model} over {@code images}; posts nothing.
	 *
	 * @throws OperationCanceledException when the monitor is cancelled
	 */
	Evaluation evaluate(LoadedModel model, ImageSet images, IProgressMonitor monitor);

	/**
	 * The whole evaluation of an open model, on the calling thread: reads {@code split} of dataset {@code datasetId}
	 * (fetching the files first when they are not on this computer), refuses a dataset the model does not fit
	 * (its image size or number of classes), evaluates, and posts {@link EvaluationEvents#DONE}. The model stays open.
	 *
	 * @param datasetId a registered dataset, or null for the dataset the model was trained on (MNIST for an
	 *                  imported model)
	 * @throws IllegalArgumentException   when the dataset is not registered or the model does not fit it (the message
	 *                                    says why)
	 * @throws IOException                when the dataset cannot be fetched or read
	 * @throws OperationCanceledException when the monitor is cancelled
	 * @since 0.1.1
	 */
	Evaluation evaluate(LoadedModel model, String datasetId, Split split, IProgressMonitor monitor) throws IOException;

	/**
	 * A job that loads saved model {@code modelName} and evaluates it as
	 * {@link #evaluate(LoadedModel, String, Split, IProgressMonitor)} does. Not scheduled yet.
	 *
	 * @param datasetId a registered dataset, or null for the model's own
	 * @since 0.1.1
	 */
	EvaluationJob evaluate(String modelName, String datasetId, Split split);

}
