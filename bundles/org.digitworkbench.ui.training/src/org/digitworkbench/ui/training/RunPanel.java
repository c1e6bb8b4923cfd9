package org.digitworkbench.ui.training;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Link;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Text;

/**
 * The console's run area: Start and Cancel beside the progress bar and a status line (always in sight however far
 * the form is scrolled), the loss and accuracy charts, and the log with a clock time on every line. Batch progress
 * is shown at most five times a second, with the charts; anything else at once.
 */
final class RunPanel {

	private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
	private static final int PROGRESS_SCALE = 1000;

	private final Composite control;
	private final Button start;
	private final Button cancel;
	private final ProgressBar progress;
	private final StatusLine status;
	private final TrainingCharts charts;
	private final Text log;
	/** "Make … the active model": offered after a training when another model is active. */
	private final Link activation;
	private String offered;
	private java.util.function.Consumer<String> onActivate;
	private final Throttle throttle;
	private final ConsoleHistory history;
	/** The batch progress waiting to be shown; null once something newer was shown directly. */
	private String pendingText;
	private double pendingDone;
	private double pendingTotal;

	RunPanel(Composite owner, ConsoleHistory history, Runnable onStart, Runnable onCancel) {
		this.history = history;
		control = new Composite(owner, SWT.NONE);
		GridLayout layout = new GridLayout(3, false);
		layout.marginWidth = 4;
		layout.verticalSpacing = 2;
		control.setLayout(layout);
		start = button("S&tart", onStart);
		start.setToolTipText("Train a new model with the settings on the left (Enter in a field does the same)");
		cancel = button("&Cancel", onCancel);
		cancel.setToolTipText("Stop the running job; a training keeps its last completed epoch for Resume");
		progress = new ProgressBar(control, SWT.HORIZONTAL | SWT.SMOOTH);
		progress.setMaximum(PROGRESS_SCALE);
		progress.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		status = new StatusLine(control); // a line of its own: epoch, batch, loss, speed and time left need the width
		status.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
		status.setText(history.statusText);
		activation = new Link(control, SWT.NONE);
		GridData activationData = new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1);
		activationData.exclude = true;
		activation.setLayoutData(activationData);
		activation.setVisible(false);
		activation.addListener(SWT.Selection, e -> {
			if (offered != null && onActivate != null) {
				onActivate.accept(offered);
			}
		});
		FormLayout.accessibleName(progress, "Training progress");

		SashForm chartsAndLog = new SashForm(control, SWT.VERTICAL | SWT.SMOOTH);
		chartsAndLog.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
		charts = new TrainingCharts(chartsAndLog, history.charts);
		log = new Text(chartsAndLog, SWT.MULTI | SWT.READ_ONLY | SWT.V_SCROLL | SWT.WRAP | SWT.BORDER);
		log.setFont(JFaceResources.getTextFont());
		FormLayout.accessibleName(log, "Training log");
		chartsAndLog.setWeights(72, 28);
		log.setText(history.logText());
		log.setSelection(log.getCharCount());
		int shown = (int) Math.round(PROGRESS_SCALE * Math.min(1, history.progressDone / Math.max(1e-9, history.progressTotal)));
		progress.setSelection(Math.max(0, shown));
		throttle = new Throttle(control.getDisplay(), 1000 / TrainingCharts.MAX_REFRESHES_PER_SECOND, () -> {
			if (pendingText != null) {
				show(pendingText, pendingDone, pendingTotal);
			}
		});
	}

	private Button button(String text, Runnable action) {
		Button button = new Button(control, SWT.PUSH);
		button.setText(text);
		button.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false));
		button.addListener(SWT.Selection, e -> action.run());
		return button;
	}

	Composite control() {
		return control;
	}

	TrainingCharts charts() {
		return charts;
	}

	/** Start and Cancel as the console's state allows. */
	void enableButtons(boolean canStart, boolean canCancel) {
		start.setEnabled(canStart);
		cancel.setEnabled(canCancel);
	}

	/** A batch's progress: shown with the next chart refresh, unless something newer comes first. */
	void batchProgress(String text, double done, double total) {
		pendingText = text;
		pendingDone = done;
		pendingTotal = total;
		throttle.request();
	}

	/** Shows {@code text} and the bar at {@code done} of {@code total} now. */
	void showProgress(String text, double done, double total) {
		pendingText = null; // newer than the batch waiting to be shown
		show(text, done, total);
	}

	/** Keeps the bar where it is and says {@code text}. */
	void showProgress(String text) {
		showProgress(text, progress.getSelection(), PROGRESS_SCALE);
	}

	private void show(String text, double done, double total) {
		if (progress.isDisposed()) {
			return;
		}
		int selection = total > 0 ? (int) Math.round(PROGRESS_SCALE * Math.min(1, done / total)) : 0;
		if (progress.getSelection() != selection) {
			progress.setSelection(selection);
		}
		status.setText(text);
		history.statusText = text;
		history.progressDone = done;
		history.progressTotal = total;
	}

	/** Offers to make {@code model} the active model, in one click. */
	void offerActivation(String model, java.util.function.Consumer<String> activate) {
		offered = model;
		history.offeredActivation = model;
		onActivate = activate;
		activation.setText("<a>Make " + model + " the active model</a> (the canvas reads drawings with the active model)");
		showActivation(true);
	}

	/** The active model changed: the offer goes once its model is active. */
	void activeModelChanged(String active) {
		if (offered != null && offered.equals(active)) {
			offered = null;
			history.offeredActivation = null;
			showActivation(false);
		}
	}

	private void showActivation(boolean show) {
		if (activation.isDisposed() || activation.getVisible() == show) {
			return;
		}
		activation.setVisible(show);
		((GridData) activation.getLayoutData()).exclude = !show;
		control.layout(true, true);
	}

	void appendLog(String message) {
		if (log.isDisposed() || message == null) {
			return;
		}
		String line = LocalTime.now().format(CLOCK) + "  " + message;
		history.addLog(line);
		log.append((log.getCharCount() == 0 ? "" : "\n") + line);
	}

	// for the tests

	Button startButton() {
		return start;
	}

	Button cancelButton() {
		return cancel;
	}

	ProgressBar progressBar() {
		return progress;
	}

	StatusLine statusLine() {
		return status;
	}

	Link activationLink() {
		return activation;
	}

	String offeredActivation() {
		return offered;
	}

	String logText() {
		return log.getText();
	}
}
