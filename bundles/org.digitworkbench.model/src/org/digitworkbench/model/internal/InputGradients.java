package org.digitworkbench.model.internal;

import org.digitworkbench.dataset.Normalization;
import org.digitworkbench.model.Explanation;
import org.digitworkbench.model.ModelArchitecture;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

/**
 * {@link Explanation}s by autograd: one forward pass with the input as the only leaf that asks for a gradient (a
 * loaded model's parameters do not: DJL's {@code Parameter.load} gives plain arrays), then one backward pass for the
 * digit's log-probability and one for the runner-up's log-odds over it. libtorch records per thread, so recording is
 * switched on for this call only and restored after (DJL's {@code GradientCollector} allows one in the whole process,
 * which a training would hold).
 */
final class InputGradients {

	private InputGradients() {
	}

	static Explanation explain(Model model, ModelArchitecture architecture, Normalization normalization,
			float[] normalizedImage) {
		if (normalizedImage.length != 784) {
			throw new IllegalArgumentException("an image is 784 values, not " + normalizedImage.length);
		}
		boolean recording = JniUtils.isGradMode();
		JniUtils.setGradMode(true);
		try (NDManager call = model.getNDManager().newSubManager()) {
			NDArray x = call.create(normalizedImage, architecture.inputShape(1));
			x.setRequiresGradient(true);
			NDArray logits = model.getBlock().forward(new ParameterStore(call, false), new NDList(x), false)
					.singletonOrThrow().reshape(-1);
			NDArray logProbabilities = logits.logSoftmax(0);
			float[] probabilities = logProbabilities.exp().toFloatArray();
			int digit = 0;
			for (int c = 1; c < probabilities.length; c++) {
				digit = probabilities[c] > probabilities[digit] ? c : digit;
			}
			int runnerUp = digit == 0 ? 1 : 0;
			for (int c = 0; c < probabilities.length; c++) {
				runnerUp = c != digit && probabilities[c] > probabilities[runnerUp] ? c : runnerUp;
			}
			float[] forDigit = gradient(logProbabilities.get(digit), x, call, true);
			float[] towardRunnerUp = gradient(logits.get(runnerUp).sub(logits.get(digit)), x, call, false);
			// per unit of ink (the input is (ink - mean) / std), and evidence weighted by the ink itself
			float std = normalization.std();
			float background = normalization.apply(0);
			float[] evidence = new float[784];
			for (int i = 0; i < 784; i++) {
				float ink = (normalizedImage[i] - background) * std;
				forDigit[i] /= std;
				towardRunnerUp[i] /= std;
				evidence[i] = forDigit[i] * ink;
			}
			return new Explanation(digit, runnerUp, probabilities, evidence, towardRunnerUp);
		} finally {
			JniUtils.setGradMode(recording);
		}
	}

	/** d target / d x, read back; the gradient is zeroed after, so that the next pass starts from nothing. */
	private static float[] gradient(NDArray target, NDArray x, NDManager manager, boolean keepGraph) {
		JniUtils.backward((PtNDArray) target, (PtNDArray) manager.ones(target.getShape()), keepGraph, false);
		NDArray gradient = x.getGradient();
		float[] values = gradient.toFloatArray();
		JniUtils.zeroGrad((PtNDArray) x);
		return values;
	}
}
