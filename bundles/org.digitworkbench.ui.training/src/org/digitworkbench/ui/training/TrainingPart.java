package org.digitworkbench.ui.training;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

import org.digitworkbench.app.UiEvents;
import org.digitworkbench.app.WorkbenchPreferences;
import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreEvents;
import org.digitworkbench.model.ModelStoreException;
import org.digitworkbench.training.Evaluation;
import org.digitworkbench.training.EvaluationService;
import org.digitworkbench.training.TrainingEvents;
import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService;
import org.digitworkbench.training.TrainingService.Checkpoint;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.e4.core.di.extensions.Preference;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Shell;
import org.osgi.service.event.Event;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Training Console: the {@link TrainingForm} (dataset, architecture, hyper-parameters, resume, evaluate) beside
 * the {@link RunPanel} (Start, Cancel, progress, charts, log). The datasets and architectures are every registered
 * one, plug-ins' included, and follow them as they come and go. Trainings, downloads and evaluations run as jobs
 * ({@link ConsoleJobs}); the view only follows their events, one run at a time ({@link RunFollower}). Start, Cancel,
 * Resume and Evaluate are also commands (see the handlers and {@code fragment.e4xmi}).
 */
public class TrainingPart implements TrainingForm.Actions, ConsoleJobs.Console, RunFollower.View {

	/** Posted by the CSS theme engine after it restyled the widgets. */
	static final String THEME_CHANGED = "org/eclipse/e4/ui/css/swt/theme/ThemeManager/themeChanged";

	@Inject
	ModelStore store;

	@Inject
	TrainingService training;

	@Inject
	EvaluationService evaluation;

	@Inject
	IEventBroker events;

	@Inject
	UISynchronize ui;

	@Inject
	IEclipseContext context;

	private volatile List<DatasetProvider> datasets = List.of();
	private volatile List<ModelArchitecture> architectures = List.of();

	/**
	 * Batch events wait here and the UI thread takes them in bunches, five times a second: one UI wake-up per batch
	 * (some 150 a second for the MLP) cost the UI thread a fifth of a core and slowed the training beside it.
	 */
	private final ConcurrentLinkedQueue<Event> batches = new ConcurrentLinkedQueue<>();
	private final AtomicBoolean batchesScheduled = new AtomicBoolean();

	private Composite parent;
	private TrainingForm form;
	private RunPanel run;
	private ConsoleJobs jobs;
	/** What the console showed, kept across closing and reopening it (and Reset Perspective). */
	@Inject
	ConsoleHistory history;
	private RunFollower follower;
	private Job listRefresh;
	private Color errorColor;
	private String lastError;
	private volatile String preferredRecipe;

	@PostConstruct
	void createControls(Composite parent) {
		this.parent = parent;
		parent.setLayout(new FillLayout());
		SashForm main = new SashForm(parent, SWT.HORIZONTAL | SWT.SMOOTH);
		form = new TrainingForm(main, this);
		form.setPreferredRecipe(preferredRecipe);
		follower = history.follower(this);
		boolean reopened = !history.isEmpty();
		run = new RunPanel(main, history, this::startTraining, this::cancelJob);
		if (history.offeredActivation != null) {
			run.offerActivation(history.offeredActivation, this::activate);
		}
		main.setWeights(32, 68);
		main.addListener(SWT.Resize, new org.eclipse.swt.widgets.Listener() {
			private boolean sized;

			@Override
			public void handleEvent(org.eclipse.swt.widgets.Event e) {
				int width = main.getClientArea().width;
				if (!sized && width > 0) { // once: the form gets the width it needs, the charts the rest
					sized = true;
					int wanted = Math.min(form.form().computeSize(SWT.DEFAULT, SWT.DEFAULT).x + 20, width / 2);
					int formWidth = Math.min(Math.max(wanted, TrainingForm.MIN_WIDTH + 20), width * 60 / 100);
					main.setWeights(formWidth, width - formWidth);
				} else if (sized && width > TrainingForm.MIN_WIDTH + 270
						&& form.control().getSize().x < TrainingForm.MIN_WIDTH + 20) {
					// the window got smaller: the form keeps the width its fields need, the charts give it up
					main.setWeights(TrainingForm.MIN_WIDTH + 20, width - TrainingForm.MIN_WIDTH - 20);
				}
			}
		});
		jobs = new ConsoleJobs(training, evaluation, ui, this);
		context.set(TrainingPart.class, this); // for the handlers, which run in this part's context
		servicesChanged();
		refreshLists();
		if (reopened) {
			if (follower.runActive()) { // a run went on while the console was closed: Cancel still reaches it
				jobs.adopt(follower.followedModel());
			}
		} else {
			appendLog("Training Console ready.");
		}
		ui.asyncExec(this::syncTheme); // after the theme engine styled the new widgets
	}

