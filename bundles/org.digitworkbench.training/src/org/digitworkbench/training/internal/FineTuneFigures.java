package org.digitworkbench.training.internal;

import java.util.Locale;

import org.digitworkbench.dataset.ImageSet;

/**
 * A fine-tune's figures at one moment: accuracy on the run's test split (the user's held-back samples) and on the
 * replayed dataset's test split (MNIST's); NaN where there is none. The ones before the run are kept in its
 * checkpoint, so that a resumed run still reports them.
 */
record FineTuneFigures(double testAccuracy, int testCount, double replayAccuracy) {

	String describe(String datasetId, ImageSet replayTest) {
		String own = testCount == 0 ? datasetId + " has no held-back samples"
				: String.format(Locale.ROOT, "%.2f %% of %d held-back %s samples", 100 * testAccuracy, testCount,
						datasetId);
		return replayTest == null || Double.isNaN(replayAccuracy) ? own
				: own + String.format(Locale.ROOT, ", %.2f %% of %s's %d test images", 100 * replayAccuracy,
						replayTest.datasetId(), replayTest.count());
	}
}
