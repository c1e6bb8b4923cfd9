package org.digitworkbench.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.digitworkbench.training.TrainingEvents;
import org.junit.jupiter.api.Test;
import org.osgi.service.event.Event;

/** Which run the console follows and what it shows of it, on plain events: no widget, no training. */
class RunFollowerTest {

	/** Notes what the follower asks the view to show, one line a call. */
	static final class Recorder implements RunFollower.View {
		final List<String> calls = new ArrayList<>();
		RunFollower.Finish finish;

		@Override
		public void resetCharts(int startEpoch, int epochs) {
			calls.add("reset " + startEpoch + "/" + epochs);
		}

		@Override
		public void continueCharts(int epoch, int epochs) {
			calls.add("continue " + epoch + "/" + epochs);
		}

		@Override
		public void extendCharts(int epochs) {
			calls.add("extend " + epochs);
		}

		@Override
		public void followingElsewhere(String model) {
			calls.add("elsewhere " + model);
		}

		@Override
		public void batch(double position, double loss, String progress, double done, double total) {
			calls.add("batch " + position + " " + progress + " " + done + "/" + total);
		}

		@Override
		public void epoch(int epoch, double trainAccuracy, double testAccuracy, double validationAccuracy,
				double testLoss) {
			calls.add("epoch " + epoch + " test " + testAccuracy);
		}

		@Override
		public void log(String message) {
			calls.add("log " + message);
		}

		@Override
		public void finished(RunFollower.Finish finish) {
			this.finish = finish;
			calls.add("finished " + finish.outcome());
		}
	}

	private static Event event(String topic, String run, String model, Object... properties) {
		Map<String, Object> all = new HashMap<>();
		all.put(TrainingEvents.RUN_ID, run);
		all.put(TrainingEvents.MODEL_NAME, model);
		for (int i = 0; i < properties.length; i += 2) {
			all.put((String) properties[i], properties[i + 1]);
		}
		return new Event(topic, all);
	}

	private static Event batch(String run, String model, int epoch, int batch, int batches) {
		return event(TrainingEvents.BATCH, run, model, TrainingEvents.KEY_EPOCH, epoch, TrainingEvents.KEY_BATCH, batch,
				TrainingEvents.BATCHES_PER_EPOCH, batches, TrainingEvents.LOSS, 0.5, TrainingEvents.SAMPLES_PER_SECOND,
				1000.0, TrainingEvents.ETA_SECONDS, 75.0);
	}

	@Test
	void theRunTheConsoleLaunchedIsFollowedFromItsFirstEventAndOthersAreIgnoredMeanwhile() {
		Recorder view = new Recorder();
		RunFollower follower = new RunFollower(view);
		follower.expect("ours", 0, 2);
		follower.started(event(TrainingEvents.STARTED, "r2", "theirs", TrainingEvents.EPOCHS, 9));
		assertEquals(List.of(), view.calls, "another run while ours is expected");
		follower.started(event(TrainingEvents.STARTED, "r1", "ours", TrainingEvents.EPOCHS, 2));
		follower.batch(batch("r1", "ours", 1, 5, 10));
		follower.batch(batch("r2", "theirs", 3, 5, 10));
		follower.epoch(event(TrainingEvents.EPOCH, "r1", "ours", TrainingEvents.KEY_EPOCH, 1, TrainingEvents.TEST_ACCURACY,
				0.97));
		follower.logged(event(TrainingEvents.LOG, "r1", "ours", TrainingEvents.MESSAGE, "hello"));
		assertTrue(follower.runActive());
		assertNull(follower.lastOutcome());
		follower.finished(event(TrainingEvents.FINISHED, "r1", "ours", TrainingEvents.OUTCOME,
				TrainingEvents.OUTCOME_COMPLETED, TrainingEvents.MESSAGE, "done"));
		assertEquals(List.of("reset 0/2", "extend 2",
				"batch 0.5 Epoch 1/2, batch 5/10 \u00b7 loss 0.500 \u00b7 1,000 samples/s \u00b7 ETA 1:15 5.0/20.0",
				"epoch 1 test 0.97", "log hello", "finished completed"), view.calls);
		assertFalse(follower.runActive());
		assertEquals(TrainingEvents.OUTCOME_COMPLETED, follower.lastOutcome());
		assertEquals(new RunFollower.Finish("ours", TrainingEvents.OUTCOME_COMPLETED, "done", true, 1, 2, 0.97),
				view.finish);
	}

	@Test
	void whenIdleARunStartedElsewhereIsFollowedFromTheEpochItIsIn() {
		Recorder view = new Recorder();
		RunFollower follower = new RunFollower(view);
		follower.batch(batch("r9", "elsewhere", 3, 1, 10));
		assertEquals("reset 2/3", view.calls.get(0), "the curves start where the run is");
		assertEquals("elsewhere elsewhere", view.calls.get(1));
		follower.finished(event(TrainingEvents.FINISHED, "r9", "elsewhere", TrainingEvents.OUTCOME,
				TrainingEvents.OUTCOME_FAILED, TrainingEvents.MESSAGE, "out of memory"));
		assertFalse(view.finish.ours(), "not ours: the console shows no dialog for it");
		assertEquals("out of memory", view.finish.message());
	}

	@Test
	void aResumedRunContinuesTheCurvesOfItsCancelledPartStillOnScreen() {
		Recorder view = new Recorder();
		RunFollower follower = new RunFollower(view);
		follower.expect("m", 0, 3);
		follower.started(event(TrainingEvents.STARTED, "r1", "m", TrainingEvents.EPOCHS, 3));
		follower.epoch(event(TrainingEvents.EPOCH, "r1", "m", TrainingEvents.KEY_EPOCH, 1));
		follower.finished(event(TrainingEvents.FINISHED, "r1", "m", TrainingEvents.OUTCOME,
				TrainingEvents.OUTCOME_CANCELLED));
		assertEquals(1, view.finish.lastEpoch());
		follower.expect("m", 1, 3);
		follower.started(event(TrainingEvents.STARTED, "r2", "m", TrainingEvents.EPOCHS, 3));
		assertTrue(view.calls.contains("continue 1/3"), view.calls.toString());

		// a resume of another model's checkpoint starts afresh
		follower.finished(event(TrainingEvents.FINISHED, "r2", "m", TrainingEvents.OUTCOME,
				TrainingEvents.OUTCOME_COMPLETED));
		follower.expect("other", 2, 4);
		follower.started(event(TrainingEvents.STARTED, "r3", "other", TrainingEvents.EPOCHS, 4));
		assertEquals("reset 2/4", view.calls.get(view.calls.size() - 2));
	}

	@Test
	void eventsWithoutARunAreIgnoredAndDurationsReadAsAClock() {
		Recorder view = new Recorder();
		new RunFollower(view).logged(new Event(TrainingEvents.LOG, Map.of(TrainingEvents.MESSAGE, "stray")));
		assertEquals(List.of(), view.calls);
		assertEquals("1:15", RunFollower.duration(75));
		assertEquals("1:02:05", RunFollower.duration(3725));
		assertEquals("\u2013", RunFollower.duration(Double.NaN));
		assertEquals("\u2013", RunFollower.duration(-1));
	}
}
