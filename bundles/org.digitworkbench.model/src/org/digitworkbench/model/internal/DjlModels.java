package org.digitworkbench.model.internal;

import org.digitworkbench.model.LoadedModel;

import ai.djl.Model;

/**
 * The DJL model behind a {@link LoadedModel}, for the core's engine-side bundles (the training bundle evaluates with
 * it). Views and plug-ins use {@link LoadedModel}'s plain values instead; this package is internal.
 */
public final class DjlModels {

	private DjlModels() {
	}

	/** A loaded model that hands out another one's (e.g. a lease on the active model). */
	interface Wrapper {
		LoadedModel wrapped();
	}

	/**
	 * @throws IllegalArgumentException when {@code loaded} was not opened by this bundle's model store
	 */
	public static Model model(LoadedModel loaded) {
		if (loaded instanceof DjlLoadedModel djl) {
			return djl.model();
		}
		if (loaded instanceof Wrapper wrapper) {
			return model(wrapper.wrapped());
		}
		throw new IllegalArgumentException(loaded.metadata().name() + " was not opened by the model store");
	}
}
