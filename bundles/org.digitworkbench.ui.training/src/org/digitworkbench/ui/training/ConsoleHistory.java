package org.digitworkbench.ui.training;

import java.util.ArrayDeque;
import java.util.Deque;

import org.eclipse.e4.core.di.annotations.Creatable;

import jakarta.inject.Singleton;

/**
 * What the Training Console has shown, kept outside its widgets: the curves, the log, the progress line, the run it
 * follows and the model it offers to activate. One for the workbench (made by dependency injection), so that closing
 * and reopening the console, or Window › Reset Perspective, brings back what was on screen — also in the middle of
 * a run, which it goes on following.
 */
@Creatable
@Singleton
public class ConsoleHistory {

	/** The log keeps this many lines (a day of trainings; the oldest go first). */
	static final int MAX_LOG_LINES = 5000;

	final TrainingCharts.Data charts = new TrainingCharts.Data();
	private final Deque<String> log = new ArrayDeque<>();
	private RunFollower follower;
	String statusText = "Idle";
	double progressDone;
	double progressTotal = 1;
	/** The model the run panel offers to make active, null when none. */
	String offeredActivation;

	/** The follower of the console's runs, now telling {@code view}. */
	RunFollower follower(RunFollower.View view) {
		if (follower == null) {
			follower = new RunFollower(view);
		} else {
			follower.attach(view);
		}
		return follower;
	}

	/** Whether there is anything to show again (the console was open before). */
	boolean isEmpty() {
		return log.isEmpty();
	}

	void addLog(String line) {
		log.addLast(line);
		while (log.size() > MAX_LOG_LINES) {
			log.removeFirst();
		}
	}

	String logText() {
		return String.join("\n", log);
	}
}
