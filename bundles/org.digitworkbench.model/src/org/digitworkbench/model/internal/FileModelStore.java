package org.digitworkbench.model.internal;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.digitworkbench.engine.DataDirectory;
import org.digitworkbench.engine.EngineInfo;
import org.digitworkbench.engine.EngineService;
import org.digitworkbench.engine.EngineUnavailableException;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreEvents;
import org.digitworkbench.model.ModelStoreException;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.model.internal.pth.PthFormatException;
import org.digitworkbench.model.internal.pth.PthStateDictReader;
import org.digitworkbench.model.internal.pth.PthTensor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Models as folders {@code <data>/models/<name>/} holding {@code parameters.bin} (DJL) and {@code metadata.json}.
 * Every write goes to a {@code .tmp-*} folder first and is renamed into place, so a killed process leaves either the
 * old state or the new one; {@code list()} ignores anything else.
 */
@Component(service = ModelStore.class)
public class FileModelStore implements ModelStore {

	static final String PARAMETERS = "parameters.bin";
	static final String METADATA = "metadata.json";
	private static final String ACTIVE = "active";
	private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
	private static final Gson JSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
			.registerTypeAdapter(Instant.class, new TypeAdapter<Instant>() {
				@Override
				public void write(JsonWriter out, Instant value) throws IOException {
					if (value == null) {
						out.nullValue();
					} else {
						out.value(value.toString());
					}
				}

				@Override
				public Instant read(JsonReader in) throws IOException {
					if (in.peek() == com.google.gson.stream.JsonToken.NULL) {
						in.nextNull();
						return null;
					}
					return Instant.parse(in.nextString());
				}
			}).create();

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
					models.add(readMetadata(folder));
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
		Path temporary = temporaryFolder();
		try {
			try (DataOutputStream out = new DataOutputStream(
					new BufferedOutputStream(Files.newOutputStream(temporary.resolve(PARAMETERS))))) {
				model.getBlock().saveParameters(out);
			}
			ModelMetadata complete = complete(metadata, model.getBlock(), temporary.resolve(PARAMETERS));
			Files.writeString(temporary.resolve(METADATA), JSON.toJson(complete));
			moveIntoPlace(temporary, target);
			post(ModelStoreEvents.SAVED, Map.of(ModelStoreEvents.NAME, name));
			return complete;
		} catch (IOException e) {
			throw new ModelStoreException("could not save model '" + name + "' in " + directory() + ": " + e.getMessage(), e);
		} finally {
			deleteQuietly(temporary);
		}
	}

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
				m.djlVersion() == null ? info.djlVersion() : m.djlVersion(), count, sha256(parameters), m.source());
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
		Path temporary = temporaryFolder();
		try {
			unzip(path, temporary);
			return open(temporary);
		} finally {
			deleteQuietly(temporary);
		}
	}

	private LoadedModel open(Path folder) throws ModelStoreException {
		ModelMetadata metadata = readMetadata(folder);
		Path parameters = folder.resolve(PARAMETERS);
		if (!Files.isRegularFile(parameters)) {
			throw new ModelStoreException(parameters + ": missing");
		}
		try {
			String sha = sha256(parameters);
			if (metadata.parametersSha256() != null && !metadata.parametersSha256().equals(sha)) {
				throw new ModelStoreException(parameters + ": damaged (SHA-256 " + sha + " differs from the "
						+ metadata.parametersSha256() + " recorded when it was saved)");
			}
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
		ModelMetadata metadata = readMetadata(folder);
		if (Files.exists(target)) {
			throw new ModelStoreException("a model named '" + newName + "' exists already");
		}
		boolean wasActive = name.equals(activeModel().orElse(null));
		Path temporary = temporaryFolder();
		try {
			Files.copy(folder.resolve(PARAMETERS), temporary.resolve(PARAMETERS));
			ModelMetadata renamed = metadata.withName(newName);
			Files.writeString(temporary.resolve(METADATA), JSON.toJson(renamed));
			moveIntoPlace(temporary, target);
			deleteTree(folder);
			if (wasActive) {
				writeActive(newName);
			}
			post(ModelStoreEvents.RENAMED, Map.of(ModelStoreEvents.NAME, newName, ModelStoreEvents.OLD_NAME, name));
			return renamed;
		} catch (IOException e) {
			throw new ModelStoreException("could not rename '" + name + "' to '" + newName + "': " + e.getMessage(), e);
		} finally {
			deleteQuietly(temporary);
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
			// rename first: a half-deleted folder must not look like a model
			Path doomed = directory().resolve(".deleted-" + UUID.randomUUID());
			Files.move(folder, doomed, StandardCopyOption.ATOMIC_MOVE);
			deleteTree(doomed);
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
		readMetadata(folder);
		Path target = zipFile.toAbsolutePath();
		try {
			Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
			try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(temporary))) {
				for (String entry : List.of(METADATA, PARAMETERS)) {
					zip.putNextEntry(new ZipEntry(entry));
					Files.copy(folder.resolve(entry), zip);
					zip.closeEntry();
				}
			} catch (IOException e) {
				Files.deleteIfExists(temporary);
				throw e;
			}
			Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		} catch (IOException e) {
			throw new ModelStoreException("could not export '" + name + "' to " + target + ": " + e.getMessage(), e);
		}
	}

	@Override
	public ModelMetadata importZip(Path zipFile, String newName) throws ModelStoreException {
		Path temporary = temporaryFolder();
		try {
			unzip(zipFile, temporary);
			ModelMetadata metadata = readMetadata(temporary);
			String name = checkName(newName == null ? metadata.name() : newName);
			ModelMetadata renamed = metadata.withName(name);
			try (LoadedModel check = open(temporary)) {
				// parameters verified against their SHA-256 and the architecture
			}
			Files.writeString(temporary.resolve(METADATA), JSON.toJson(renamed));
			Path target = directory().resolve(name);
			if (Files.exists(target)) {
				throw new ModelStoreException("a model named '" + name + "' exists already; import it under another name");
			}
			moveIntoPlace(temporary, target);
			post(ModelStoreEvents.SAVED, Map.of(ModelStoreEvents.NAME, name));
			return renamed;
		} catch (IOException e) {
			throw e instanceof ModelStoreException s ? s
					: new ModelStoreException(zipFile + ": could not import (" + e.getMessage() + ")", e);
		} finally {
			deleteQuietly(temporary);
		}
	}

	@Override
	public ModelMetadata importPytorch(Path pthFile, String architectureId, String name) throws ModelStoreException {
		checkName(name);
		ModelArchitecture architecture = architecture(architectureId);
		Map<String, String> names = architecture.pytorchParameterNames();
		if (names.isEmpty()) {
			throw new ModelStoreException("architecture '" + architectureId + "' cannot import PyTorch files");
		}
		Map<String, PthTensor> tensors;
		try {
			tensors = PthStateDictReader.read(pthFile);
		} catch (PthFormatException e) {
			throw new ModelStoreException(e.getMessage(), e);
		} catch (IOException e) {
			throw new ModelStoreException(pthFile + ": " + e.getMessage(), e);
		}
		Set<String> missing = new TreeSet<>(names.keySet());
		missing.removeAll(tensors.keySet());
		Set<String> unexpected = new TreeSet<>(tensors.keySet());
		unexpected.removeAll(names.keySet());
		if (!missing.isEmpty() || !unexpected.isEmpty()) {
			throw new ModelStoreException(pthFile.getFileName() + " does not fit architecture '" + architectureId + "'"
					+ (missing.isEmpty() ? "" : "; missing keys " + missing)
					+ (unexpected.isEmpty() ? "" : "; unexpected keys " + unexpected));
		}
		engineInfo();
		try (Model model = Model.newInstance(name)) {
			Block block = architecture.newBlock();
			model.setBlock(block);
			block.initialize(model.getNDManager(), DataType.FLOAT32, architecture.inputShape(1));
			Map<String, Parameter> parameters = new HashMap<>();
			for (Pair<String, Parameter> p : block.getParameters()) {
				parameters.put(p.getKey(), p.getValue());
			}
			for (Map.Entry<String, String> mapping : names.entrySet()) {
				PthTensor tensor = tensors.get(mapping.getKey());
				Parameter parameter = parameters.get(mapping.getValue());
				if (parameter == null) {
					throw new ModelStoreException("architecture '" + architectureId + "' has no parameter "
							+ mapping.getValue() + " (it has " + new TreeSet<>(parameters.keySet()) + ")");
				}
				NDArray array = parameter.getArray();
				Shape expected = array.getShape();
				if (!expected.equals(new Shape(tensor.shape()))) {
					throw new ModelStoreException(pthFile.getFileName() + ": " + mapping.getKey() + " has shape "
							+ new Shape(tensor.shape()) + ", architecture '" + architectureId + "' needs " + expected);
				}
				array.set(tensor.values());
			}
			ModelMetadata metadata = new ModelMetadata(name, architectureId, "mnist", TrainingOptions.DEFAULTS, 0,
					Double.NaN, Double.NaN, Double.NaN, Double.NaN, List.of(), new int[0][], 0, Instant.now(), null, null,
					0, null, "imported:" + pthFile.getFileName());
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
		readMetadata(directory().resolve(checkName(name)));
		try {
			writeActive(name);
		} catch (IOException e) {
			throw new ModelStoreException("could not remember the active model: " + e.getMessage(), e);
		}
		post(ModelStoreEvents.ACTIVATED, Map.of(ModelStoreEvents.NAME, name));
	}

	private void writeActive(String name) throws IOException {
		Files.createDirectories(directory());
		Path temporary = Files.createTempFile(directory(), ".active-", ".tmp");
		Files.writeString(temporary, name);
		Files.move(temporary, directory().resolve(ACTIVE), StandardCopyOption.REPLACE_EXISTING,
				StandardCopyOption.ATOMIC_MOVE);
	}

	private ModelMetadata readMetadata(Path folder) throws ModelStoreException {
		Path file = folder.resolve(METADATA);
		if (!Files.isRegularFile(file)) {
			throw new ModelStoreException(file + ": missing; this folder is not a saved model");
		}
		try {
			ModelMetadata metadata = JSON.fromJson(Files.readString(file), ModelMetadata.class);
			if (metadata == null || metadata.name() == null || metadata.architectureId() == null) {
				throw new ModelStoreException(file + ": incomplete metadata (no name or architecture)");
			}
			return metadata;
		} catch (IOException | JsonParseException | java.time.DateTimeException e) {
			throw new ModelStoreException(file + ": not valid model metadata (" + e.getMessage() + ")", e);
		}
	}

	private void unzip(Path zipFile, Path folder) throws ModelStoreException {
		try (ZipFile zip = new ZipFile(zipFile.toFile())) {
			for (String entry : List.of(METADATA, PARAMETERS)) {
				ZipEntry e = zip.getEntry(entry);
				if (e == null) {
					throw new ModelStoreException(zipFile + ": not an exported model (no " + entry + " inside)");
				}
				try (InputStream in = zip.getInputStream(e)) {
					Files.copy(in, folder.resolve(entry)); // fixed names: nothing in the zip chooses a path
				}
			}
		} catch (ModelStoreException e) {
			throw e;
		} catch (IOException e) {
			throw new ModelStoreException(zipFile + ": not a readable zip (" + e.getMessage() + ")", e);
		}
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
		if (name == null || !NAME.matcher(name).matches()) {
			throw new ModelStoreException("'" + name + "' is not a valid model name: 1-64 letters, digits, '.', '_' "
					+ "or '-', starting with a letter or digit");
		}
		return name;
	}

	private Path temporaryFolder() throws ModelStoreException {
		try {
			Files.createDirectories(directory());
			return Files.createDirectory(directory().resolve(".tmp-" + UUID.randomUUID()));
		} catch (IOException e) {
			throw new ModelStoreException("cannot write in " + directory() + ": " + e.getMessage(), e);
		}
	}

	private static void moveIntoPlace(Path temporary, Path target) throws IOException {
		try {
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
		} catch (FileAlreadyExistsException | AtomicMoveNotSupportedException e) {
			throw new IOException(target + " could not be written atomically: " + e.getMessage(), e);
		}
	}

	static String sha256(Path file) throws IOException {
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
			in.transferTo(OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static void deleteTree(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (Stream<Path> all = Files.walk(path)) {
			for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}

	private static void deleteQuietly(Path path) {
		try {
			deleteTree(path);
		} catch (IOException e) {
			// a leftover .tmp-* folder is ignored by list()
		}
	}

	private void post(String topic, Map<String, Object> properties) {
		EventAdmin admin = eventAdmin;
		if (admin != null) {
			admin.postEvent(new Event(topic, properties));
		}
	}
}
