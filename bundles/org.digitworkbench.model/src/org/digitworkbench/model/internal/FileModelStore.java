package org.digitworkbench.model.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.digitworkbench.dataset.Normalization;
import org.digitworkbench.engine.DataDirectory;
import org.digitworkbench.engine.EngineInfo;
import org.digitworkbench.engine.EngineService;
import org.digitworkbench.engine.EngineUnavailableException;
import org.digitworkbench.files.AtomicFile;
import org.digitworkbench.files.AtomicFolder;
import org.digitworkbench.files.FileTrees;
import org.digitworkbench.files.Sha256;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelNames;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreEvents;
import org.digitworkbench.model.ModelStoreException;
import org.digitworkbench.model.TrainingOptions;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Models as folders {@code <data>/models/<name>/} holding {@code parameters.bin} (DJL) and {@code metadata.json}
 * ({@link MetadataJson}). Every write builds a complete folder as an {@link AtomicFolder} and renames it into place,
 * so a killed process leaves either the old state or the new one; {@code list()} skips hidden folders. The exported
 * form is {@link ModelZip}; PyTorch files come in through {@link PthImport}.
 */
@Component(service = ModelStore.class)
public class FileModelStore implements ModelStore {

	static final String PARAMETERS = "parameters.bin";
	private static final String ACTIVE = "active";

	@Reference
	EngineService engine;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	volatile EventAdmin eventAdmin;

	private final List<ModelArchitecture> architectures = new CopyOnWriteArrayList<>();

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addArchitecture(ModelArchitecture architecture) {
		architectures.add(architecture);
	}

	void removeArchitecture(ModelArchitecture architecture) {
		architectures.remove(architecture);
	}

	@Override
	public Path directory() {
		return DataDirectory.resolve("models");
	}

	@Override
	public List<ModelMetadata> list() {
		List<ModelMetadata> models = new ArrayList<>();
		if (!Files.isDirectory(directory())) {
			return models;
		}
		try (Stream<Path> folders = Files.list(directory())) {
			for (Path folder : folders.filter(Files::isDirectory).toList()) {
				String name = folder.getFileName().toString();
				if (name.startsWith(".") || !Files.isRegularFile(folder.resolve(PARAMETERS))) {
					continue;
				}
				try {
					models.add(MetadataJson.read(folder));
				} catch (ModelStoreException e) {
					// a damaged folder is not a model; load() names the problem if asked for it
				}
			}
		} catch (IOException e) {
			return models;
		}
		models.sort(Comparator.comparing(ModelMetadata::created, Comparator.nullsLast(Comparator.reverseOrder())));
		return models;
	}

	@Override
	public Optional<ModelMetadata> find(String name) {
		return list().stream().filter(m -> m.name().equals(name)).findFirst();
	}

	@Override
	public ModelMetadata save(ModelMetadata metadata, Model model) throws ModelStoreException {
		String name = checkName(metadata.name());
		Path target = directory().resolve(name);
		if (Files.exists(target)) {
			throw new ModelStoreException("a model named '" + name + "' exists already in " + directory());
		}
		try (AtomicFolder folder = newFolder()) {
			try (DataOutputStream out = new DataOutputStream(
					new BufferedOutputStream(Files.newOutputStream(folder.resolve(PARAMETERS))))) {
				model.getBlock().saveParameters(out);
			}
			ModelMetadata complete = complete(metadata, model.getBlock(), folder.resolve(PARAMETERS));
			MetadataJson.write(folder.path(), complete);
			folder.commit(target);
			post(ModelStoreEvents.SAVED, Map.of(ModelStoreEvents.NAME, name));
			return complete;
		} catch (FileAlreadyExistsException e) {
			throw new ModelStoreException("a model named '" + name + "' exists already in " + directory(), e);
		} catch (IOException e) {
			throw new ModelStoreException("could not save model '" + name + "' in " + directory() + ": " + e.getMessage(), e);
		}
	}

	/** {@code m} with what only the store knows: parameter count, checksum, engine, time of saving. */
	private ModelMetadata complete(ModelMetadata m, Block block, Path parameters) throws IOException {
		long count = 0;
		for (Pair<String, Parameter> parameter : block.getParameters()) {
			if (parameter.getValue().requiresGradient() && parameter.getValue().isInitialized()) {
				count += parameter.getValue().getArray().size();
			}
		}
		EngineInfo info = engineInfo();
		return new ModelMetadata(m.name(), m.architectureId(), m.datasetId(), m.options(), m.epochsDone(), m.trainLoss(),
				m.trainAccuracy(), m.testLoss(), m.testAccuracy(), m.perClass() == null ? List.of() : m.perClass(),
				m.confusion() == null ? new int[0][] : m.confusion(), m.trainingMillis(),
				m.created() == null ? Instant.now() : m.created(),
				m.engine() == null ? info.name() + " " + info.version() : m.engine(),
				m.djlVersion() == null ? info.djlVersion() : m.djlVersion(), count, Sha256.of(parameters), m.source(),
				m.normalization());
	}

