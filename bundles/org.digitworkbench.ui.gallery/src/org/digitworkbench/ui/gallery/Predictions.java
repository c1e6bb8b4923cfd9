package org.digitworkbench.ui.gallery;

import java.util.Arrays;

import org.digitworkbench.training.Evaluation;

/** Picks and orders the images the gallery shows; plain arithmetic on the evaluation's arrays (10,000 in ~1 ms). */
final class Predictions {

	private Predictions() {
	}

	/**
	 * The indices of the images in {@code selection} (only the wrong ones when {@code errorsOnly}), in
	 * {@code order}; ties keep the test set's order.
	 */
	static int[] select(Evaluation evaluation, MatrixSelection selection, boolean errorsOnly, SortOrder order) {
		int[] labels = evaluation.labels();
		int[] predicted = evaluation.predicted();
		int[] chosen = new int[evaluation.count()];
		int n = 0;
		for (int i = 0; i < evaluation.count(); i++) {
			if (selection.contains(labels[i], predicted[i]) && !(errorsOnly && labels[i] == predicted[i])) {
				chosen[n++] = i;
			}
		}
		chosen = Arrays.copyOf(chosen, n);
		if (order == SortOrder.INDEX) {
			return chosen;
		}
		// Confidences are probabilities (≥ 0), whose IEEE bits order like the values: one primitive sort of
		// (confidence bits, index) pairs, no boxing.
		long[] keys = new long[n];
		for (int k = 0; k < n; k++) {
			int bits = Float.floatToIntBits(Math.max(0f, evaluation.confidence(chosen[k])));
			if (order == SortOrder.MOST_CONFIDENT) {
				bits = Integer.MAX_VALUE - bits;
			}
			keys[k] = (long) bits << 32 | chosen[k];
		}
		Arrays.sort(keys);
		for (int k = 0; k < n; k++) {
			chosen[k] = (int) keys[k];
		}
		return chosen;
	}

	/** Images predicted right. */
	static int correct(Evaluation evaluation) {
		int correct = 0;
		for (int i = 0; i < evaluation.count(); i++) {
			if (evaluation.labels()[i] == evaluation.predicted()[i]) {
				correct++;
			}
		}
		return correct;
	}
}
