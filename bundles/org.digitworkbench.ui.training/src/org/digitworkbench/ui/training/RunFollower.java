package org.digitworkbench.ui.training;

import org.digitworkbench.training.TrainingEvents;
import org.osgi.service.event.Event;

/**
 * Which training run the console shows, and what each of its events means for the view — without any widget, so that
 * it can be tested on plain events. The console follows one run at a time: the one it launched, or, when idle, any
 * run (one started elsewhere, or before the view was opened). Events of other runs are ignored.
 */
final class RunFollower {

	/** What following a run shows. Called on the thread that hands the follower its events (the UI thread). */
	interface View {
		/** A new run: fresh curves from {@code startEpoch} (a resume starts later) over {@code epochs} epochs. */
		void resetCharts(int startEpoch, int epochs);

		/** A resumed run whose cancelled part is still on screen: its curves go on after {@code epoch}. */
		void continueCharts(int epoch, int epochs);

		/** The run turned out to be longer: the epoch axis grows. */
		void extendCharts(int epochs);

		/** A run this view did not start is followed now (the view may want its job, for Cancel). */
		void followingElsewhere(String model);

		/** {@code position} is in epochs (e.g. 1.5 half way through the second). */
		void batch(double position, double loss, String progress, double done, double total);

		void epoch(int epoch, double trainAccuracy, double testAccuracy, double validationAccuracy, double testLoss);

		void log(String message);

		/**
		 * The run ended.
		 *
		 * @param outcome one of {@code TrainingEvents.OUTCOME_*}
		 * @param ours    whether this view started it
		 */
		void finished(Finish finish);
	}

	/** How a followed run ended, with what is known of it at the end. */
	record Finish(String model, String outcome, String message, boolean ours, int lastEpoch, int epochs,
			double lastTestAccuracy) {
	}

	private View view;
	/** The model of the training the console launched, until its first event is seen. */
	private String expectedModel;
	private int expectedStartEpoch;
	private int expectedEpochs;
	private String followedRun;
	private String followedModel;
	private boolean runActive;
	private boolean followedOurs;
	private int runEpochs;
	/** The last epoch of the followed run that completed. */
	private int lastEpoch;
	private double lastTestAccuracy = Double.NaN;
	private String lastOutcome;

	RunFollower(View view) {
		this.view = view;
	}

	/** A reopened console takes over what the follower tells (see {@link ConsoleHistory}). */
	void attach(View newView) {
		view = newView;
	}

	/** The model of the run followed now, or last. */
	String followedModel() {
		return followedModel;
	}

	/** The console launched a run of {@code model} from {@code startEpoch} to {@code epochs}: follow it. */
	void expect(String model, int startEpoch, int epochs) {
		expectedModel = model;
		expectedStartEpoch = startEpoch;
		expectedEpochs = epochs;
		lastOutcome = null;
	}

	/** A new launch is being prepared: forget the last outcome. */
	void preparing() {
		lastOutcome = null;
	}

	boolean runActive() {
		return runActive;
	}

	/** The outcome of the last followed run ({@code TrainingEvents.OUTCOME_*}), null while none ended. */
	String lastOutcome() {
		return lastOutcome;
	}

	void started(Event e) {
		if (follow(e, 1)) {
			runEpochs = Math.max(runEpochs, integer(e, TrainingEvents.EPOCHS));
			view.extendCharts(runEpochs);
		}
	}

