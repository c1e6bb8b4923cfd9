package org.digitworkbench.ui.training;

import java.util.Locale;
import java.util.function.Supplier;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.training.Evaluation;
import org.digitworkbench.training.EvaluationJob;
import org.digitworkbench.training.EvaluationService;
import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService;
import org.digitworkbench.training.TrainingService.Checkpoint;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;

/**
 * The jobs the console starts — a training, a resumed training, a download, an evaluation — one at a time: the
 * console waits for its current job, and Cancel cancels it. Every job is asked for, watched and reported here; the
 * training's progress comes from its events (see {@link RunFollower}), the others' from their monitors.
 */
final class ConsoleJobs {

	/** What the jobs tell the console and ask of it. Called on the UI thread. */
	interface Console {
		boolean alive();

		Shell shell();

		void log(String message);

		void progress(String text, double done, double total);

		/** A failure the user must see: a dialog (and the log and the status line). */
		void error(String title, String message);

		/** The current job started or ended: the buttons follow. */
		void busyChanged();

		/** A training of {@code model} is launched, from {@code epochsDone} to {@code epochs}: its events are ours. */
		void launched(String model, int epochsDone, int epochs);

		/** A dataset's files arrived (its status line changes). */
		void downloaded(DatasetProvider dataset);

		void evaluated(Evaluation evaluation, DatasetProvider dataset);
	}

	private final TrainingService training;
	private final EvaluationService evaluation;
	private final UISynchronize ui;
	private final Console console;
	/** The job the console started and waits for (a training, a download or an evaluation); null when idle. */
	private Job current;

	ConsoleJobs(TrainingService training, EvaluationService evaluation, UISynchronize ui, Console console) {
		this.training = training;
		this.evaluation = evaluation;
		this.ui = ui;
		this.console = console;
	}

	boolean idle() {
		return current == null;
	}

	void start(TrainingRequest request, DatasetProvider dataset) {
		if (current != null) {
			return;
		}
		TrainingOptions o = request.options();
		String line = String.format(Locale.ROOT, "Starting %s: %s on %s, %d epoch%s, batch %d, learning rate %s, seed %d%s%s",
				request.modelName(), request.architectureId(), request.datasetId(), o.epochs(), o.epochs() == 1 ? "" : "s",
				o.batchSize(), o.learningRate(), o.seed(), o.augment() ? ", augmented" : "",
				o.validationFraction() > 0
						? String.format(Locale.ROOT, ", %.0f %% held out for validation", 100 * o.validationFraction())
						: "");
		whenAvailable(dataset, () -> prepare("Cannot start the training", () -> training.train(request),
				request.modelName(), 0, o.epochs(), line));
	}

	void resume(Checkpoint checkpoint, DatasetProvider dataset) {
		if (current != null) {
			return;
		}
		if (dataset == null) {
			console.error("Cannot resume " + checkpoint.modelName(), "The run was training on dataset '"
					+ checkpoint.request().datasetId() + "', which is not installed now.");
			return;
		}
		int total = checkpoint.request().options().epochs();
		whenAvailable(dataset, () -> prepare("Cannot resume " + checkpoint.modelName(),
				() -> training.resume(checkpoint.modelName()), checkpoint.modelName(), checkpoint.epochsDone(), total,
				String.format(Locale.ROOT, "Resuming %s after epoch %d of %d", checkpoint.modelName(),
						checkpoint.epochsDone(), total)));
	}

	/**
	 * Asks the service for the training job off the UI thread (it checks the name against the store and reads
	 * checkpoints), then starts it; a refusal is shown with its reason.
	 */
	private void prepare(String refusal, Supplier<Job> create, String model, int epochsDone, int totalEpochs,
			String logLine) {
		Job preparation = Job.create("Preparing the training of " + model, (IProgressMonitor monitor) -> {
			try {
				Job job = create.get();
				ui.asyncExec(() -> {
					if (console.alive()) {
						console.log(logLine);
						launch(job, model, epochsDone, totalEpochs);
					}
				});
				return Status.OK_STATUS;
			} catch (IllegalArgumentException e) {
				ui.asyncExec(() -> {
					console.progress("Not started", 0, 1);
					console.error(refusal, e.getMessage());
				});
				return Status.error(refusal + ": " + e.getMessage(), e);
			}
		});
		preparation.setSystem(true);
		console.progress("Preparing " + model + "\u2026", 0, 1);
		watch(preparation);
		preparation.schedule();
	}

	private void launch(Job job, String model, int epochsDone, int totalEpochs) {
		console.launched(model, epochsDone, totalEpochs);
		watch(job);
		console.progress("Preparing " + model + ": starting the engine and reading the images\u2026", 0, 1);
		job.schedule();
	}

	/** Makes {@code job} the console's current job; the buttons follow its state. */
	void watch(Job job) {
		current = job;
		job.addJobChangeListener(new JobChangeAdapter() {
			@Override
			public void done(IJobChangeEvent event) {
				ui.asyncExec(() -> {
					if (current == job) {
						current = null;
						if (console.alive()) {
							console.busyChanged();
						}
					}
				});
			}
		});
		console.busyChanged();
	}