	/**
	 * The default recipe chosen in Window › Preferences › Training; injected again when it changes (on the thread
	 * that changed it).
	 */
	@Inject
	void preferredRecipeChanged(@org.eclipse.e4.core.di.annotations.Optional //
	@Preference(nodePath = WorkbenchPreferences.NODE, value = WorkbenchPreferences.RECIPE) String recipe) {
		preferredRecipe = recipe;
		ui.asyncExec(() -> {
			if (alive()) {
				form.setPreferredRecipe(recipe);
			}
		});
	}

	/** The registered datasets, kept current as plug-ins come and go (called on the framework's thread). */
	@Inject
	void datasetsChanged(@Service List<DatasetProvider> registered) {
		datasets = registered.stream().sorted(Comparator.comparing(DatasetProvider::displayName,
				String.CASE_INSENSITIVE_ORDER)).toList();
		ui.asyncExec(this::servicesChanged);
	}

	/** The registered architectures, kept current as plug-ins come and go (called on the framework's thread). */
	@Inject
	void architecturesChanged(@Service List<ModelArchitecture> registered) {
		architectures = registered.stream().sorted(Comparator.comparing(ModelArchitecture::name,
				String.CASE_INSENSITIVE_ORDER)).toList();
		ui.asyncExec(this::servicesChanged);
	}

	private void servicesChanged() {
		if (alive()) {
			form.servicesChanged(datasets, architectures);
			changed();
		}
	}

	@Focus
	void focus() {
		if (alive()) {
			form.focus();
		}
	}

	// ---- the store's models and the resumable runs

