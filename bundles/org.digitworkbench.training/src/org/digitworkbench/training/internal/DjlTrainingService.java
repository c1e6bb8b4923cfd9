package org.digitworkbench.training.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.engine.EngineService;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelNames;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService;
import org.eclipse.core.runtime.jobs.Job;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/** Trainings as Eclipse Jobs over the registered datasets and architectures; results go to the model store. */
@Component(service = TrainingService.class)
public class DjlTrainingService implements TrainingService {

	@Reference
	EngineService engine;

	@Reference
	ModelStore store;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	volatile EventAdmin eventAdmin;

	/** Held while a run initialises its parameters from libtorch's global generator, seeded with the run's seed. */
	final Object initialisation = new Object();

	private final List<ModelArchitecture> architectures = new CopyOnWriteArrayList<>();
	private final List<DatasetProvider> datasets = new CopyOnWriteArrayList<>();

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addArchitecture(ModelArchitecture architecture) {
		architectures.add(architecture);
	}

	void removeArchitecture(ModelArchitecture architecture) {
		architectures.remove(architecture);
	}

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addDataset(DatasetProvider dataset) {
		datasets.add(dataset);
	}

	void removeDataset(DatasetProvider dataset) {
		datasets.remove(dataset);
	}

	@Override
	public Job train(TrainingRequest request) {
		String problem = ModelNames.problem(request.modelName());
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
		if (store.find(request.modelName()).isPresent()) {
			throw new IllegalArgumentException("a model named '" + request.modelName() + "' exists already");
		}
		return new TrainingJob(this, request, architecture(request.architectureId()), dataset(request.datasetId()), 0, 0);
	}

	@Override
	public List<Checkpoint> checkpoints() {
		return checkpointFiles().list();
	}

	@Override
	public Job resume(String modelName) {
		Checkpoints.State state;
		try {
			state = checkpointFiles().state(modelName);
		} catch (IOException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
		TrainingRequest request = state.request();
		return new TrainingJob(this, request, architecture(request.architectureId()), dataset(request.datasetId()),
				state.epochsDone(), state.trainingMillis());
	}

	Checkpoints checkpointFiles() {
		return new Checkpoints(store.directory());
	}

	private ModelArchitecture architecture(String id) {
		return architectures.stream().filter(a -> a.id().equals(id)).findFirst().orElseThrow(
				() -> new IllegalArgumentException("unknown architecture '" + id + "'; available: "
						+ architectures.stream().map(ModelArchitecture::id).sorted().toList()));
	}

	private DatasetProvider dataset(String id) {
		return datasets.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow(
				() -> new IllegalArgumentException("unknown dataset '" + id + "'; available: "
						+ datasets.stream().map(DatasetProvider::id).sorted().toList()));
	}

	void post(String topic, Map<String, Object> properties) {
		EventAdmin admin = eventAdmin;
		if (admin != null) {
			admin.postEvent(new Event(topic, properties));
		}
	}

	Optional<EventAdmin> eventAdmin() {
		return Optional.ofNullable(eventAdmin);
	}
}
