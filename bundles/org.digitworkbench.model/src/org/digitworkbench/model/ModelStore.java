package org.digitworkbench.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import ai.djl.Model;

/**
 * Saved models, kept under the data directory ({@code models/<name>/}), registered as an OSGi service. Every write
 * is atomic (temporary folder + rename; a rename is one rename): a killed process never leaves a model that
 * {@link #list()} shows as valid, and what it had in flight is swept when the store starts next. Every model's
 * parameters carry a SHA-256 that is checked whenever they are read. A name is one folder: names that differ only in
 * case are refused as taken. Changes are announced on the EventAdmin under {@link ModelStoreEvents}.
 * <p>
 * Every refusal is a {@link ModelStoreException} whose message is one line naming the user's file (or the model)
 * and the reason. Files from outside are bounded before they are read: a model zip's {@code metadata.json} at 1 MiB
 * and its {@code parameters.bin} at 256 MiB (checked from the sizes the archive declares, before inflating), a
 * {@code .pth} at 2^28 values.
 */
public interface ModelStore {

	Path directory();

	/** Valid models, newest first. Broken or half-written folders are skipped. */
	List<ModelMetadata> list();

	Optional<ModelMetadata> find(String name);

	/**
	 * Saves {@code model}'s parameters with {@code metadata} (its parameter count and SHA-256 are filled in here).
	 * Refused when the name is taken or {@link #reserve reserved}.
	 *
	 * @return the metadata as stored
	 */
	ModelMetadata save(ModelMetadata metadata, Model model) throws ModelStoreException;

	/**
	 * Holds {@code name} for a model that is still being made — a training — so that nothing else (a save, an
	 * import, a rename, another reservation, in this process or another) takes it before the model is saved through
	 * the reservation.
	 *
	 * @throws ModelStoreException when the name is not valid, taken by a model, or held already (the message says by
	 *                             whom)
	 * @since 0.1.3
	 */
	NameReservation reserve(String name) throws ModelStoreException;

	/**
	 * Opens a saved model; the parameters' SHA-256 is checked first. {@code name@epoch} (since 0.2.2) opens one of its
	 * {@link #epochs kept epochs}: its metadata is the model's, named so, with the epoch's metrics.
	 */
	LoadedModel load(String name) throws ModelStoreException;

	/**
	 * The epochs kept with model {@code name}, first to last; empty when none were kept (an option of the training,
	 * on by default for runs up to 20 epochs) or the model has none (imported). Not exported in a zip.
	 *
	 * @throws ModelStoreException when there is no such model or its list of epochs is damaged
	 * @since 0.2.2
	 */
	default List<EpochSnapshot> epochs(String name) throws ModelStoreException {
		return List.of();
	}

	/**
	 * Keeps an evaluation of model {@code name} on its dataset's test split in its metadata, as a training keeps its
	 * final one: test loss, accuracy, per-class metrics and confusion matrix replace the ones recorded; everything
	 * else stays. Written atomically; announced on {@link ModelStoreEvents#UPDATED}. Meant for a model that was
	 * never evaluated (an imported {@code .pth}); the caller makes sure the images were the test split of the
	 * model's own dataset.
	 *
	 * @throws ModelStoreException when there is no such model (a kept epoch, {@code name@epoch}, has no record of its
	 *                             own), a figure is not finite or not in range, or the metadata cannot be written
	 * @since 0.2.3
	 */
	default ModelMetadata recordTestResults(String name, double testLoss, double testAccuracy,
			List<ModelMetadata.ClassMetrics> perClass, int[][] confusion) throws ModelStoreException {
		throw new ModelStoreException("this model store cannot record an evaluation of '" + name + "'");
	}

	/** Opens a model from a folder or exported zip outside the store (the CLI's {@code --model PATH}). */
	LoadedModel loadFrom(Path path) throws ModelStoreException;

	ModelMetadata rename(String name, String newName) throws ModelStoreException;

	void delete(String name) throws ModelStoreException;

	/** Writes one zip holding the parameters and metadata, once the parameters proved to have their checksum. */
	void exportZip(String name, Path zipFile) throws ModelStoreException;

	/**
	 * Reads a zip written by {@link #exportZip}; {@code newName} null keeps the stored name. The zip's metadata must
	 * record the parameters' SHA-256 and the parameters must have it and hold no NaN or infinite value.
	 */
	ModelMetadata importZip(Path zipFile, String newName) throws ModelStoreException;

	/**
	 * Imports a PyTorch {@code state_dict} saved with {@code torch.save} (zip format) into architecture
	 * {@code architectureId}. The pickle is read by a restricted reader: any global other than what a tensor
	 * state_dict needs is refused before anything is built, and nothing is ever executed. Weights that are NaN or
	 * infinite are refused.
	 */
	ModelMetadata importPytorch(Path pthFile, String architectureId, String name) throws ModelStoreException;

	/**
	 * The model the canvas uses; persists across restarts. A kept epoch ({@code name@epoch}) may be active (since
	 * 0.2.2): renaming its model renames it along, deleting the model ends it.
	 */
	Optional<String> activeModel();

	/** Makes {@code name} — a model, or since 0.2.2 one of its kept epochs as {@code name@epoch} — the active one. */
	void setActiveModel(String name) throws ModelStoreException;
}
