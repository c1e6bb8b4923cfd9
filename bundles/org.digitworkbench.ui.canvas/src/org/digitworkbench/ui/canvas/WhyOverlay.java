package org.digitworkbench.ui.canvas;

import java.util.Locale;

import org.digitworkbench.model.Explanation;
import org.digitworkbench.model.LoadedModel;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.Status;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

/**
 * "Show why": the check box, its legend and the model's explanation of the drawing, which the recognition view
 * paints over the 28×28 input. Explained between strokes, not on every mouse move (the mlp takes about a
 * millisecond, the cnn 4-5 ms).
 */
final class WhyOverlay {

	private final Button showWhy;
	private final Label legend;
	private Explanation explanation;

	/** Adds the check box and the legend to {@code parent} (a grid of two columns); {@code changed} on a toggle. */
	WhyOverlay(Composite parent, Runnable changed) {
		showWhy = new Button(parent, SWT.CHECK);
		showWhy.setText("Show why");
		showWhy.setToolTipText("Colour the 28\u00d728 input by what made the model say its digit, and where ink would"
				+ " make it say the runner-up (input gradients, after each stroke)");
		showWhy.setLayoutData(new GridData(SWT.LEFT, SWT.TOP, false, false, 2, 1));
		showWhy.addListener(SWT.Selection, e -> changed.run());
		legend = new Label(parent, SWT.WRAP);
		GridData legendData = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
		legendData.widthHint = 200;
		legend.setLayoutData(legendData);
	}

	/**
	 * Explains {@code normalized} (the model's input; null for a blank canvas or without a model) when the box is
	 * ticked and no stroke is being drawn; otherwise forgets the last explanation. Updates the legend.
	 *
	 * @return the explanation, or null
	 */
	Explanation explain(LoadedModel model, float[] normalized, boolean stroking) {
		explanation = null;
		if (showWhy.getSelection() && normalized != null && model != null && !stroking) {
			try {
				explanation = model.explain(normalized);
			} catch (RuntimeException e) {
				ILog.of(WhyOverlay.class).log(Status.error("Could not explain the drawing: " + e.getMessage(), e));
			}
		}
		legend.setText(legend(normalized != null));
		return explanation;
	}

	private String legend(boolean readable) {
		if (!showWhy.getSelection()) {
			return "";
		}
		if (explanation == null) {
			return readable ? "Shown when the stroke ends." : "Draw a digit to see why the model reads it so.";
		}
		return String.format(Locale.ROOT, "Green: ink that made it say %d; red: ink against it; blue: where ink would"
				+ " make it say %d.", explanation.digit(), explanation.runnerUp());
	}

	void setShown(boolean shown) {
		showWhy.setSelection(shown);
	}

	Explanation explanation() {
		return explanation;
	}
}
