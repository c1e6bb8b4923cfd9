package org.digitworkbench.training.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.engine.EngineService;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelNames;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreException;
import org.digitworkbench.model.NameReservation;
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
		TrainingJob.FineTune fineTune = null;
		if (request.isFineTune()) {
			fineTune = fineTune(request, null);
			request = new TrainingRequest(request.modelName(), fineTune.parent().architectureId(), request.datasetId(),
					request.options(), request.parentModel(), request.keepEpochs());
		}
		ModelArchitecture architecture = architecture(request.architectureId());
		DatasetProvider dataset = dataset(request.datasetId());
		return new TrainingJob(this, request, architecture, dataset, 0, 0, reserve(request.modelName()), fineTune);
	}

	/**
	 * The parent of a fine-tune, refused (one line) when it is not a model that loads — missing, damaged, of an
	 * architecture not installed — or its architecture is not the one asked for, and the dataset to replay from.
	 */
	private TrainingJob.FineTune fineTune(TrainingRequest request, FineTuneFigures before) {
		String parentName = request.parentModel();
		ModelMetadata parent;
		try (LoadedModel loaded = store.load(parentName)) { // its checksum and parameters checked
			parent = loaded.metadata();
		} catch (ModelStoreException e) {
			throw new IllegalArgumentException("cannot fine-tune from '" + parentName + "': " + e.getMessage(), e);
		}
		if (request.architectureId() != null && !request.architectureId().equals(parent.architectureId())) {
			throw new IllegalArgumentException("'" + parentName + "' is a " + parent.architectureId()
					+ " model: a fine-tune keeps its parent's architecture, not " + request.architectureId());
		}
		DatasetProvider replay = null;
		if (request.options().replay() > 0) {
			replay = datasets.stream().filter(d -> d.id().equals(parent.datasetId())).findFirst()
					.orElseThrow(() -> new IllegalArgumentException("'" + parentName + "' was trained on '"
							+ parent.datasetId() + "', which is not installed, so nothing can be replayed from it"
							+ " (fine-tune without replay: 0 replayed images per batch)"));
		}
		return new TrainingJob.FineTune(parent, replay, before);
	}

	/** The name, held from now until the run ends (another train of it, here or in another process, is refused). */
	private NameReservation reserve(String modelName) {
		try {
			return store.reserve(modelName);
		} catch (ModelStoreException e) {
			throw new IllegalArgumentException(e.getMessage(), e);
		}
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
		ModelArchitecture architecture = architecture(request.architectureId());
		DatasetProvider dataset = dataset(request.datasetId());
		TrainingJob.FineTune fineTune = request.isFineTune() ? fineTune(request, state.fineTuneBefore()) : null;
		return new TrainingJob(this, request, architecture, dataset, state.epochsDone(), state.trainingMillis(),
				reserve(modelName), fineTune);
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
