package org.digitworkbench.ui.canvas;

import java.util.Locale;

import org.digitworkbench.model.Explanation;
import org.digitworkbench.preprocess.ModelInput;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

/**
 * What the model makes of the drawing: the verdict in large type, the 28×28 picture it sees (enlarged) and ten
 * confidence bars. Only repaints: computing is the part's.
 */
final class RecognitionView {

	private final Label verdict;
	private final Canvas preview;
	private final Canvas bars;
	private ModelInput input;
	private float[] probabilities;
	private Explanation explanation;

	/** Adds the verdict, spanning both columns of {@code side}'s grid, then the preview and the bars beside it. */
	RecognitionView(Composite side) {
		verdict = new Label(side, SWT.NONE);
		FontData big = verdict.getFont().getFontData()[0];
		Font bigFont = new Font(verdict.getDisplay(), big.getName(), Math.round(big.getHeight() * 1.8f), SWT.BOLD);
		verdict.setFont(bigFont);
		verdict.addDisposeListener(e -> bigFont.dispose());
		verdict.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, ((GridLayout) side.getLayout()).numColumns, 1));
		preview = new Canvas(side, SWT.BORDER | SWT.DOUBLE_BUFFERED);
		GridData previewData = new GridData(SWT.LEFT, SWT.TOP, false, false);
		previewData.widthHint = 112;
		previewData.heightHint = 112;
		preview.setLayoutData(previewData);
		preview.setToolTipText("The 28×28 image the model sees");
		preview.addPaintListener(e -> paintPreview(e.gc));
		bars = new Canvas(side, SWT.DOUBLE_BUFFERED);
		GridData barsData = new GridData(SWT.FILL, SWT.TOP, true, false);
		barsData.heightHint = 150;
		barsData.widthHint = 140; // with the drawing beside it the view needs 560 px: a 1366-wide window gives it 570
		bars.setLayoutData(barsData);
		bars.addPaintListener(e -> paintBars(e.gc));
	}

	/**
	 * Shows what the model sees ({@code input}, null for a blank canvas) and its answer ({@code probabilities}, null
	 * when there is no model); repaints.
	 */
	void show(ModelInput newInput, float[] newProbabilities) {
		input = newInput;
		probabilities = newProbabilities;
		String text;
		if (input == null) {
			text = "Draw a digit";
		} else if (probabilities == null) {
			text = "No model";
		} else {
			int best = argmax(probabilities);
			text = Doubt.unsure(probabilities)
					? String.format(Locale.ROOT, "Not sure \u2014 %d?  (%.0f %%)", best, 100 * probabilities[best])
					: String.format(Locale.ROOT, "%d  (%.0f %%)", best, 100 * probabilities[best]);
		}
		if (!text.equals(verdict.getText())) {
			verdict.setText(text);
			verdict.getParent().layout(); // only when the text changed: a layout per mouse move costs
		}
		preview.redraw();
		bars.redraw();
	}

	/** Colours the preview by {@code why} (null: just the input); repaints. */
	void showWhy(Explanation why) {
		explanation = why;
		preview.redraw();
	}

	Canvas preview() {
		return preview;
	}

	String verdictText() {
		return verdict.getText();
	}

	Canvas bars() {
		return bars;
	}

	static int argmax(float[] values) {
		int best = 0;
		for (int i = 1; i < values.length; i++) {
			if (values[i] > values[best]) {
				best = i;
			}
		}
		return best;
	}

	private void paintPreview(GC gc) {
		Point size = preview.getSize();
		gc.setBackground(gc.getDevice().getSystemColor(SWT.COLOR_BLACK));
		gc.fillRectangle(0, 0, size.x, size.y);
		if (input == null) {
			return;
		}
		int cell = Math.max(1, Math.min(size.x, size.y) / ModelInput.SIZE);
		for (int i = 0; i < input.pixels().length; i++) {
			int grey = Math.round(255 * Math.max(0, Math.min(1, input.pixels()[i])));
			if (grey > 0) {
				Color color = new Color(grey, grey, grey);
				gc.setBackground(color);
				gc.fillRectangle(i % 28 * cell, i / 28 * cell, cell, cell);
			}
		}
		if (explanation != null) {
			paintWhy(gc, cell);
		}
	}

	/**
	 * Over the input: green where the ink made the model say its digit, red where it spoke against it (evidence), and
	 * blue on paper where ink would move it toward the runner-up; each scaled to its own largest value, faint values
	 * (under a tenth of it, a quarter for the runner-up's) left out so that the picture shows where, not noise.
	 */
	private void paintWhy(GC gc, int cell) {
		float[] evidence = explanation.evidence();
		float[] toward = explanation.towardRunnerUp();
		float evidenceScale = Explanation.maxMagnitude(evidence);
		float towardScale = 0;
		for (int i = 0; i < toward.length; i++) {
			if (input.pixels()[i] < 0.1f) {
				towardScale = Math.max(towardScale, toward[i]);
			}
		}
		for (int i = 0; i < evidence.length; i++) {
			float strength;
			int r;
			int g;
			int b;
			if (input.pixels()[i] >= 0.1f && evidenceScale > 0) {
				strength = evidence[i] / evidenceScale;
				if (strength >= 0) {
					r = 40; g = 220; b = 60;
				} else {
					r = 240; g = 50; b = 40;
					strength = -strength;
				}
			} else if (towardScale > 0 && toward[i] > 0) {
				strength = toward[i] / towardScale;
				r = 60; g = 140; b = 255;
			} else {
				continue;
			}
			if (strength < (b == 255 ? 0.25f : 0.1f)) { // the runner-up's pull is everywhere on paper: its strongest
				continue;
			}
			gc.setAlpha(Math.round(60 + 195 * Math.min(1, strength)));
			Color color = new Color(r, g, b);
			gc.setBackground(color);
			gc.fillRectangle(i % 28 * cell, i / 28 * cell, cell, cell);
		}
		gc.setAlpha(255);
	}

	private void paintBars(GC gc) {
		Point size = bars.getSize();
		int rowHeight = Math.max(10, size.y / 10);
		int labelWidth = gc.textExtent("9 ").x;
		int best = probabilities == null ? -1 : argmax(probabilities);
		for (int digit = 0; digit < 10; digit++) {
			int y = digit * rowHeight;
			gc.setForeground(bars.getForeground());
			gc.drawText(Integer.toString(digit), 0, y, true);
			float p = probabilities == null ? 0 : probabilities[digit];
			int width = Math.round((size.x - labelWidth - 40) * p);
			boolean unsure = probabilities != null && Doubt.unsure(probabilities); // doubt: no bar is green
			gc.setBackground(gc.getDevice().getSystemColor(digit == best && !unsure ? SWT.COLOR_DARK_GREEN
					: digit == best ? SWT.COLOR_DARK_YELLOW : SWT.COLOR_GRAY));
			gc.fillRectangle(labelWidth, y + 2, Math.max(1, width), rowHeight - 4);
			if (probabilities != null) {
				gc.drawText(String.format(Locale.ROOT, "%.0f%%", 100 * p), labelWidth + width + 4, y, true);
			}
		}
	}
}