	/** Re-reads the saved models and the resumable runs off the UI thread. */
	private void refreshLists() {
		if (listRefresh == null) {
			listRefresh = Job.create("Listing saved models and checkpoints", (IProgressMonitor monitor) -> {
				List<ModelMetadata> models = store.list();
				List<Checkpoint> checkpoints = training.checkpoints();
				ui.asyncExec(() -> {
					if (alive()) {
						form.listsChanged(models, checkpoints);
						changed();
					}
				});
				return Status.OK_STATUS;
			});
			listRefresh.setSystem(true);
		}
		listRefresh.schedule(); // when it is running it runs once more afterwards
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void modelsChanged(@UIEventTopic(ModelStoreEvents.TOPIC_ALL) Event e) {
		if (alive()) {
			refreshLists();
		}
	}

	// ---- the form's actions, also the commands'

	/** Checks the form and starts a training with it. */
	@Override
	public void start() {
		startTraining();
	}

	void startTraining() {
		TrainingRequest request = validate();
		if (request != null && jobs.idle()) {
			follower.preparing();
			jobs.start(request, form.dataset());
		}
	}

	@Override
	public void resume() {
		Checkpoint checkpoint = form.checkpoint();
		if (checkpoint != null && jobs.idle()) {
			String datasetId = checkpoint.request().datasetId();
			follower.preparing();
			jobs.resume(checkpoint, form.datasets().stream().filter(d -> d.id().equals(datasetId)).findFirst()
					.orElse(null));
		}
	}

	@Override
	public void evaluate() {
		ModelMetadata model = form.savedModel();
		DatasetProvider dataset = form.testSet();
		if (model != null && dataset != null) {
			jobs.evaluate(model.name(), dataset);
		}
	}

	void cancelJob() {
		jobs.cancel();
		run.enableButtons(false, false);
	}

	@Override
	public void download(DatasetProvider dataset) {
		jobs.download(dataset);
	}

	@Override
	public void changed() {
		validate();
	}

	/** Checks every field, shows the reasons, sets the buttons; the request when everything is valid. */
	TrainingRequest validate() {
		if (!alive()) {
			return null;
		}
		TrainingRequest request = form.validate();
		boolean idle = jobs.idle();
		run.enableButtons(idle && request != null, !idle);
		form.enableButtons(idle);
		return request;
	}

	boolean canStart() {
		return alive() && jobs.idle() && form.validate() != null;
	}

	boolean canCancel() {
		return alive() && !jobs.idle();
	}

	// ---- what the jobs tell the console

	@Override
	public boolean alive() {
		return form != null && !form.isDisposed();
	}

	@Override
	public Shell shell() {
		return parent.getShell();
	}

	@Override
	public void log(String message) {
		appendLog(message);
	}

	@Override
	public void progress(String text, double done, double total) {
		run.showProgress(text, done, total);
	}

	@Override
	public void error(String title, String message) {
		lastError = message;
		events.post(UiEvents.STATUS, title + ": " + message.replace('\n', ' '));
		if (parent != null && !parent.isDisposed()) {
			MessageDialog.openError(parent.getShell(), title, message);
		}
	}

	@Override
	public void busyChanged() {
		if (alive()) {
			validate();
		}
	}

	@Override
	public void launched(String model, int epochsDone, int epochs) {
		follower.expect(model, epochsDone, epochs);
	}

	@Override
	public void downloaded(DatasetProvider dataset) {
		form.showDatasetStatus();
	}

	@Override
	public void evaluated(Evaluation result, DatasetProvider dataset) {
		appendLog(String.format(Locale.ROOT, "Evaluated %s on %s (%d test images): accuracy %.2f %%, loss %.4f, %.1f s",
				result.modelName(), dataset.displayName(), result.count(), 100 * result.accuracy(), result.loss(),
				result.millis() / 1000.0));
		run.showProgress(String.format(Locale.ROOT, "%s on %s: %.2f %% accuracy", result.modelName(),
				dataset.displayName(), 100 * result.accuracy()), 1, 1);
	}

	// ---- run events, handed to the follower on the UI thread

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void runStarted(@UIEventTopic(TrainingEvents.STARTED) Event e) {
		if (alive()) {
			follower.started(e);
		}
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void batchArrived(@EventTopic(TrainingEvents.BATCH) Event e) { // on the event thread
		if (e == null) {
			return;
		}
		batches.add(e);
		if (batchesScheduled.compareAndSet(false, true)) {
			ui.asyncExec(() -> {
				if (alive()) {
					form.form().getDisplay().timerExec(1000 / TrainingCharts.MAX_REFRESHES_PER_SECOND, this::takeBatches);
				}
			});
		}
	}

	/** Shows the batches that arrived; before an epoch's or the run's end too, so that everything shows in order. */
	private void takeBatches() {
		batchesScheduled.set(false);
		for (Event e = batches.poll(); e != null; e = batches.poll()) {
			if (alive()) {
				follower.batch(e);
			}
		}
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void epochDone(@UIEventTopic(TrainingEvents.EPOCH) Event e) {
		takeBatches();
		if (alive()) {
			follower.epoch(e);
		}
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void logged(@UIEventTopic(TrainingEvents.LOG) Event e) {
		takeBatches();
		if (alive()) {
			follower.logged(e);
		}
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void runFinished(@UIEventTopic(TrainingEvents.FINISHED) Event e) {
		takeBatches();
		if (alive()) {
			follower.finished(e);
		}
	}

	// ---- what following the run shows

	@Override
	public void resetCharts(int startEpoch, int epochs) {
		run.charts().reset(startEpoch, epochs);
	}

	@Override
	public void continueCharts(int epoch, int epochs) {
		run.charts().continueAfter(epoch, epochs);
	}

	@Override
	public void extendCharts(int epochs) {
		run.charts().extendTo(epochs);
	}

	@Override
	public void followingElsewhere(String model) {
		appendLog("Following " + model + ", started elsewhere");
		jobs.adopt(model);
	}

	@Override
	public void batch(double position, double loss, String progress, double done, double total) {
		run.charts().addBatch(position, loss);
		run.batchProgress(progress, done, total); // the status and bar change at most 5 times a second, with the charts
	}

	@Override
	public void epoch(int epoch, double trainAccuracy, double testAccuracy, double validationAccuracy, double testLoss) {
		run.charts().addEpoch(epoch, trainAccuracy, testAccuracy, validationAccuracy, testLoss);
	}

	@Override
	public void finished(RunFollower.Finish run) {
		String model = run.model();
		if (TrainingEvents.OUTCOME_COMPLETED.equals(run.outcome())) {
			String accuracy = Double.isNaN(run.lastTestAccuracy()) ? ""
					: String.format(Locale.ROOT, ": final test accuracy %.2f %%", 100 * run.lastTestAccuracy());
			appendLog("Finished " + model + accuracy + ". It is in the model store.");
			this.run.showProgress("Finished " + model + accuracy, 1, 1);
			form.saved(model);
			if (run.ours()) {
				activateIfNone(model);
			}
		} else if (TrainingEvents.OUTCOME_CANCELLED.equals(run.outcome())) {
			appendLog(run.lastEpoch() > 0
					? "Cancelled " + model + " after epoch " + run.lastEpoch() + " of " + run.epochs()
							+ "; that epoch is kept: choose it under Resume to continue."
					: "Cancelled " + model + " before its first epoch ended; nothing was kept.");
			this.run.showProgress("Cancelled " + model);
		} else {
			appendLog("Failed: " + run.message());
			this.run.showProgress("Training " + model + " failed", 0, 1);
			if (run.ours()) {
				error("Training failed", run.message() == null || run.message().isBlank()
						? "The training of " + model + " failed." : run.message());
			}
		}
		refreshLists();
	}

	/**
	 * A training this console started finished: it becomes the active model when there is none (the canvas then reads
	 * with it); otherwise the run panel offers it in one click.
	 */
	private void activateIfNone(String model) {
		Job.create("Activating " + model, (IProgressMonitor monitor) -> {
			boolean none = store.activeModel().isEmpty();
			if (none) {
				try {
					store.setActiveModel(model);
				} catch (ModelStoreException e) {
					ui.asyncExec(() -> appendLog("Could not make " + model + " the active model: " + e.getMessage()));
					return Status.OK_STATUS; // said in the log; the model itself is saved
				}
			}
			ui.asyncExec(() -> {
				if (!alive()) {
					return;
				}
				if (none) {
					appendLog(model + " is the active model now: the canvas reads drawings with it.");
				} else {
					run.offerActivation(model, this::activate);
				}
			});
			return Status.OK_STATUS;
		}).schedule();
	}

	/** The run panel's "make it active" link. */
	void activate(String model) {
		Job.create("Activating " + model, (IProgressMonitor monitor) -> {
			try {
				store.setActiveModel(model);
				ui.asyncExec(() -> appendLog(model + " is the active model now: the canvas reads drawings with it."));
			} catch (ModelStoreException e) {
				ui.asyncExec(() -> error("Cannot activate " + model, e.getMessage()));
			}
			return Status.OK_STATUS;
		}).schedule();
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void activeChanged(@UIEventTopic(org.digitworkbench.model.ActiveModelEvents.CHANGED) Event e) {
		if (alive()) {
			Object state = e.getProperty(org.digitworkbench.model.ActiveModelEvents.STATE);
			run.activeModelChanged(state instanceof org.digitworkbench.model.ActiveModel.State s ? s.name() : null);
		}
	}

	void appendLog(String message) {
		if (run != null) {
			run.appendLog(message);
		}
	}

	// ---- theme

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void themeChanged(@UIEventTopic(THEME_CHANGED) Event e) {
		if (alive()) {
			ui.asyncExec(this::syncTheme);
		}
	}

	/** Colours that depend on the theme: the error lines and the charts. */
	private void syncTheme() {
		if (!alive()) {
			return;
		}
		RGB background = form.form().getBackground().getRGB();
		boolean dark = TrainingCharts.luminance(background) < 0.45;
		Color previous = errorColor;
		errorColor = new Color(dark ? new RGB(0xff, 0x80, 0x80) : new RGB(0xb0, 0x00, 0x20));
		form.setErrorColor(errorColor);
		if (previous != null) {
			previous.dispose();
		}
		run.charts().syncColors();
	}

	@PreDestroy
	void dispose() {
		if (errorColor != null) {
			errorColor.dispose();
		}
	}

	// ---- for the tests (same package)

	TrainingForm form() {
		return form;
	}

	RunPanel run() {
		return run;
	}

	boolean busy() {
		return !jobs.idle();
	}

	boolean runActive() {
		return follower.runActive();
	}

	String lastOutcome() {
		return follower.lastOutcome();
	}

	String lastError() {
		return lastError;
	}

	String logText() {
		return run.logText();
	}
}
