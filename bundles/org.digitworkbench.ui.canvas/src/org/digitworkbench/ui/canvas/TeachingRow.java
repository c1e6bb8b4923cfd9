package org.digitworkbench.ui.canvas;

import java.util.Locale;
import java.util.stream.IntStream;

import org.digitworkbench.app.UiEvents;
import org.digitworkbench.drawings.HandwritingSamples;
import org.digitworkbench.model.ActiveModel;
import org.digitworkbench.model.EpochSnapshot;
import org.digitworkbench.model.ModelNames;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreException;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.preprocess.InkImage;
import org.digitworkbench.preprocess.Pipelines;
import org.digitworkbench.training.TrainingEvents;
import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.IJobChangeEvent;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.jobs.JobChangeAdapter;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.widgets.Composite;
import org.osgi.service.event.Event;

/**
 * Teach it from the canvas: the drawing kept as a sample of the digit the user says it is (the digit buttons, keys
 * 0–9 on the paper), the counts of samples per digit, and "Fine-tune on my handwriting" with its progress, Cancel and
 * before/after. The widgets are the {@link TeachPanel}'s; this does the work, in Jobs, and the part hands it the
 * training events.
 */
final class TeachingRow {

	/** What the row needs of the part around it. */
	interface Host {
		/** The drawing as it is now. */
		InkImage drawing();

		/** Whether the view is gone (results that arrive later are dropped). */
		boolean disposed();

		/** One line under the canvas's buttons. */
		void status(String text);

		/** The view's layout again, after a text changed its height. */
		void reflow();

		/** A failure the user must see (a dialog; tests read it). */
		void error(String title, String message);
	}

	/** The services the row works with; any may be missing in a cut-down installation. */
	record Services(HandwritingSamples samples, TrainingService training, ModelStore store, ActiveModel activeModel,
			UISynchronize ui, IEventBroker events) {
	}

	private final Services services;
	private final Host host;
	private final TeachPanel panel;
	/** The fine-tune started here and not yet concluded; only touched on the UI thread. */
	private FineTuneRun fineTune;
	private FineTuneResult lastFineTune;

	TeachingRow(Composite parent, Services services, Host host) {
		this.services = services;
		this.host = host;
		this.panel = new TeachPanel(parent, this::teach, this::fineTune, this::cancelFineTune);
	}

	TeachPanel panel() {
		return panel;
	}

	// ---- samples

	/** "This is a {@code digit}": the drawing becomes a sample. */
	void teach(int digit) {
		if (services.samples() == null) {
			host.status("Handwriting samples are not available in this installation.");
			return;
		}
		saveSample(host.drawing(), digit);
	}

	/** Writes the sample in a Job; the outcome shows under the buttons, a failure also in a dialog and the log. */
	void saveSample(InkImage drawingNow, int digit) {
		if (Pipelines.MNIST.apply(drawingNow).isEmpty()) {
			host.status("Not saved: draw a digit first, a blank canvas is not a sample.");
			return;
		}
		HandwritingSamples target = services.samples();
		UISynchronize ui = services.ui();
		Job job = Job.create("Saving a handwriting sample", (IProgressMonitor monitor) -> {
			try {
				var file = target.save(drawingNow, digit);
				int[] counts = target.counts();
				int total = IntStream.of(counts).sum();
				ui.asyncExec(() -> {
					status(savedText(digit, counts[digit], total, file.getFileName().toString()));
					showCounts(counts);
				});
				return Status.OK_STATUS;
			} catch (Exception e) {
				ui.asyncExec(() -> {
					status("Not saved: " + e.getMessage());
					services.events().post(UiEvents.STATUS, "The handwriting sample was not saved: " + e.getMessage());
					if (!host.disposed()) {
						host.error("Save as Sample", "The sample was not saved: " + e.getMessage());
					}
				});
				var failure = Status.error("The handwriting sample was not saved: " + e.getMessage(), e);
				ILog.of(TeachingRow.class).log(failure);
				return failure;
			}
		});
		job.schedule();
	}

