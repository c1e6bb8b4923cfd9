package org.digitworkbench.model;

import java.util.Optional;

/**
 * The active model — the one the drawing canvas uses — opened once for the whole workbench and shared, registered as
 * an OSGi service. The canvas, the Activations view and any plug-in take a lease on it instead of each loading a copy
 * of their own.
 * <p>
 * It follows the store: when another model is activated, or the active one is renamed, saved again or deleted, it
 * opens the model that is active now, one load at a time and in order, so a newer activation always wins over an
 * older load that finishes late. Each change is posted as {@link ActiveModelEvents#CHANGED}.
 *
 * @since 0.2.0
 */
public interface ActiveModel {

	/** Where the active model stands now. */
	State state();

	/**
	 * A lease on the active model as loaded now, or empty while there is none, it is loading or it failed to load.
	 * Use the lease from any thread (with a {@link Classifier} of its own per thread) and close it when done: the model
	 * stays open while a lease on it is, also after another model has become active.
	 */
	Optional<LoadedModel> acquire();

	/**
	 * @param name    the active model, null when there is none
	 * @param status  where its loading stands
	 * @param message why it could not be loaded (for {@link Status#FAILED}), else null
	 */
	record State(String name, Status status, String message) {

		public static final State NONE = new State(null, Status.NONE, null);
	}

	enum Status {
		/** No model is active. */
		NONE,
		/** The active model is being opened. */
		LOADING,
		/** The active model is open: {@link ActiveModel#acquire()} hands it out. */
		LOADED,
		/** The active model could not be opened; the state's message says why. */
		FAILED
	}
}
