package org.digitworkbench.model;

import java.util.Map;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;

/**
 * A network design, registered as an OSGi service (Declarative Services). The training console and the command line
 * list every registered architecture; a plug-in adds one by registering its own.
 * <p>
 * Every architecture takes a batch of normalised 28×28 images and returns ten logits per image.
 */
public interface ModelArchitecture {

	/** Stable id used on the command line and in saved models' metadata, e.g. {@code mlp}. */
	String id();

	/** Name for people, e.g. {@code Multilayer perceptron (784-512-256-128-10)}. */
	String name();

	/** One or two sentences: what it is and when to choose it. */
	String description();

	/** A new, uninitialised block. */
	Block newBlock();

	/** The input shape for a batch of {@code batchSize} images, e.g. {@code (N, 784)} or {@code (N, 1, 28, 28)}. */
	Shape inputShape(int batchSize);

	/**
	 * The hyper-parameters this design trains best with, offered as the defaults by the training console and the
	 * command line (the user can change each).
	 */
	default TrainingOptions recommendedOptions() {
		return TrainingOptions.DEFAULTS;
	}

	/**
	 * For importing PyTorch {@code state_dict}s: PyTorch key (e.g. {@code network.0.weight}) → DJL parameter path as
	 * {@code Block.getParameters()} lists it after initialisation. Empty when import is not supported.
	 */
	default Map<String, String> pytorchParameterNames() {
		return Map.of();
	}
}
