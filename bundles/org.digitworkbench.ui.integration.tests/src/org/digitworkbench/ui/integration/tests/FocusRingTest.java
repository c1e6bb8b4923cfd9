package org.digitworkbench.ui.integration.tests;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.digitworkbench.ui.testing.ScreenPixels;
import org.digitworkbench.ui.testing.TestModels;
import org.eclipse.e4.ui.css.swt.theme.IThemeEngine;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.junit.jupiter.api.Test;

/**
 * In the dark theme the keyboard focus shows, on the screen, on the paper, a console field and the explorer's table
 * (the matrix and the gallery: GalleryPartTest).
 */
class FocusRingTest {

	private static final String DARK = "org.digitworkbench.theme.dark";
	private static final String LIGHT = "org.digitworkbench.theme.light";
	private static final Duration WAIT = Duration.ofSeconds(20);

	@Test
	void theFocusShowsOnThePaperAFieldAndATableInTheDarkTheme() throws Exception {
		TestModels.oneEpochMlp("focus-ring-test"); // the explorer shows its table once there is a model
		Workbench.run(w -> {
			IThemeEngine themes = w.context().get(IThemeEngine.class);
			themes.setTheme(DARK, false);
			try {
				w.spin(Duration.ofMillis(500));
				Composite canvasView = w.show("org.digitworkbench.ui.canvas.part");
				Canvas paper = Workbench.find(canvasView, Canvas.class, c -> true); // the paper comes first
				Button digit = Workbench.find(canvasView, Button.class, b -> b.getText().equals("0"));
				Rectangle sheet = paper.getClientArea();
				shows(w, "the paper", paper, digit, paper, sheet, ring(sheet), "a 1 px line round it");

				// the focus moves within the console: moving it there from another view activates the console,
				// which puts it on its first field
				Composite console = w.show("org.digitworkbench.ui.training.part");
				List<Text> fields = editableFields(console);
				Text field = fields.get(0);
				Rectangle bounds = field.getBounds();
				shows(w, "a console field", field, fields.get(1), field.getParent(),
						new Rectangle(bounds.x - 2, bounds.y - 2, bounds.width + 4, bounds.height + 4), ring(bounds),
						"a 1 px line round it");

				// a table's ring is inside it: its header (and a chosen row) can hide the top; the other sides show
				Composite explorer = w.show("org.digitworkbench.ui.explorer.part");
				Table table = Workbench.find(explorer, Table.class, t -> true);
				Rectangle area = table.getClientArea();
				int sides = 2 * (area.height - table.getHeaderHeight()) + area.width;
				shows(w, "the explorer's table", table, paper, table, area, sides,
						"a 1 px line down its sides and along its bottom");
			} finally {
				themes.setTheme(LIGHT, false);
			}
		});
	}

	private static List<Text> editableFields(Composite root) {
		List<Text> fields = new ArrayList<>();
		for (Control child : root.getChildren()) {
			if (child instanceof Text text && text.isVisible() && text.getEditable()) {
				fields.add(text);
			} else if (child instanceof Composite inner) {
				fields.addAll(editableFields(inner));
			}
		}
		return fields;
	}

	private static int ring(Rectangle around) {
		return 2 * (around.width + around.height);
	}

	/**
	 * Captures {@code area} of {@code drawnOn} with the focus on {@code elsewhere}, then on {@code target} until at
	 * least {@code pixels} have changed by 3:1 ({@code line}: what as many pixels draw), or fails.
	 */
	private static void shows(Workbench w, String what, Control target, Control elsewhere, Control drawnOn,
			Rectangle area, int pixels, String line) {
		elsewhere.forceFocus();
		w.spinUntil(elsewhere::isFocusControl, WAIT, "the focus on " + elsewhere);
		w.spin(Duration.ofMillis(200));
		RGB[][] before = ScreenPixels.capture(drawnOn, area);
		target.forceFocus();
		w.spinUntil(target::isFocusControl, WAIT, "the focus on " + what);
		long end = System.nanoTime() + Duration.ofSeconds(5).toNanos(); // a loaded machine paints late
		RGB[][] after;
		do {
			w.spin(Duration.ofMillis(100));
			after = ScreenPixels.capture(drawnOn, area);
		} while (ScreenPixels.changed(before, after, 3) < pixels && System.nanoTime() < end);
		ScreenPixels.assertFocusShows(what + " in the dark theme", pixels, line, before, after);
	}
}
