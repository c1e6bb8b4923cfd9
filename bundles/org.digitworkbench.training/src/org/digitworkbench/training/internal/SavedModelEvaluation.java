package org.digitworkbench.training.internal;

import java.util.Locale;
import java.util.Optional;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.internal.OwnThread;
import org.digitworkbench.training.Evaluation;
import org.digitworkbench.training.EvaluationJob;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.SubMonitor;

/** Loads a saved model, evaluates it through the service (which posts the result) and closes it. */
final class SavedModelEvaluation extends EvaluationJob {

	private final DjlEvaluationService service;
	private final String modelName;
	private final String datasetId;
	private final Split split;
	private volatile Evaluation evaluation;
	private volatile ImageSet images;

	SavedModelEvaluation(DjlEvaluationService service, String modelName, String datasetId, Split split) {
		super("Evaluating " + modelName + (datasetId == null ? "" : " on " + datasetId));
		this.service = service;
		this.modelName = modelName;
		this.datasetId = datasetId;
		this.split = split;
		setUser(true);
	}

	@Override
	protected IStatus run(IProgressMonitor monitor) {
		SubMonitor steps = SubMonitor.convert(monitor, getName(), 100);
		try {
			steps.subTask("Loading " + modelName);
			try (LoadedModel model = service.store.load(modelName)) {
				steps.worked(10);
				ImageSet[] evaluated = new ImageSet[1];
				IProgressMonitor evaluating = steps.split(90);
				Evaluation result = OwnThread.call(getName(),
						() -> service.evaluate(model, datasetId, split, evaluating, set -> evaluated[0] = set));
				images = evaluated[0];
				evaluation = result;
				return new Status(IStatus.OK, "org.digitworkbench.training", String.format(Locale.ROOT, "%s on %s (%s split, %,d images): accuracy %.2f %%",
						result.modelName(), result.datasetId(), split.name().toLowerCase(Locale.ROOT), result.count(),
						100 * result.accuracy()));
			}
		} catch (OperationCanceledException e) {
			return Status.CANCEL_STATUS;
		} catch (Exception | LinkageError e) {
			String reason = e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
			return Status.error("Cannot evaluate " + modelName + ": " + reason, e);
		} finally {
			monitor.done();
		}
	}

	@Override
	public String modelName() {
		return modelName;
	}

	@Override
	public Optional<Evaluation> evaluation() {
		return Optional.ofNullable(evaluation);
	}

	@Override
	public Optional<ImageSet> images() {
		return Optional.ofNullable(images);
	}

	@Override
	public boolean belongsTo(Object family) {
		return family == EvaluationJob.class || super.belongsTo(family);
	}
}