	/** Finds the running job of a run this view did not start, so that Cancel works for it too. */
	void adopt(String model) {
		if (current != null) {
			return;
		}
		for (Job job : Job.getJobManager().find(null)) {
			if (job.getName().startsWith("Training " + model + " (") && job.getState() == Job.RUNNING) {
				watch(job);
				return;
			}
		}
	}

	void cancel() {
		Job job = current;
		if (job != null) {
			console.log("Cancel requested: " + job.getName());
			job.cancel();
		}
	}

	/** Runs {@code then} when {@code dataset}'s files are here, offering to download them first. */
	private void whenAvailable(DatasetProvider dataset, Runnable then) {
		if (dataset.isAvailable()) {
			then.run();
			return;
		}
		boolean download = MessageDialog.openQuestion(console.shell(), "Download " + dataset.displayName() + "?",
				dataset.displayName() + " is not on this computer yet.\n\nDownload it into " + dataset.location()
						+ " now? The training starts when it is there.");
		if (!download) {
			console.log(dataset.displayName() + " was not downloaded; nothing was started.");
			return;
		}
		download(dataset, then);
	}

	/** The dataset status's "download it now". */
	void download(DatasetProvider dataset) {
		if (current == null && !dataset.isAvailable()) {
			download(dataset, () -> {
			});
		}
	}

	private void download(DatasetProvider dataset, Runnable then) {
		console.log("Downloading " + dataset.displayName() + " into " + dataset.location());
		Job job = Job.create("Downloading " + dataset.displayName(), (IProgressMonitor monitor) -> {
			try {
				dataset.fetch(new ViewProgressMonitor(monitor, ui, console::progress));
				return Status.OK_STATUS;
			} catch (OperationCanceledException e) {
				return Status.CANCEL_STATUS;
			} catch (Exception e) {
				return Status.error(e.getMessage() == null ? e.toString() : e.getMessage(), e);
			}
		});
		job.setUser(true);
		job.addJobChangeListener(new JobChangeAdapter() {
			@Override
			public void done(IJobChangeEvent event) {
				IStatus result = event.getResult();
				ui.asyncExec(() -> {
					if (!console.alive()) {
						return;
					}
					if (current == job) {
						current = null;
					}
					console.downloaded(dataset);
					if (result.isOK()) {
						console.log(dataset.displayName() + " is on this computer now.");
						console.progress("Downloaded " + dataset.displayName(), 1, 1);
						then.run();
					} else if (result.matches(IStatus.CANCEL)) {
						console.log("Download of " + dataset.displayName() + " cancelled.");
						console.progress("Download cancelled", 0, 1);
					} else {
						console.log("Download of " + dataset.displayName() + " failed: " + result.getMessage());
						console.progress("Download failed", 0, 1);
						ILog.of(ConsoleJobs.class).log(result);
						console.error("Download failed", result.getMessage());
					}
					console.busyChanged();
				});
			}
		});
		current = job;
		console.busyChanged();
		job.schedule();
	}

	/** Evaluates saved model {@code name} on the test images of {@code dataset} through the evaluation service. */
	void evaluate(String name, DatasetProvider dataset) {
		if (current != null) {
			return;
		}
		whenAvailable(dataset, () -> {
			EvaluationJob job = evaluation.evaluate(name, dataset.id(), Split.TEST);
			IProgressMonitor shown = new ViewProgressMonitor(new NullProgressMonitor(), ui, console::progress);
			shown.beginTask("Evaluating " + name + " on " + dataset.displayName(), 100);
			job.setProgressGroup(shown, 100);
			job.addJobChangeListener(new JobChangeAdapter() {
				@Override
				public void done(IJobChangeEvent event) {
					IStatus result = event.getResult();
					ui.asyncExec(() -> evaluationEnded(job, name, dataset, result));
				}
			});
			console.log("Evaluating " + name + " on the test images of " + dataset.displayName());
			watch(job);
			job.schedule();
		});
	}

	/**
	 * The failure in words: the exception's message (the store's names the file), and for an out-of-memory — which the
	 * job framework reports as "An internal error occurred" — that memory ran out.
	 */
	static String reason(IStatus result) {
		Throwable e = result.getException();
		if (e instanceof OutOfMemoryError) {
			return "Java ran out of memory (" + e.getMessage() + "); the workbench goes on, the evaluation was dropped. "
					+ "Close other work or give the JVM more memory (-Xmx).";
		}
		return e != null && e.getMessage() != null ? e.getMessage() : result.getMessage();
	}

	private void evaluationEnded(EvaluationJob job, String name, DatasetProvider dataset, IStatus result) {
		if (!console.alive()) {
			return;
		}
		if (result.isOK() && job.evaluation().isPresent()) {
			console.evaluated(job.evaluation().get(), dataset);
		} else if (result.matches(IStatus.CANCEL)) {
			console.log("Evaluation of " + name + " cancelled.");
			console.progress("Evaluation cancelled", 0, 1);
		} else {
			String reason = reason(result);
			console.log("Evaluation of " + name + " failed: " + reason);
			console.progress("Evaluation failed", 0, 1);
			ILog.of(ConsoleJobs.class).log(result);
			console.error("Evaluation failed", "Cannot evaluate " + name + " on " + dataset.displayName() + ":\n\n" + reason);
		}
	}
}
