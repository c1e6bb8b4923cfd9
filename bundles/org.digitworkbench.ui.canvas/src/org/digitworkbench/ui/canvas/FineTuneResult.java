package org.digitworkbench.ui.canvas;

import java.util.Locale;

import org.digitworkbench.training.TrainingEvents;
import org.osgi.service.event.Event;

/**
 * What a fine-tune from the canvas reports (the training's {@code FINE_TUNED} event): accuracy before and after on
 * the user's held-back samples and on the replayed dataset's test split (MNIST's), and whether the tuned model is the
 * better one, which the canvas then makes active.
 *
 * @param replayDataset empty without replay; the accuracies NaN when unknown
 */
record FineTuneResult(String parent, String tuned, int heldBackCount, double heldBackBefore, double heldBackAfter,
		String replayDataset, double replayBefore, double replayAfter) {

	/** The most the replayed dataset's accuracy may drop for the tuned model to count as better (issue 12: 0.3 points). */
	static final double MAX_REPLAY_LOSS = 0.003;

	static FineTuneResult of(Event e) {
		return new FineTuneResult(text(e, TrainingEvents.PARENT_MODEL), text(e, TrainingEvents.MODEL_NAME),
				e.getProperty(TrainingEvents.TEST_COUNT) instanceof Number n ? n.intValue() : 0,
				number(e, TrainingEvents.TEST_ACCURACY_BEFORE), number(e, TrainingEvents.TEST_ACCURACY),
				text(e, TrainingEvents.REPLAY_DATASET), number(e, TrainingEvents.REPLAY_ACCURACY_BEFORE),
				number(e, TrainingEvents.REPLAY_ACCURACY));
	}

	/**
	 * Better: it reads more of the user's held-back samples than its parent did (so there must be some), and forgets
	 * at most {@link #MAX_REPLAY_LOSS} of the replayed dataset (not checked when that is unknown).
	 */
	boolean better() {
		return heldBackCount > 0 && heldBackAfter > heldBackBefore && !(replayBefore - replayAfter > MAX_REPLAY_LOSS);
	}

	/** Before → after, as the canvas shows it. */
	String describe() {
		String own = String.format(Locale.ROOT, "Your %d held-back sample%s: %s \u2192 %s", heldBackCount,
				heldBackCount == 1 ? "" : "s", percent(heldBackBefore, 0), percent(heldBackAfter, 0));
		if (replayDataset.isEmpty()) {
			return own + ".";
		}
		return own + String.format(Locale.ROOT, "; %s test set: %s \u2192 %s.", datasetName(replayDataset),
				percent(replayBefore, 2), percent(replayAfter, 2));
	}

	private static String datasetName(String id) {
		return id.equals("mnist") ? "MNIST" : id;
	}

	private static String percent(double value, int decimals) {
		return Double.isNaN(value) ? "?" : String.format(Locale.ROOT, "%." + decimals + "f %%", 100 * value);
	}

	private static String text(Event e, String key) {
		Object value = e.getProperty(key);
		return value == null ? "" : value.toString();
	}

	private static double number(Event e, String key) {
		return e.getProperty(key) instanceof Number n ? n.doubleValue() : Double.NaN;
	}
}
