package org.digitworkbench.ui.canvas;

import java.util.function.IntConsumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;

/**
 * Teach it: ten digit buttons that keep the drawing as a sample of that digit (with the count of each under it), the
 * fine-tune button with its progress and Cancel, and the last fine-tune's before/after. Only widgets: the part acts.
 */
final class TeachPanel {

	private final Composite panel;
	private final Button[] digits = new Button[10];
	private final Label[] counts = new Label[10];
	private final Button fineTune;
	private final Button cancel;
	private final ProgressBar progress;
	private final Label result;

	/** Adds the panel to {@code parent}, spanning its grid. */
	TeachPanel(Composite parent, IntConsumer teach, Runnable startFineTune, Runnable cancelFineTune) {
		panel = new Composite(parent, SWT.NONE);
		panel.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, ((GridLayout) parent.getLayout()).numColumns, 1));
		GridLayout layout = new GridLayout(5, true); // two rows of five: fits a 430 px wide view (1024×700)
		layout.marginWidth = 0;
		layout.verticalSpacing = 2;
		panel.setLayout(layout);
		Label prompt = new Label(panel, SWT.WRAP);
		prompt.setText("Wrong or unsure? It is a\u2026 (or type the digit on the paper; your samples so far below)");
		GridData promptData = new GridData(SWT.FILL, SWT.TOP, true, false, 5, 1);
		promptData.widthHint = 200; // wraps to the view's width
		prompt.setLayoutData(promptData);
		for (int half = 0; half < 2; half++) {
			for (int d = 5 * half; d < 5 * half + 5; d++) {
				int digit = d;
				digits[d] = new Button(panel, SWT.PUSH);
				digits[d].setText(Integer.toString(d));
				digits[d].setToolTipText("Keep the drawing as a sample of " + d + " (key " + d + " on the paper)");
				digits[d].setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
				digits[d].addListener(SWT.Selection, e -> teach.accept(digit));
			}
			for (int d = 5 * half; d < 5 * half + 5; d++) {
				counts[d] = new Label(panel, SWT.CENTER);
				counts[d].setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
				counts[d].setToolTipText("Your samples of " + d + " (the 2nd of every 4 is held back to test the fine-tune)");
			}
		}
		Composite row = new Composite(panel, SWT.NONE);
		row.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 5, 1));
		GridLayout rowLayout = new GridLayout(3, false);
		rowLayout.marginWidth = 0;
		row.setLayout(rowLayout);
		fineTune = new Button(row, SWT.PUSH);
		fineTune.setText("Fine-tune on my handwriting");
		fineTune.setToolTipText("Fine-tune the active model on your samples (MNIST replayed alongside); the result "
				+ "becomes the active model when it reads your held-back samples better");
		fineTune.addListener(SWT.Selection, e -> startFineTune.run());
		progress = new ProgressBar(row, SWT.HORIZONTAL);
		GridData progressData = new GridData(SWT.FILL, SWT.CENTER, true, false);
		progressData.widthHint = 60; // grows with the view; small so that the row fits a narrow one
		progress.setLayoutData(progressData);
		progress.setMaximum(1000);
		cancel = new Button(row, SWT.PUSH);
		cancel.setText("Cancel");
		cancel.setEnabled(false);
		cancel.addListener(SWT.Selection, e -> cancelFineTune.run());
		result = new Label(panel, SWT.WRAP);
		GridData resultData = new GridData(SWT.FILL, SWT.TOP, true, false, 5, 1);
		resultData.widthHint = 200; // wraps to the view's width rather than widening it
		result.setLayoutData(resultData);
		counts(new int[10]);
	}

	void counts(int[] perDigit) {
		for (int d = 0; d < 10; d++) {
			counts[d].setText(Integer.toString(perDigit[d]));
		}
	}

	void running(boolean running) {
		fineTune.setEnabled(!running);
		cancel.setEnabled(running);
		progress.setSelection(0);
	}

	/** {@code fraction} of the fine-tune done, in [0, 1]. */
	void progress(double fraction) {
		progress.setSelection((int) Math.round(1000 * Math.max(0, Math.min(1, fraction))));
	}

	void result(String text) {
		if (!text.equals(result.getText())) {
			result.setText(text);
			panel.getParent().layout(true, true);
		}
	}

	Composite control() {
		return panel;
	}

	String resultText() {
		return result.getText();
	}

	String countText(int digit) {
		return counts[digit].getText();
	}

	Button digitButton(int digit) {
		return digits[digit];
	}

	Button fineTuneButton() {
		return fineTune;
	}

	Button cancelButton() {
		return cancel;
	}
}