	void batch(Event e) {
		int epoch = integer(e, TrainingEvents.KEY_EPOCH);
		if (!follow(e, epoch)) {
			return;
		}
		int batch = integer(e, TrainingEvents.KEY_BATCH);
		int batches = Math.max(1, integer(e, TrainingEvents.BATCHES_PER_EPOCH));
		double loss = number(e, TrainingEvents.LOSS);
		runEpochs = Math.max(runEpochs, epoch);
		String progress = String.format(java.util.Locale.ROOT,
				"Epoch %d/%d, batch %d/%d \u00b7 loss %.3f \u00b7 %,.0f samples/s \u00b7 ETA %s", epoch, runEpochs, batch,
				batches, loss, number(e, TrainingEvents.SAMPLES_PER_SECOND),
				duration(number(e, TrainingEvents.ETA_SECONDS)));
		view.batch(epoch - 1 + batch / (double) batches, loss, progress, (epoch - 1) * (double) batches + batch,
				runEpochs * (double) batches);
	}

	void epoch(Event e) {
		int epoch = integer(e, TrainingEvents.KEY_EPOCH);
		if (!follow(e, epoch)) {
			return;
		}
		lastTestAccuracy = number(e, TrainingEvents.TEST_ACCURACY);
		lastEpoch = Math.max(lastEpoch, epoch);
		view.epoch(epoch, number(e, TrainingEvents.TRAIN_ACCURACY), lastTestAccuracy,
				number(e, TrainingEvents.VALIDATION_ACCURACY), number(e, TrainingEvents.TEST_LOSS));
	}

	void logged(Event e) {
		if (follow(e, 1)) {
			view.log(text(e, TrainingEvents.MESSAGE));
		}
	}

	void finished(Event e) {
		if (!follow(e, 1)) {
			return;
		}
		runActive = false;
		lastOutcome = text(e, TrainingEvents.OUTCOME);
		view.finished(new Finish(followedModel, lastOutcome, text(e, TrainingEvents.MESSAGE), followedOurs, lastEpoch,
				runEpochs, lastTestAccuracy));
	}

	/**
	 * Whether the view shows the event's run: the one it follows; or, when it starts following one, the run it
	 * launched, or — when idle — any run.
	 */
	private boolean follow(Event e, int epochHint) {
		String run = text(e, TrainingEvents.RUN_ID);
		String model = text(e, TrainingEvents.MODEL_NAME);
		if (run == null) {
			return false;
		}
		if (run.equals(followedRun)) {
			return true;
		}
		boolean ours = expectedModel != null && expectedModel.equals(model);
		if (!ours && (runActive || expectedModel != null)) {
			return false;
		}
		String previousModel = followedModel;
		followedRun = run;
		followedModel = model;
		followedOurs = ours;
		runActive = true;
		lastTestAccuracy = Double.NaN;
		if (ours) {
			boolean continuing = expectedStartEpoch > 0 && model.equals(previousModel) && lastEpoch >= expectedStartEpoch;
			expectedModel = null;
			runEpochs = expectedEpochs;
			if (continuing) { // the cancelled run is still on screen: its curves go on
				view.continueCharts(expectedStartEpoch, expectedEpochs);
			} else {
				view.resetCharts(expectedStartEpoch, expectedEpochs);
			}
			lastEpoch = expectedStartEpoch;
		} else {
			runEpochs = Math.max(epochHint, 1);
			lastEpoch = Math.max(0, epochHint - 1);
			view.resetCharts(Math.max(0, epochHint - 1), runEpochs);
			view.followingElsewhere(model);
		}
		return true;
	}

	private static String text(Event e, String key) {
		return e.getProperty(key) instanceof String s ? s : null;
	}

	private static int integer(Event e, String key) {
		return e.getProperty(key) instanceof Number n ? n.intValue() : 0;
	}

	private static double number(Event e, String key) {
		return e.getProperty(key) instanceof Number n ? n.doubleValue() : Double.NaN;
	}

	/** {@code 75} → {@code 1:15}, {@code 3725} → {@code 1:02:05}; unknown → –. */
	static String duration(double seconds) {
		if (!Double.isFinite(seconds) || seconds < 0) {
			return "\u2013";
		}
		long s = Math.round(seconds);
		return s >= 3600 ? String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
				: String.format(java.util.Locale.ROOT, "%d:%02d", s / 60, s % 60);
	}
}
