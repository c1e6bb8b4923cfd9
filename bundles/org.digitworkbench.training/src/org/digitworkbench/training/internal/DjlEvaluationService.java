package org.digitworkbench.training.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.internal.DjlModels;
import org.digitworkbench.training.Evaluation;
import org.digitworkbench.training.EvaluationEvents;
import org.digitworkbench.training.EvaluationJob;
import org.digitworkbench.training.EvaluationService;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import ai.djl.Model;
import ai.djl.ndarray.NDManager;

/**
 * The one place a model is evaluated on a dataset for the views and the command line: find the dataset, fetch it,
 * check the fit, run {@link Evaluations}, announce the result.
 */
@Component(service = EvaluationService.class)
public class DjlEvaluationService implements EvaluationService {

	@Reference
	ModelStore store;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	volatile EventAdmin eventAdmin;

	private final List<DatasetProvider> datasets = new CopyOnWriteArrayList<>();
	/**
	 * Staging buffers of evaluations done, for the next ones: a new 784 KB direct buffer per evaluation is freed only
	 * when the Java heap is collected, and 100 evaluations grew the process by 34 MB. One per evaluation running at once.
	 */
	private final Queue<Staging> stagings = new ConcurrentLinkedQueue<>();

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addDataset(DatasetProvider dataset) {
		datasets.add(dataset);
	}

	void removeDataset(DatasetProvider dataset) {
		datasets.remove(dataset);
	}

	@Override
	public Evaluation evaluate(LoadedModel model, ImageSet images, IProgressMonitor monitor) {
		Model djl = DjlModels.model(model);
		Staging staging = Objects.requireNonNullElseGet(stagings.poll(), Staging::new);
		try (NDManager manager = djl.getNDManager().newSubManager();
				ChannelsLast layout = ChannelsLast.forBlock(djl.getBlock(), manager)) {
			return Evaluations.evaluate(model.metadata().name(), djl.getBlock(), model.architecture(),
					model.metadata().normalization(), manager, staging, layout, images, monitor);
		} finally {
			stagings.offer(staging);
		}
	}

	@Override
	public Evaluation evaluate(LoadedModel model, String datasetId, Split split, IProgressMonitor monitor)
			throws IOException {
		return evaluate(model, datasetId, split, monitor, images -> {
		});
	}

	Evaluation evaluate(LoadedModel model, String datasetId, Split split, IProgressMonitor monitor,
			Consumer<ImageSet> evaluated) throws IOException {
		DatasetProvider dataset = dataset(datasetId != null ? datasetId : trainedOn(model));
		String problem = FitCheck.problem(model, dataset);
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		String name = model.metadata().name();
		SubMonitor steps = SubMonitor.convert(monitor, "Evaluating " + name + " on " + dataset.displayName(), 100);
		if (!dataset.isAvailable()) {
			steps.subTask("Fetching " + dataset.displayName());
			dataset.fetch(steps.split(20));
		}
		steps.setWorkRemaining(80);
		steps.subTask("Reading the " + split.name().toLowerCase(java.util.Locale.ROOT) + " images of "
				+ dataset.displayName());
		ImageSet images = dataset.load(split, steps.split(10));
		steps.subTask("Evaluating " + name + " on " + images.count() + " images");
		Evaluation result = evaluate(model, images, steps.split(70));
		evaluated.accept(images);
		post(result, images);
		return result;
	}

	@Override
	public EvaluationJob evaluate(String modelName, String datasetId, Split split) {
		return new SavedModelEvaluation(this, modelName, datasetId, split);
	}

	/** The dataset a model was trained on; MNIST for an imported one, which does not say. */
	static String trainedOn(LoadedModel model) {
		String id = model.metadata().datasetId();
		return id == null || id.isBlank() || id.startsWith("imported") ? "mnist" : id;
	}

	private DatasetProvider dataset(String id) {
		return datasets.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow(
				() -> new IllegalArgumentException("The dataset '" + id + "' is not installed; available: "
						+ (datasets.isEmpty() ? "none"
								: String.join(", ", datasets.stream().map(DatasetProvider::id).sorted().toList()))
						+ "."));
	}

	private void post(Evaluation evaluation, ImageSet images) {
		EventAdmin admin = eventAdmin;
		if (admin != null) {
			admin.postEvent(new Event(EvaluationEvents.DONE,
					Map.of(EvaluationEvents.EVALUATION, evaluation, EvaluationEvents.IMAGES, images)));
		}
	}
}
