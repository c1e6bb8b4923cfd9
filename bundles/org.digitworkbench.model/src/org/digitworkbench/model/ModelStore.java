package org.digitworkbench.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import ai.djl.Model;

/**
 * Saved models, kept under the data directory ({@code models/<name>/}), registered as an OSGi service. Every write
 * is atomic (temporary folder + rename): a killed process never leaves a model that {@link #list()} shows as valid.
 * Changes are announced on the EventAdmin under {@link ModelStoreEvents}.
 */
public interface ModelStore {

	Path directory();

	/** Valid models, newest first. Broken or half-written folders are skipped. */
	List<ModelMetadata> list();

	Optional<ModelMetadata> find(String name);

	/**
	 * Saves {@code model}'s parameters with {@code metadata} (its parameter count and SHA-256 are filled in here).
	 *
	 * @return the metadata as stored
	 */
	ModelMetadata save(ModelMetadata metadata, Model model) throws ModelStoreException;

	/** Opens a saved model; the parameters' SHA-256 is checked first. */
	LoadedModel load(String name) throws ModelStoreException;

	/** Opens a model from a folder or exported zip outside the store (the CLI's {@code --model PATH}). */
	LoadedModel loadFrom(Path path) throws ModelStoreException;

	ModelMetadata rename(String name, String newName) throws ModelStoreException;

	void delete(String name) throws ModelStoreException;

	/** Writes one zip holding the parameters and metadata. */
	void exportZip(String name, Path zipFile) throws ModelStoreException;

	/** Reads a zip written by {@link #exportZip}; {@code newName} null keeps the stored name. */
	ModelMetadata importZip(Path zipFile, String newName) throws ModelStoreException;

	/**
	 * Imports a PyTorch {@code state_dict} saved with {@code torch.save} (zip format) into architecture
	 * {@code architectureId}. The pickle is read by a restricted reader: any global other than what a tensor
	 * state_dict needs is refused before anything is built, and nothing is ever executed.
	 */
	ModelMetadata importPytorch(Path pthFile, String architectureId, String name) throws ModelStoreException;

	/** The model the canvas uses; persists across restarts. */
	Optional<String> activeModel();

	void setActiveModel(String name) throws ModelStoreException;
}
