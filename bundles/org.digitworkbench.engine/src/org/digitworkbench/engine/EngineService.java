package org.digitworkbench.engine;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Starts DJL's PyTorch engine inside OSGi, once, off the caller's thread.
 * <p>
 * Every bundle that touches {@code ai.djl} must first wait for {@link #awaitReady()} (or chain on
 * {@link #ready()}): DJL fixes its engine the first time {@code ai.djl.engine.Engine} is initialised, and only this
 * service initialises it with the class loader that can see the native libraries.
 */
public interface EngineService {

	/**
	 * Starts loading the engine if nobody has yet, on a thread of its own. Completes with the engine's description once
	 * it has loaded, or exceptionally with the reason it could not.
	 */
	CompletionStage<EngineInfo> ready();

	/** Starts loading the engine if nobody has yet, and blocks until it has loaded. */
	EngineInfo awaitReady() throws EngineUnavailableException;

	/** The engine's description if it has loaded already; never starts a load. */
	Optional<EngineInfo> current();
}