	@Override
	public LoadedModel load(String name) throws ModelStoreException {
		Path folder = directory().resolve(checkName(name));
		if (!Files.isDirectory(folder)) {
			throw new ModelStoreException("no model named '" + name + "' in " + directory());
		}
		return open(folder);
	}

	@Override
	public LoadedModel loadFrom(Path path) throws ModelStoreException {
		if (Files.isDirectory(path)) {
			return open(path);
		}
		try (AtomicFolder unpacked = newFolder()) {
			ModelZip.extract(path, unpacked.path());
			return open(unpacked.path());
		}
	}

	/** The model in {@code folder}, its parameters checked against the SHA-256 recorded when it was saved. */
	private LoadedModel open(Path folder) throws ModelStoreException {
		ModelMetadata metadata = MetadataJson.read(folder);
		Path parameters = folder.resolve(PARAMETERS);
		if (!Files.isRegularFile(parameters)) {
			throw new ModelStoreException(parameters + ": missing");
		}
		try {
			String sha = Sha256.of(parameters);
			if (metadata.parametersSha256() != null && !metadata.parametersSha256().equals(sha)) {
				throw new ModelStoreException(parameters + ": damaged (SHA-256 " + sha + " differs from the "
						+ metadata.parametersSha256() + " recorded when it was saved)");
			}
		} catch (ModelStoreException e) {
			throw e;
		} catch (IOException e) {
			throw new ModelStoreException(parameters + ": unreadable (" + e.getMessage() + ")", e);
		}
		ModelArchitecture architecture = architecture(metadata.architectureId());
		engineInfo();
		Model model = Model.newInstance(metadata.name());
		try (InputStream in = new BufferedInputStream(Files.newInputStream(parameters))) {
			Block block = architecture.newBlock();
			model.setBlock(block);
			block.initialize(model.getNDManager(), DataType.FLOAT32, architecture.inputShape(1));
			block.loadParameters(model.getNDManager(), new DataInputStream(in));
			return new DjlLoadedModel(metadata, architecture, model);
		} catch (IOException | MalformedModelException | RuntimeException e) {
			model.close();
			throw new ModelStoreException(parameters + ": not parameters of a '" + architecture.id() + "' model ("
					+ e.getMessage() + ")", e);
		}
	}

	@Override
	public ModelMetadata rename(String name, String newName) throws ModelStoreException {
		Path folder = directory().resolve(checkName(name));
		Path target = directory().resolve(checkName(newName));
		ModelMetadata metadata = MetadataJson.read(folder);
		if (Files.exists(target)) {
			throw new ModelStoreException("a model named '" + newName + "' exists already");
		}
		boolean wasActive = name.equals(activeModel().orElse(null));
		try (AtomicFolder copy = newFolder()) {
			Files.copy(folder.resolve(PARAMETERS), copy.resolve(PARAMETERS));
			ModelMetadata renamed = metadata.withName(newName);
			MetadataJson.write(copy.path(), renamed);
			copy.commit(target);
			FileTrees.deleteAtomically(folder);
			if (wasActive) {
				writeActive(newName);
			}
			post(ModelStoreEvents.RENAMED, Map.of(ModelStoreEvents.NAME, newName, ModelStoreEvents.OLD_NAME, name));
			return renamed;
		} catch (IOException e) {
			throw new ModelStoreException("could not rename '" + name + "' to '" + newName + "': " + e.getMessage(), e);
		}
	}

	@Override
	public void delete(String name) throws ModelStoreException {
		Path folder = directory().resolve(checkName(name));
		if (!Files.isDirectory(folder)) {
			throw new ModelStoreException("no model named '" + name + "' in " + directory());
		}
		boolean wasActive = name.equals(activeModel().orElse(null));
		try {
			FileTrees.deleteAtomically(folder); // a half-deleted folder must not look like a model
			if (wasActive) {
				Files.deleteIfExists(directory().resolve(ACTIVE));
			}
		} catch (IOException e) {
			throw new ModelStoreException("could not delete '" + name + "': " + e.getMessage(), e);
		}
		post(ModelStoreEvents.DELETED, Map.of(ModelStoreEvents.NAME, name));
	}