	/** "Saved your 2 as sample 3 of the digit 2 (12 samples in all): 2/…png". */
	static String savedText(int digit, int ofDigit, int total, String file) {
		return String.format(Locale.ROOT, "Saved your %d as sample %d of the digit %d (%d sample%s in all): %s", digit,
				ofDigit, digit, total, total == 1 ? "" : "s", file);
	}

	/** Reads the counts of samples per digit off the UI thread (they are files). */
	void refreshCounts() {
		HandwritingSamples target = services.samples();
		if (target == null) {
			return;
		}
		Job job = Job.create("Counting handwriting samples", (IProgressMonitor monitor) -> {
			try {
				int[] counts = target.counts();
				services.ui().asyncExec(() -> showCounts(counts));
				return Status.OK_STATUS;
			} catch (Exception e) {
				return Status.error("Could not count the handwriting samples: " + e.getMessage(), e);
			}
		});
		job.setSystem(true);
		job.schedule();
	}

	private void showCounts(int[] counts) {
		if (!host.disposed()) {
			panel.counts(counts);
		}
	}

	private void status(String text) {
		if (!host.disposed()) {
			host.status(text);
		}
	}

	// ---- the fine-tune

	boolean fineTuning() {
		return fineTune != null;
	}

	FineTuneResult lastFineTune() {
		return lastFineTune;
	}

	/**
	 * Fine-tunes the active model on the user's samples with {@link TrainingOptions#FINE_TUNE} in the training
	 * service's job (progress here and in the Training Console, Cancel here); when it ends, shows before/after and
	 * makes the tuned model active if it is {@linkplain FineTuneResult#better() better}.
	 */
	void fineTune() {
		if (fineTune != null) {
			return;
		}
		if (services.training() == null || services.store() == null || services.samples() == null) {
			result("Fine-tuning is not available in this installation.");
			return;
		}
		ActiveModel.State state = services.activeModel().state();
		if (state.status() != ActiveModel.Status.LOADED || state.name() == null) {
			result("Fine-tune what? Make a model active first (Model Explorer).");
			return;
		}
		String parent = state.name();
		UISynchronize ui = services.ui();
		Job preparation = Job.create("Preparing the fine-tune of " + parent, (IProgressMonitor monitor) -> {
			try {
				int[] counts = services.samples().counts();
				int heldBack = 0;
				int trainOn = 0;
				for (int n : counts) {
					long back = IntStream.range(0, n).filter(HandwritingSamples::isHeldBack).count();
					heldBack += (int) back;
					trainOn += n - (int) back;
				}
				if (trainOn == 0 || heldBack == 0) {
					ui.asyncExec(() -> result("Teach it a few samples first: the fine-tune trains on 3 of every 4"
							+ " samples of a digit and tests on the 2nd, so it needs at least two of one digit ("
							+ "three per digit that it misreads work well)."));
					return Status.OK_STATUS;
				}
				String name = tunedName(parent);
				ui.asyncExec(() -> startFineTune(parent, name));
				return Status.OK_STATUS;
			} catch (Exception e) {
				ui.asyncExec(() -> result("Not fine-tuned: " + e.getMessage()));
				return Status.error("Could not prepare the fine-tune: " + e.getMessage(), e);
			}
		});
		preparation.schedule();
	}

	/** {@code parent}'s name (without an epoch) + "-mine", numbered when that is taken. */
	private String tunedName(String parent) {
		int at = parent.indexOf(EpochSnapshot.SEPARATOR);
		String base = ModelNames.safe((at < 0 ? parent : parent.substring(0, at)) + "-mine", ModelNames.MAX_LENGTH - 4);
		String name = base;
		for (int n = 2; services.store().find(name).isPresent(); n++) {
			name = base + "-" + n;
		}
		return name;
	}

