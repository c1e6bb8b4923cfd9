package org.digitworkbench.model;

import ai.djl.Model;

/**
 * A model name held for a model that is still being made (a training), from {@link ModelStore#reserve}: until it is
 * closed, no save, import, rename or other reservation takes the name — nor one that differs from it only in case — in
 * this process or in another one. A process that ends, even killed, gives its reservations up. Close it when the
 * model is saved or will not be.
 *
 * @since 0.1.3
 */
public interface NameReservation extends AutoCloseable {

	/** The name held. */
	String name();

	/**
	 * Saves {@code model} under the reserved name, as {@link ModelStore#save} does ({@code metadata}'s name must be the
	 * reserved one), with the epochs {@link #keepEpoch kept} for it, in the same atomic step; the reservation stays
	 * held until it is closed.
	 *
	 * @throws ModelStoreException also when the reservation was closed
	 */
	ModelMetadata save(ModelMetadata metadata, Model model) throws ModelStoreException;

	/**
	 * Keeps {@code model}'s parameters as they are after {@code metrics.epoch()}, to be saved with the model by
	 * {@link #save}: written whole or not at all, beside the store's models, and replacing what an earlier run of this
	 * name kept for the same epoch.
	 *
	 * @since 0.2.2
	 */
	default void keepEpoch(EpochSnapshot metrics, Model model) throws ModelStoreException {
		throw new ModelStoreException("this model store keeps no epochs");
	}

	/**
	 * Forgets the epochs kept for this name (a run that starts afresh); a resumed run keeps them.
	 *
	 * @since 0.2.2
	 */
	default void discardEpochs() throws ModelStoreException {
	}

	/** Gives the name up; closing twice does nothing. */
	@Override
	void close();
}
