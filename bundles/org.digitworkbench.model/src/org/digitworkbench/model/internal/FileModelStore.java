package org.digitworkbench.model.internal;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import org.digitworkbench.files.AtomicFolder;
import org.digitworkbench.files.FileTrees;
import org.digitworkbench.files.Litter;
import org.digitworkbench.files.Sha256;
import org.digitworkbench.model.EpochSnapshot;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelNames;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreEvents;
import org.digitworkbench.model.ModelStoreException;
import org.digitworkbench.model.NameReservation;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.model.internal.ModelFiles.Source;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Models as folders {@code <data>/models/<name>/} holding {@code parameters.bin} (DJL) and {@code metadata.json}
 * ({@link MetadataJson}); the folder's name is the model's name. Every write builds a complete folder as an
 * {@link AtomicFolder} and renames it into place, and a rename is one rename of the folder, so a killed process leaves
 * either the old state or the new one; what it had in flight is hidden, skipped by {@code list()} and swept when the
 * store starts ({@link Litter}). The exported form is {@link ModelZip}; PyTorch files come in through
 * {@link PthImport}; names held by trainings are {@link NameReservations}.
 */
@Component(service = ModelStore.class)
public class FileModelStore implements ModelStore {

	static final String PARAMETERS = "parameters.bin";
	static final String CHECKPOINTS = ".checkpoints";
	/** Where a training's kept epochs wait, {@code .epochs/<name>/epoch-N/}, until its model is saved with them. */
	static final String STAGED_EPOCHS = ".epochs";

	@Reference
	EngineService engine;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	volatile EventAdmin eventAdmin;

	private final List<ModelArchitecture> architectures = new CopyOnWriteArrayList<>();
	private final NameLock names = new NameLock();

	@Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
	void addArchitecture(ModelArchitecture architecture) {
		architectures.add(architecture);
	}

	void removeArchitecture(ModelArchitecture architecture) {
		architectures.remove(architecture);
	}

	/** What killed processes left in the store goes when it starts: half-written folders, stale reservations. */
	@Activate
	void activate() {
		sweep();
	}

	/** Removes what dead processes left in the store's folders; returns how many entries. */
	int sweep() {
		int swept = Litter.sweep(directory()) + Litter.sweep(directory().resolve(CHECKPOINTS))
				+ Litter.sweep(directory().resolve(STAGED_EPOCHS)) + reservations().sweep();
		try {
			names.holding(directory(), () -> { // not while a rename has both names in the file
				ActiveModelFile.settle(directory());
				return null;
			});
		} catch (IOException e) {
			// settled at the next start
		}
		return swept;
	}

	@Override
	public Path directory() {
		return DataDirectory.resolve("models");
	}

	private NameReservations reservations() {
		return new NameReservations(directory());
	}

	@Override
	public List<ModelMetadata> list() {
		List<ModelMetadata> models = new ArrayList<>();
		for (Path folder : modelFolders()) {
			if (!Files.isRegularFile(folder.resolve(PARAMETERS))) {
				continue;
			}
			try {
				models.add(named(ModelFiles.metadata(folder), folder));
			} catch (ModelStoreException e) {
				// a damaged folder is not a model; load() names the problem if asked for it
			}
		}
		models.sort(Comparator.comparing(ModelMetadata::created, Comparator.nullsLast(Comparator.reverseOrder())));
		return models;
	}

