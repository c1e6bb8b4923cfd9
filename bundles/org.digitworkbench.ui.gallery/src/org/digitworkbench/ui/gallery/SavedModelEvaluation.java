package org.digitworkbench.ui.gallery;

import java.util.List;
import java.util.Locale;

import org.digitworkbench.app.UiEvents;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.training.EvaluationEvents;
import org.digitworkbench.training.EvaluationJob;
import org.digitworkbench.training.EvaluationService;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.window.Window;

/**
 * The view's Evaluate…: asks which saved model (the one shown, else the active one, preselected), then evaluates it on
 * the test split of its dataset through the evaluation service, which announces the result as
 * {@link EvaluationEvents#DONE} — the view shows it from there, as it shows any other.
 */
final class SavedModelEvaluation {

	private final ModelStore store;
	private final EvaluationService evaluator;
	private final UISynchronize ui;
	private final IEventBroker events;
	private final GalleryView view;
	private Job running;

	SavedModelEvaluation(ModelStore store, EvaluationService evaluator, UISynchronize ui, IEventBroker events,
			GalleryView view) {
		this.store = store;
		this.evaluator = evaluator;
		this.ui = ui;
		this.events = events;
		this.view = view;
	}

	boolean running() {
		return running != null;
	}

	/** Cancels the evaluation under way, or asks for a model and evaluates it. */
	void evaluateOrCancel(String shownModel) {
		if (running != null) {
			running.cancel();
			return;
		}
		Job listing = Job.create("Listing saved models", (IProgressMonitor monitor) -> {
			List<ModelMetadata> models = store.list();
			String active = store.activeModel().orElse(null);
			ui.asyncExec(() -> choose(models, shownModel != null ? shownModel : active));
			return Status.OK_STATUS;
		});
		listing.setSystem(true);
		listing.schedule();
	}

	private void choose(List<ModelMetadata> models, String preselected) {
		if (!view.alive()) {
			return;
		}
		if (models.isEmpty()) {
			MessageDialog.openInformation(view.shell(), "No Saved Models", "There is no saved model to evaluate yet."
					+ " Train one in the Training Console (or with 'digits-workbench train'), or import one in the Model "
					+ "Explorer.");
			return;
		}
		ChooseModelDialog dialog = new ChooseModelDialog(view.shell(), models, preselected);
		if (dialog.open() == Window.OK && dialog.chosen() != null) {
			evaluate(dialog.chosen().name());
		}
	}

	/** Evaluates saved model {@code name} on the test split of its dataset, in a job. */
	Job evaluate(String name) {
		EvaluationJob job = evaluator.evaluate(name, null, Split.TEST);
		IProgressMonitor progress = new StatusProgress(name);
		progress.beginTask("Evaluating " + name, 100);
		job.setProgressGroup(progress, 100);
		job.addJobChangeListener(new JobChangeAdapter() {
			@Override
			public void done(IJobChangeEvent event) {
				ui.asyncExec(() -> ended(job, name, event.getResult()));
			}
		});
		running = job;
		view.evaluating(true);
		view.status("Evaluating " + name + "\u2026");
		job.schedule();
		return job;
	}

	private void ended(Job job, String name, IStatus result) {
		if (running == job) {
			running = null;
		}
		if (!view.alive()) {
			return;
		}
		view.evaluating(running != null);
		if (result.getSeverity() == IStatus.CANCEL) {
			view.status("Evaluation of " + name + " cancelled.");
		} else if (result.getSeverity() == IStatus.ERROR) {
			String reason = reason(result);
			ILog.of(SavedModelEvaluation.class).log(result);
			String line = "Model '" + name + "' could not be evaluated: " + reason;
			view.status(line);
			events.post(UiEvents.STATUS, line);
			MessageDialog.openError(view.shell(), "Evaluation Failed",
					"Model '" + name + "' could not be evaluated:\n\n" + reason);
		}
	}

	/**
	 * The failure in words: the exception's message (the store's names the file); an out-of-memory, which the job
	 * framework would report as "An internal error occurred", said as such.
	 */
	static String reason(IStatus result) {
		Throwable e = result.getException();
		if (e instanceof OutOfMemoryError) {
			return "Java ran out of memory (" + e.getMessage() + "); the workbench goes on, the evaluation was dropped.";
		}
		return e != null && e.getMessage() != null ? e.getMessage() : result.getMessage();
	}

	void cancel() {
		if (running != null) {
			running.cancel();
		}
	}

	/** Shows a running evaluation's progress in the status line, at most ten times a second. */
	private final class StatusProgress extends NullProgressMonitor {
		private final String name;
		private long shown;
		private double total = 1;
		private double done;
		private String task = "";

		StatusProgress(String name) {
			this.name = name;
		}

		@Override
		public void beginTask(String taskName, int totalWork) {
			total = Math.max(1, totalWork);
		}

		@Override
		public void subTask(String text) {
			task = text == null ? "" : text;
			report(true);
		}

		@Override
		public void worked(int work) {
			internalWorked(work);
		}

		@Override
		public synchronized void internalWorked(double work) {
			done += work;
			report(false);
		}

		private synchronized void report(boolean always) {
			long now = System.nanoTime();
			if (!always && now - shown < 100_000_000L) {
				return;
			}
			shown = now;
			String text = String.format(Locale.ROOT, "%s \u2026 %.0f %%", task.isEmpty() ? "Evaluating " + name : task,
					Math.min(100, 100 * done / total));
			ui.asyncExec(() -> {
				if (view.alive() && running != null) {
					view.status(text);
				}
			});
		}
	}
}