	private void startFineTune(String parent, String name) {
		if (host.disposed() || fineTune != null) {
			return;
		}
		Job job;
		try {
			job = services.training().train(TrainingRequest.fineTune(name, parent, HandwritingSamples.DATASET_ID,
					TrainingOptions.FINE_TUNE));
		} catch (IllegalArgumentException e) {
			result("Not fine-tuned: " + e.getMessage());
			return;
		}
		FineTuneRun run = new FineTuneRun(parent, name, job);
		fineTune = run;
		panel.running(true);
		result("Fine-tuning " + parent + " on your handwriting as " + name + "…");
		job.addJobChangeListener(new JobChangeAdapter() {
			@Override
			public void done(IJobChangeEvent event) {
				services.ui().asyncExec(() -> {
					run.status = event.getResult();
					conclude(run);
				});
			}
		});
		job.schedule();
	}

	void cancelFineTune() {
		if (fineTune != null) {
			fineTune.job.cancel();
		}
	}

	/** A batch of a training ({@link TrainingEvents#BATCH}): the progress bar, when it is this row's fine-tune. */
	void trainingProgress(Event e) {
		FineTuneRun run = fineTune;
		if (run != null && run.name.equals(e.getProperty(TrainingEvents.MODEL_NAME)) && !host.disposed()
				&& e.getProperty(TrainingEvents.KEY_EPOCH) instanceof Number epoch
				&& e.getProperty(TrainingEvents.KEY_BATCH) instanceof Number batch
				&& e.getProperty(TrainingEvents.BATCHES_PER_EPOCH) instanceof Number batches) {
			double perEpoch = Math.max(1, batches.doubleValue());
			panel.progress(((epoch.intValue() - 1) * perEpoch + batch.doubleValue())
					/ (perEpoch * TrainingOptions.FINE_TUNE.epochs()));
		}
	}

	/** A fine-tune's figures ({@link TrainingEvents#FINE_TUNED}), when it is this row's. */
	void fineTuned(Event e) {
		FineTuneRun run = fineTune;
		if (run != null && run.name.equals(e.getProperty(TrainingEvents.MODEL_NAME))) {
			run.result = FineTuneResult.of(e);
			conclude(run);
		}
	}

	/**
	 * Once both the job's end and its figures are in (the event and the job's end arrive in either order): before and
	 * after, and the tuned model made active when it is better.
	 */
	private void conclude(FineTuneRun run) {
		if (run != fineTune || run.status == null || host.disposed()) {
			return;
		}
		if (run.status.isOK() && run.result == null) {
			return; // its figures are on their way
		}
		fineTune = null;
		panel.running(false);
		if (run.status.getSeverity() == IStatus.CANCEL) {
			result("Fine-tune cancelled; " + run.parent + " stays the active model (Training Console can resume "
					+ run.name + ").");
			return;
		}
		if (!run.status.isOK()) {
			result("The fine-tune failed: " + run.status.getMessage());
			return;
		}
		FineTuneResult result = run.result;
		lastFineTune = result;
		if (!result.better()) {
			result(result.describe() + " Not better, so " + run.parent + " stays the active model ("
					+ run.name + " is kept in the Model Explorer).");
			return;
		}
		try {
			services.store().setActiveModel(run.name);
			result(result.describe() + " Better: " + run.name + " is now the active model (its parent: "
					+ run.parent + ").");
		} catch (ModelStoreException e) {
			result(result.describe() + " Better, but it could not be made active: " + e.getMessage());
		}
	}

	/** The fine-tune's news, under its button. */
	private void result(String text) {
		if (!host.disposed()) {
			panel.result(text);
			host.reflow();
		}
	}

	/** A fine-tune under way: its job, and what has come back of it so far. */
	private static final class FineTuneRun {
		final String parent;
		final String name;
		final Job job;
		IStatus status;
		FineTuneResult result;

		FineTuneRun(String parent, String name, Job job) {
			this.parent = parent;
			this.name = name;
			this.job = job;
		}
	}
}
