package org.digitworkbench.model.internal;

import org.digitworkbench.model.Classifier;
import org.digitworkbench.model.ModelArchitecture;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;

/**
 * Forward passes in inference mode, on the loaded model's {@link IdleThread}; every call's arrays live in a sub-manager
 * closed before it returns.
 */
final class DjlClassifier implements Classifier {

	private static final int PIXELS = 784;
	private final Model model;
	private final ModelArchitecture architecture;
	private final NDManager manager;
	private final IdleThread inference;

	DjlClassifier(Model model, ModelArchitecture architecture, IdleThread inference) {
		this.model = model;
		this.architecture = architecture;
		this.inference = inference;
		this.manager = model.getNDManager().newSubManager();
	}

	@Override
	public float[] probabilities(float[] normalizedImage) {
		return probabilities(normalizedImage, 1);
	}

	@Override
	public float[] probabilities(float[] normalizedImages, int count) {
		if (normalizedImages.length != count * PIXELS) {
			throw new IllegalArgumentException(count + " images need " + count * PIXELS + " values, not " + normalizedImages.length);
		}
		return inference.call(() -> {
			try (NDManager call = manager.newSubManager()) {
				NDArray x = call.create(normalizedImages, architecture.inputShape(count));
				NDArray logits = model.getBlock().forward(new ParameterStore(call, false), new NDList(x), false)
						.singletonOrThrow();
				return logits.softmax(1).toFloatArray();
			}
		});
	}

	@Override
	public void close() {
		manager.close();
	}
}
