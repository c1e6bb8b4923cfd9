package org.digitworkbench.training.internal;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.training.Evaluation;
import org.digitworkbench.training.EvaluationService;
import org.eclipse.core.runtime.IProgressMonitor;
import org.osgi.service.component.annotations.Component;

import ai.djl.ndarray.NDManager;

@Component(service = EvaluationService.class)
public class DjlEvaluationService implements EvaluationService {

	@Override
	public Evaluation evaluate(LoadedModel model, ImageSet images, IProgressMonitor monitor) {
		try (NDManager manager = model.model().getNDManager().newSubManager()) {
			return Evaluations.evaluate(model.metadata().name(), model.model().getBlock(), model.architecture(),
					model.metadata().normalization(), manager,
					images, monitor);
		}
	}
}