	/** The folders that may be models: not hidden, with a name a model may have. */
	private List<Path> modelFolders() {
		if (!Files.isDirectory(directory())) {
			return List.of();
		}
		try (Stream<Path> folders = Files.list(directory())) {
			return folders.filter(f -> ModelNames.isValid(f.getFileName().toString()))
					.filter(f -> Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)).toList();
		} catch (IOException e) {
			return List.of();
		}
	}

	/** The folder's name is the model's: a rename killed before the metadata was rewritten still reads right. */
	private static ModelMetadata named(ModelMetadata metadata, Path folder) {
		String name = folder.getFileName().toString();
		return metadata.name().equals(name) ? metadata : metadata.withName(name);
	}

	@Override
	public Optional<ModelMetadata> find(String name) {
		return list().stream().filter(m -> m.name().equals(name)).findFirst();
	}

	@Override
	public ModelMetadata save(ModelMetadata metadata, Model model) throws ModelStoreException {
		return save(metadata, model, null);
	}

	ModelMetadata save(ModelMetadata metadata, Model model, HeldName reservation)
			throws ModelStoreException {
		String name = checkName(metadata.name());
		checkFree(name, reservation);
		Path target = directory().resolve(name);
		try (AtomicFolder folder = newFolder()) {
			try (DataOutputStream out = new DataOutputStream(
					new BufferedOutputStream(Files.newOutputStream(folder.resolve(PARAMETERS))))) {
				model.getBlock().saveParameters(out);
			}
			ModelMetadata complete = complete(metadata, model.getBlock(), folder.resolve(PARAMETERS));
			MetadataJson.write(folder.path(), complete);
			Path staged = reservation == null ? null : stagedEpochs(name);
			if (staged != null) {
				EpochFiles.copyInto(staged, folder.resolve(EpochFiles.FOLDER));
			}
			names.holding(directory(), () -> {
				checkFree(name, reservation);
				folder.commit(target);
				return null;
			});
			if (staged != null) {
				FileTrees.deleteQuietly(staged); // in the model now; a copy left by a kill is replaced by the next run
			}
			post(ModelStoreEvents.SAVED, Map.of(ModelStoreEvents.NAME, name));
			return complete;
		} catch (FileAlreadyExistsException e) {
			throw new ModelStoreException(exists(name), e);
		} catch (ModelStoreException e) {
			throw e;
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
				m.normalization(), m.parent());
	}

	@Override
	public NameReservation reserve(String name) throws ModelStoreException {
		checkName(name);
		NameReservations reservations = reservations();
		try {
			return names.holding(directory(), () -> {
				checkFree(name, null);
				return new HeldName(name, reservations.create(name), reservations, this::save, stagedEpochs(name));
			});
		} catch (ModelStoreException e) {
			throw e;
		} catch (IOException e) {
			throw new ModelStoreException("cannot reserve the name '" + name + "' in " + directory() + ": "
					+ e.getMessage(), e);
		}
	}

	/**
	 * Refuses {@code name} when a model has it (or a name that differs only in case: one folder on macOS and Windows)
	 * or a training other than {@code ours} holds it.
	 */
	private void checkFree(String name, HeldName ours) throws ModelStoreException {
		for (Path folder : modelFolders()) {
			String existing = folder.getFileName().toString();
			if (ModelNames.sameFolder(existing, name)) {
				throw new ModelStoreException(existing.equals(name) ? exists(name)
						: "a model named '" + existing + "' exists already, and '" + name
								+ "' differs from it only in case (one folder where case is ignored); choose another name");
			}
		}
		if (ours == null || !ours.holds(name)) {
			Optional<String> holder = reservations().holder(name);
			if (holder.isPresent()) {
				throw new ModelStoreException(holder.get());
			}
		}
	}

	private String exists(String name) {
		return "a model named '" + name + "' exists already in " + directory() + "; choose another name";
	}

	/** The folder a training's kept epochs wait in. */
	Path stagedEpochs(String name) {
		return directory().resolve(STAGED_EPOCHS).resolve(name);
	}

	@Override
	public List<EpochSnapshot> epochs(String name) throws ModelStoreException {
		Path folder = directory().resolve(checkName(name));
		if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
			throw new ModelStoreException("no model named '" + name + "' in " + directory());
		}
		return EpochFiles.list(folder.resolve(EpochFiles.FOLDER));
	}

	/** {@code name@epoch}: one of a model's kept epochs, its parameters checked against the SHA-256 kept with them. */
	private LoadedModel loadEpoch(String reference) throws ModelStoreException {
		int at = reference.lastIndexOf(EpochSnapshot.SEPARATOR);
		String name = checkName(reference.substring(0, at));
		int epoch;
		try {
			epoch = Integer.parseInt(reference.substring(at + 1));
		} catch (NumberFormatException e) {
			throw new ModelStoreException("'" + reference + "': the epoch after '@' must be a number");
		}
		Path folder = directory().resolve(name);
		if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
			throw new ModelStoreException("no model named '" + name + "' in " + directory());
		}
		ModelMetadata model = named(ModelFiles.metadata(folder), folder);
		Path epochFolder = folder.resolve(EpochFiles.FOLDER).resolve(EpochFiles.name(epoch));
		EpochSnapshot snapshot = EpochFiles.read(epochFolder).orElseThrow(() -> new ModelStoreException(
				"'" + name + "' has no kept epoch " + epoch + EpochFiles.available(folder.resolve(EpochFiles.FOLDER))));
		ModelMetadata metadata = new ModelMetadata(reference, model.architectureId(), model.datasetId(), model.options(),
				epoch, snapshot.trainLoss(), snapshot.trainAccuracy(), snapshot.testLoss(), snapshot.testAccuracy(),
				List.of(), new int[0][], model.trainingMillis(), model.created(), model.engine(), model.djlVersion(),
				model.parameterCount(), snapshot.parametersSha256(), model.source(), model.normalization(), model.parent());
		return open(epochFolder, metadata, Source.folder(epochFolder), false);
	}

	@Override
	public LoadedModel load(String name) throws ModelStoreException {
		if (name != null && name.indexOf(EpochSnapshot.SEPARATOR) > 0) {
			return loadEpoch(name);
		}
		Path folder = directory().resolve(checkName(name));
		if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
			throw new ModelStoreException("no model named '" + name + "' in " + directory());
		}
		try {
			return open(folder, named(ModelFiles.metadata(folder), folder), Source.folder(folder), false);
		} catch (ModelStoreException e) {
			if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) { // deleted or renamed while it was read
				throw new ModelStoreException("no model named '" + name + "' in " + directory() + " (it was just deleted"
						+ " or renamed)", e);
			}
			throw e;
		}
	}

	@Override
	public LoadedModel loadFrom(Path path) throws ModelStoreException {
		if (Files.isDirectory(path)) {
			return open(path, ModelFiles.metadata(path), Source.folder(path), false);
		}
		try (AtomicFolder unpacked = newFolder()) {
			ModelZip.Unpacked zip = ModelZip.extract(path, unpacked.path());
			return open(unpacked.path(), checkedZip(zip, path), Source.zip(path), true);
		}
	}

	/** The metadata of an unpacked zip, once its parameters proved to be what it records. */
	private static ModelMetadata checkedZip(ModelZip.Unpacked zip, Path zipFile) throws ModelStoreException {
		Source source = Source.zip(zipFile);
		ModelFiles.requireChecksum(zip.metadata(), source);
		if (!zip.parametersSha256().equals(zip.metadata().parametersSha256())) {
			throw new ModelStoreException(source.parameters() + ": damaged (SHA-256 " + zip.parametersSha256()
					+ " differs from the " + zip.metadata().parametersSha256() + " its metadata records)");
		}
		return zip.metadata();
	}

	/** The model in {@code folder}, its parameters checked against the SHA-256 recorded when it was saved. */
	private LoadedModel open(Path folder, ModelMetadata metadata, Source source, boolean verified, boolean finite)
			throws ModelStoreException {
		if (!verified) {
			ModelFiles.verify(folder, metadata, source);
		}
		ModelArchitecture architecture = architecture(metadata.architectureId(), source);
		engineInfo();
		Model model;
		try {
			model = OwnThread.call("Opening " + metadata.name(),
					() -> ModelFiles.load(folder, metadata, architecture, source, finite));
		} catch (ModelStoreException | RuntimeException e) {
			throw e;
		} catch (Exception e) {
			throw new ModelStoreException(source + ": " + e.getMessage(), e);
		}
		return new DjlLoadedModel(metadata, architecture, model);
	}

	private LoadedModel open(Path folder, ModelMetadata metadata, Source source, boolean fromOutside)
			throws ModelStoreException {
		return open(folder, metadata, source, fromOutside, fromOutside);
	}

	@Override
	public ModelMetadata rename(String name, String newName) throws ModelStoreException {
		Path folder = directory().resolve(checkName(name));
		Path target = directory().resolve(checkName(newName));
		if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
			throw new ModelStoreException("no model named '" + name + "' in " + directory());
		}
		ModelMetadata metadata = ModelFiles.metadata(folder);
		if (name.equals(newName)) {
			return named(metadata, folder);
		}
		boolean caseOnly = ModelNames.sameFolder(name, newName); // this model's own folder where case is ignored
		try {
			String renamedActive = names.holding(directory(), () -> {
				if (!caseOnly) {
					checkFree(newName, null);
				}
				String active = activeModel().orElse(null);
				// the model itself or one of its kept epochs (name@epoch) under the new name
				String after = active == null ? null : active.equals(name) ? newName
						: active.startsWith(name + EpochSnapshot.SEPARATOR) ? newName + active.substring(name.length())
								: null;
				if (after != null) {
					writeActive(after, active); // whichever of the two exists after a kill is the active one
				}
				try {
					moveFolder(folder, target);
				} catch (IOException e) {
					if (after != null) {
						writeActive(active, null);
					}
					throw e;
				}
				return after;
			});
			ModelMetadata renamed = metadata.withName(newName);
			MetadataJson.write(target, renamed); // for exports; the folder's name already counts
			if (renamedActive != null) {
				writeActive(renamedActive, null);
			}
			post(ModelStoreEvents.RENAMED, Map.of(ModelStoreEvents.NAME, newName, ModelStoreEvents.OLD_NAME, name));
			return renamed;
		} catch (FileAlreadyExistsException e) {
			throw new ModelStoreException(exists(newName), e);
		} catch (ModelStoreException e) {
			throw e;
		} catch (NoSuchFileException e) {
			throw new ModelStoreException("no model named '" + name + "' in " + directory() + " (it was just deleted or "
					+ "renamed)", e);
		} catch (IOException e) {
			throw new ModelStoreException("could not rename '" + name + "' to '" + newName + "': " + e.getMessage(), e);
		}
	}

	@Override
	public ModelMetadata recordTestResults(String name, double testLoss, double testAccuracy,
			List<ModelMetadata.ClassMetrics> perClass, int[][] confusion) throws ModelStoreException {
		Path folder = directory().resolve(checkName(name));
		if (!Double.isFinite(testLoss) || testLoss < 0 || !(testAccuracy >= 0 && testAccuracy <= 1)) {
			throw new ModelStoreException("cannot record an evaluation of '" + name + "': loss " + testLoss
					+ " and accuracy " + testAccuracy + " are not a loss and a share in [0, 1]");
		}
		try {
			ModelMetadata updated = names.holding(directory(), () -> { // not while a rename moves the folder
				if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
					throw new ModelStoreException("no model named '" + name + "' in " + directory());
				}
				ModelMetadata recorded = named(ModelFiles.metadata(folder), folder).withTestResults(testLoss,
						testAccuracy, perClass == null ? List.of() : List.copyOf(perClass),
						confusion == null ? new int[0][] : confusion);
				MetadataJson.write(folder, recorded); // a temporary file renamed onto metadata.json
				return recorded;
			});
			post(ModelStoreEvents.UPDATED, Map.of(ModelStoreEvents.NAME, name));
			return updated;
		} catch (ModelStoreException e) {
			throw e;
		} catch (IOException e) {
			throw new ModelStoreException("could not record the evaluation of '" + name + "': " + e.getMessage(), e);
		}
	}

	/**
	 * One atomic rename of the model's folder: it never replaces a model (a folder with files in it cannot be renamed
	 * onto), and nothing is copied.
	 */
	private static void moveFolder(Path folder, Path target) throws IOException {
		if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !Files.isSameFile(folder, target)) {
			throw new FileAlreadyExistsException(target.toString());
		}
		try {
			Files.move(folder, target, StandardCopyOption.ATOMIC_MOVE);
		} catch (AtomicMoveNotSupportedException e) {
			throw new IOException(target + " cannot be renamed atomically (" + e.getMessage() + ")", e);
		} catch (IOException e) {
			if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS) && Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
				throw new FileAlreadyExistsException(target.toString());
			}
			throw e;
		}
	}

	@Override
	public void delete(String name) throws ModelStoreException {
		Path folder = directory().resolve(checkName(name));
		if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
			throw new ModelStoreException("no model named '" + name + "' in " + directory());
		}
		String active = activeModel().orElse("");
		boolean wasActive = active.equals(name) || active.startsWith(name + EpochSnapshot.SEPARATOR);
		try {
			FileTrees.deleteAtomically(folder); // a half-deleted folder must not look like a model
			if (wasActive) {
				ActiveModelFile.clear(directory());
			}
		} catch (NoSuchFileException e) {
			throw new ModelStoreException("no model named '" + name + "' in " + directory() + " (it was just deleted)", e);
		} catch (IOException e) {
			throw new ModelStoreException("could not delete '" + name + "': " + e.getMessage(), e);
		}
		post(ModelStoreEvents.DELETED, Map.of(ModelStoreEvents.NAME, name));
	}

	@Override
	public void exportZip(String name, Path zipFile) throws ModelStoreException {
		Path folder = directory().resolve(checkName(name));
		if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
			throw new ModelStoreException("no model named '" + name + "' in " + directory());
		}
		ModelMetadata metadata = named(ModelFiles.metadata(folder), folder);
		Path target = zipFile.toAbsolutePath();
		if (Files.isDirectory(target)) {
			throw new ModelStoreException(target + ": is a folder; name the zip file to write");
		}
		if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
			throw new ModelStoreException(target + ": the folder " + target.getParent() + " does not exist");
		}
		try {
			ModelZip.write(folder, metadata, target);
		} catch (ModelStoreException e) {
			throw new ModelStoreException("could not export '" + name + "': " + e.getMessage(), e);
		} catch (IOException e) {
			throw new ModelStoreException("could not export '" + name + "' to " + target + ": " + e.getMessage(), e);
		}
	}

	@Override
	public ModelMetadata importZip(Path zipFile, String newName) throws ModelStoreException {
		try (AtomicFolder folder = newFolder()) {
			ModelMetadata metadata = checkedZip(ModelZip.extract(zipFile, folder.path()), zipFile);
			String name = newName == null ? metadata.name() : newName;
			String problem = ModelNames.problem(name);
			if (problem != null) {
				throw new ModelStoreException(zipFile + ": " + problem + (newName == null ? "; import it under another name"
						: ""));
			}
			checkFree(name, null);
			try (LoadedModel check = open(folder.path(), metadata, Source.zip(zipFile), true)) {
				// parameters verified against their SHA-256, the architecture, and for NaN
			}
			ModelMetadata renamed = metadata.withName(name);
			MetadataJson.write(folder.path(), renamed);
			names.holding(directory(), () -> {
				checkFree(name, null);
				folder.commit(directory().resolve(name));
				return null;
			});
			post(ModelStoreEvents.SAVED, Map.of(ModelStoreEvents.NAME, name));
			return renamed;
		} catch (FileAlreadyExistsException e) {
			throw new ModelStoreException(exists(newName == null ? e.getFile() : newName), e);
		} catch (ModelStoreException e) {
			throw e;
		} catch (IOException e) {
			throw new ModelStoreException(zipFile + ": could not import (" + e.getMessage() + ")", e);
		}
	}

	@Override
	public ModelMetadata importPytorch(Path pthFile, String architectureId, String name) throws ModelStoreException {
		checkName(name);
		checkFree(name, null);
		ModelArchitecture architecture = architecture(architectureId, null);
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
		return ActiveModelFile.read(directory());
	}

	@Override
	public void setActiveModel(String name) throws ModelStoreException {
		int at = name == null ? -1 : name.lastIndexOf(EpochSnapshot.SEPARATOR);
		Path folder = directory().resolve(checkName(at > 0 ? name.substring(0, at) : name));
		if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
			throw new ModelStoreException("no model named '" + folder.getFileName() + "' in " + directory());
		}
		ModelFiles.metadata(folder);
		if (at > 0) { // one of its kept epochs: what the canvas and the gallery use from now on
			String epoch = name.substring(at + 1);
			if (!epoch.matches("[1-9][0-9]{0,3}") || EpochFiles.read(folder.resolve(EpochFiles.FOLDER)
					.resolve(EpochFiles.name(Integer.parseInt(epoch)))).isEmpty()) {
				throw new ModelStoreException("'" + folder.getFileName() + "' has no kept epoch " + epoch
						+ EpochFiles.available(folder.resolve(EpochFiles.FOLDER)));
			}
		}
		try {
			writeActive(name, null);
		} catch (IOException e) {
			throw new ModelStoreException("could not remember the active model: " + e.getMessage(), e);
		}
		post(ModelStoreEvents.ACTIVATED, Map.of(ModelStoreEvents.NAME, name));
	}

	private void writeActive(String name, String fallback) throws IOException {
		ActiveModelFile.write(directory(), name, fallback);
	}

	private ModelArchitecture architecture(String id, Source source) throws ModelStoreException {
		return architectures.stream().filter(a -> a.id().equals(id)).findFirst()
				.orElseThrow(() -> new ModelStoreException((source == null ? "" : source.metadata() + ": ")
						+ "unknown architecture '" + id + "'; installed: "
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
