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

	/** The name of {@link #recommendedOptions()} among the {@link #presets()}. */
	String RECOMMENDED = "recommended";

	/**
	 * The name of a recipe for a good model soon rather than the seed's recipe (time to accuracy, as the MNIST speed
	 * runs measure it: larger batches, a one-cycle schedule, tuned betas, few epochs).
	 */
	String QUICK = "quick";

	/**
	 * The recipes this design offers by name, {@link #RECOMMENDED} first (an ordered map): what the training console
	 * and {@code train --preset} offer. Designs with a {@link #QUICK} recipe add it.
	 */
	default Map<String, TrainingOptions> presets() {
		return Map.of(RECOMMENDED, recommendedOptions());
	}

	/**
	 * For importing PyTorch {@code state_dict}s: PyTorch key (e.g. {@code network.0.weight}) → DJL parameter path as
	 * {@code Block.getParameters()} lists it after initialisation. Empty when import is not supported.
	 */
	default Map<String, String> pytorchParameterNames() {
		return Map.of();
	}
}
