package org.digitworkbench.training;

import java.util.List;

import org.digitworkbench.model.ModelMetadata.ClassMetrics;

/**
 * A model's results on one image set: overall figures, per-class metrics, the confusion matrix and every sample's
 * prediction with its probabilities (what the gallery shows).
 *
 * @param modelName     the model evaluated
 * @param datasetId     the images' dataset
 * @param count         number of images
 * @param accuracy      share predicted right, [0, 1]
 * @param loss          mean cross-entropy
 * @param perClass      precision, recall, F1 and support per class
 * @param confusion     [true][predicted] counts
 * @param labels        true label per image
 * @param predicted     predicted class per image
 * @param probabilities {@code count × classes} probabilities, row-major
 * @param classNames    one per class
 * @param millis        time the evaluation took
 */
public record Evaluation(String modelName, String datasetId, int count, double accuracy, double loss,
		List<ClassMetrics> perClass, int[][] confusion, int[] labels, int[] predicted, float[] probabilities,
		List<String> classNames, long millis) {

	public int classes() {
		return classNames.size();
	}

	public float probability(int image, int classIndex) {
		return probabilities[image * classes() + classIndex];
	}

	public float confidence(int image) {
		return probability(image, predicted[image]);
	}
}
