package org.digitworkbench.training;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.model.LoadedModel;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;

/** Evaluates a model on labelled images. Registered as an OSGi service. */
public interface EvaluationService {

	/**
	 * @throws OperationCanceledException when the monitor is cancelled
	 */
	Evaluation evaluate(LoadedModel model, ImageSet images, IProgressMonitor monitor);
}
