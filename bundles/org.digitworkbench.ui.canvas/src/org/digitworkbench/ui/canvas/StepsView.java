package org.digitworkbench.ui.canvas;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.digitworkbench.preprocess.Pipelines;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

/**
 * What the network sees, step by step: the ink, cropped to it, its strokes widened where they are thinner than
 * MNIST's, fitted in 20 px, centred by mass in 28×28, and normalised with the model's figures — each a small picture
 * with its name and size, in two rows of three. Only repaints.
 */
final class StepsView {

	static final int TILE = 84;
	private static final int STEPS = 6; // with the widening, which not every drawing needs
	private static final int COLUMNS = 3;

	private final Composite control;
	private final Canvas[] tiles = new Canvas[STEPS];
	private final Label[] captions = new Label[STEPS];
	private final List<float[]> pictures = new ArrayList<>();
	private final List<Point> sizes = new ArrayList<>();

	StepsView(Composite parent) {
		control = new Composite(parent, SWT.NONE);
		GridData data = new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1);
		control.setLayoutData(data);
		control.setLayout(new GridLayout(COLUMNS, false));
		for (int first = 0; first < STEPS; first += COLUMNS) { // rows of three: fits a 430 px wide view
			for (int i = first; i < first + COLUMNS; i++) {
				if (i >= STEPS) {
					new Label(control, SWT.NONE); // keeps the captions under their tiles
					continue;
				}
				int index = i;
				tiles[i] = new Canvas(control, SWT.BORDER | SWT.DOUBLE_BUFFERED);
				GridData tile = new GridData(SWT.CENTER, SWT.TOP, false, false);
				tile.widthHint = TILE;
				tile.heightHint = TILE;
				tiles[i].setLayoutData(tile);
				tiles[i].addPaintListener(e -> paint(e.gc, index));
			}
			for (int i = first; i < first + COLUMNS; i++) {
				Label caption = new Label(control, SWT.WRAP | SWT.CENTER);
				GridData captionData = new GridData(SWT.FILL, SWT.TOP, false, false);
				captionData.widthHint = TILE + 8;
				caption.setLayoutData(captionData);
				if (i < STEPS) {
					captions[i] = caption;
				}
			}
		}
		setVisible(false);
	}

	void setVisible(boolean visible) {
		control.setVisible(visible);
		((GridData) control.getLayoutData()).exclude = !visible;
		control.getParent().layout(true, true);
	}

	boolean visible() {
		return control.isVisible();
	}

	/**
	 * {@code steps} from {@link Pipelines#mnistSteps} (empty for a blank canvas) and the model's normalised input
	 * (null without a model), painted on the tiles.
	 */
	void show(List<Pipelines.Step> steps, float[] normalized) {
		pictures.clear();
		sizes.clear();
		for (int i = 0; i < STEPS; i++) {
			String caption = "";
			if (i < steps.size()) {
				Pipelines.Step step = steps.get(i);
				pictures.add(step.ink());
				sizes.add(new Point(step.width(), step.height()));
				caption = step.name() + "\n" + step.width() + "\u00d7" + step.height();
			} else if (i == steps.size() && normalized != null && !steps.isEmpty()) {
				float min = Float.MAX_VALUE;
				float max = -Float.MAX_VALUE;
				for (float v : normalized) {
					min = Math.min(min, v);
					max = Math.max(max, v);
				}
				float[] shown = new float[normalized.length];
				for (int k = 0; k < shown.length; k++) {
					shown[k] = max > min ? (normalized[k] - min) / (max - min) : 0;
				}
				pictures.add(shown);
				sizes.add(new Point(28, 28));
				caption = String.format(Locale.ROOT, "Normalised\n%.2f \u2026 %.2f", min, max);
			}
			captions[i].setText(caption);
			tiles[i].setVisible(i < STEPS - 1 || !caption.isEmpty()); // no sixth black tile without a widening
			tiles[i].redraw();
		}
		control.layout(true);
	}

	String caption(int step) {
		return captions[step].getText();
	}

	private void paint(GC gc, int index) {
		Point area = tiles[index].getSize();
		gc.setBackground(gc.getDevice().getSystemColor(SWT.COLOR_BLACK));
		gc.fillRectangle(0, 0, area.x, area.y);
		if (index >= pictures.size()) {
			return;
		}
		float[] ink = pictures.get(index);
		Point size = sizes.get(index);
		// nearest neighbour into the tile, aspect kept, at most TILE / 28 per pixel so that 28×28 shows its pixels
		double scale = Math.min((double) TILE / size.x, (double) TILE / size.y);
		int w = Math.max(1, (int) Math.round(size.x * scale));
		int h = Math.max(1, (int) Math.round(size.y * scale));
		int left = (TILE - w) / 2;
		int top = (TILE - h) / 2;
		for (int y = 0; y < h; y++) {
			int sy = Math.min(size.y - 1, (int) (y / scale));
			int runStart = 0;
			int runGrey = -1;
			for (int x = 0; x <= w; x++) {
				int grey = x == w ? -2
						: Math.round(255 * Math.max(0, Math.min(1, ink[sy * size.x + Math.min(size.x - 1, (int) (x / scale))])));
				if (grey != runGrey) { // a run of one grey is one rectangle: a 280² picture would be 7000 otherwise
					if (runGrey > 0) {
						gc.setBackground(new Color(runGrey, runGrey, runGrey));
						gc.fillRectangle(left + runStart, top + y, x - runStart, 1);
					}
					runStart = x;
					runGrey = grey;
				}
			}
		}
	}
}