	@Override
	public void exportZip(String name, Path zipFile) throws ModelStoreException {
		Path folder = directory().resolve(checkName(name));
		MetadataJson.read(folder);
		Path target = zipFile.toAbsolutePath();
		try {
			ModelZip.write(folder, target);
		} catch (IOException e) {
			throw new ModelStoreException("could not export '" + name + "' to " + target + ": " + e.getMessage(), e);
		}
	}

	@Override
	public ModelMetadata importZip(Path zipFile, String newName) throws ModelStoreException {
		try (AtomicFolder folder = newFolder()) {
			ModelZip.extract(zipFile, folder.path());
			ModelMetadata metadata = MetadataJson.read(folder.path());
			String name = checkName(newName == null ? metadata.name() : newName);
			ModelMetadata renamed = metadata.withName(name);
			try (LoadedModel check = open(folder.path())) {
				// parameters verified against their SHA-256 and the architecture
			}
			MetadataJson.write(folder.path(), renamed);
			Path target = directory().resolve(name);
			if (Files.exists(target)) {
				throw new ModelStoreException("a model named '" + name + "' exists already; import it under another name");
			}
			folder.commit(target);
			post(ModelStoreEvents.SAVED, Map.of(ModelStoreEvents.NAME, name));
			return renamed;
		} catch (ModelStoreException e) {
			throw e;
		} catch (IOException e) {
			throw new ModelStoreException(zipFile + ": could not import (" + e.getMessage() + ")", e);
		}
	}

	@Override
	public ModelMetadata importPytorch(Path pthFile, String architectureId, String name) throws ModelStoreException {
		checkName(name);
		ModelArchitecture architecture = architecture(architectureId);
		engineInfo();
		try (Model model = PthImport.read(pthFile, architecture, name)) {
			// what PyTorch's examples/mnist normalises with, and so what the seed's weights expect
			ModelMetadata metadata = new ModelMetadata(name, architectureId, "mnist", TrainingOptions.DEFAULTS, 0,
					Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of(), new int[0][], 0, Instant.now(), null, null,
					0, null, "imported:" + pthFile.getFileName(), Normalization.MNIST);
			return save(metadata, model);
		}
	}

	@Override
	public Optional<String> activeModel() {
		Path file = directory().resolve(ACTIVE);
		try {
			String name = Files.isRegularFile(file) ? Files.readString(file).strip() : "";
			return name.isEmpty() || !Files.isDirectory(directory().resolve(name)) ? Optional.empty() : Optional.of(name);
		} catch (IOException e) {
			return Optional.empty();
		}
	}

	@Override
	public void setActiveModel(String name) throws ModelStoreException {
		MetadataJson.read(directory().resolve(checkName(name)));
		try {
			writeActive(name);
		} catch (IOException e) {
			throw new ModelStoreException("could not remember the active model: " + e.getMessage(), e);
		}
		post(ModelStoreEvents.ACTIVATED, Map.of(ModelStoreEvents.NAME, name));
	}

	private void writeActive(String name) throws IOException {
		Files.createDirectories(directory());
		AtomicFile.writeString(directory().resolve(ACTIVE), name);
	}

	private ModelArchitecture architecture(String id) throws ModelStoreException {
		return architectures.stream().filter(a -> a.id().equals(id)).findFirst()
				.orElseThrow(() -> new ModelStoreException("unknown architecture '" + id + "'; installed: "
						+ architectures.stream().map(ModelArchitecture::id).sorted().toList()));
	}

	private EngineInfo engineInfo() throws ModelStoreException {
		try {
			return engine.awaitReady();
		} catch (EngineUnavailableException e) {
			throw new ModelStoreException(e.getMessage(), e);
		}
	}

	private static String checkName(String name) throws ModelStoreException {
		String problem = ModelNames.problem(name);
		if (problem != null) {
			throw new ModelStoreException(problem);
		}
		return name;
	}

	/** A temporary folder in the store, for a model being written or unpacked. */
	private AtomicFolder newFolder() throws ModelStoreException {
		try {
			return AtomicFolder.in(directory());
		} catch (IOException e) {
			throw new ModelStoreException("cannot write in " + directory() + ": " + e.getMessage(), e);
		}
	}

	private void post(String topic, Map<String, Object> properties) {
		EventAdmin admin = eventAdmin;
		if (admin != null) {
			admin.postEvent(new Event(topic, properties));
		}
	}
}
