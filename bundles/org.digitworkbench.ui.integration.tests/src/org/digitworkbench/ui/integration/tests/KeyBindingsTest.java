package org.digitworkbench.ui.integration.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.digitworkbench.drawings.HandwritingSamples;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.ui.testing.Dialogs;
import org.digitworkbench.ui.testing.Input;
import org.digitworkbench.ui.testing.PartHarness;
import org.digitworkbench.ui.testing.TestModels;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Canvas;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.Test;

/**
 * Keys pressed through the window system in the product's workbench reach the views' commands through the key
 * bindings their fragments and the application model contribute — not through listeners of the views' own.
 */
class KeyBindingsTest {

	private static final Duration WAIT = Duration.ofSeconds(60);

	@Test
	void escClearsTheDrawingAndCtrlZTakesTheLastStrokeAway() throws Exception {
		Workbench.run(w -> {
			Composite canvasView = w.show("org.digitworkbench.ui.canvas.part");
			Canvas drawing = Workbench.find(canvasView, Canvas.class, c -> true); // the paper comes first
			// the drawing outlives the view (and this workbench): clear what an earlier test left on the paper
			focusPaper(w, drawing);
			Input.postKey(w.display(), 0, SWT.ESC);
			w.spinUntil(() -> blank(canvasView), WAIT, "a blank canvas");

			stroke(w, drawing);
			w.spinUntil(() -> !blank(canvasView), WAIT, "the stroke is seen");
			focusPaper(w, drawing);
			Input.postKey(w.display(), 0, SWT.ESC);
			w.spinUntil(() -> blank(canvasView), WAIT, "Esc clears");

			stroke(w, drawing);
			w.spinUntil(() -> !blank(canvasView), WAIT, "the stroke is seen");
			focusPaper(w, drawing);
			Input.postKey(w.display(), SWT.CTRL, 'z');
			w.spinUntil(() -> blank(canvasView), WAIT, "Ctrl+Z takes the only stroke away");
		});
	}

	/** The canvas's own binding context: 7 on the paper keeps the drawing as a 7; in the pen width, 5 is a 5. */
	@Test
	void aDigitKeyOnThePaperTeachesThatDigitAndStaysADigitInThePenWidth() throws Exception {
		HandwritingSamples samples = PartHarness.service(HandwritingSamples.class);
		int[] before = samples.counts();
		Workbench.run(w -> {
			Composite canvasView = w.show("org.digitworkbench.ui.canvas.part");
			Canvas drawing = Workbench.find(canvasView, Canvas.class, c -> true);
			stroke(w, drawing);
			w.spinUntil(() -> !blank(canvasView), WAIT, "the stroke is seen");
			focusPaper(w, drawing);
			Input.postKey(w.display(), 0, '7');
			w.spinUntil(() -> PartHarness.texts(canvasView).stream().anyMatch(t -> t.startsWith("Saved your 7 as sample")),
					WAIT, "7 on the paper keeps the drawing as a 7");

			Spinner penWidth = Workbench.find(canvasView, Spinner.class, s -> true);
			penWidth.setFocus();
			w.spinUntil(penWidth::isFocusControl, WAIT, "the pen width focused");
			Input.postKey(w.display(), 0, SWT.END); // the spinner's text: the caret after the number
			Input.postKey(w.display(), 0, '5');
			w.spin(Duration.ofMillis(300));
			int[] after = samples.counts();
			before[7]++;
			assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(after),
					"one sample, a 7; the 5 typed into the pen width is no sample");
		});
	}

	@Test
	void f2RenamesAndDeleteDeletesTheSelectedModelAfterAsking() throws Exception {
		ModelStore store = PartHarness.service(ModelStore.class);
		String name = "keys-mlp";
		String renamed = "keys-renamed";
		if (store.find(renamed).isPresent()) {
			store.delete(renamed);
		}
		TestModels.oneEpochMlp(name);
		Workbench.run(w -> {
			Composite explorer = w.show("org.digitworkbench.ui.explorer.part");
			Table table = Workbench.find(explorer, Table.class, t -> t.getColumnCount() > 5);
			w.spinUntil(() -> row(table, name) >= 0, WAIT, name + " listed");
			select(table, name);
			Map<String, String> seen = new ConcurrentHashMap<>();
			try (Dialogs answers = new Dialogs(w.shell(), seen, dialog -> {
				if (dialog.getText().equals("Rename Model")) {
					Dialogs.text(dialog).setText(renamed);
				}
				Button ok = Dialogs.button(dialog, "OK");
				ok.notifyListeners(SWT.Selection, new Event());
			})) {
				focus(w, explorer, table);
				Input.postKey(w.display(), 0, SWT.F2);
				w.spinUntil(() -> store.find(renamed).isPresent(), WAIT, "F2 renames " + name + "; dialogs " + seen
						+ ", selection " + table.getSelectionCount() + ", focus " + w.display().getFocusControl()
						+ ", active shell " + w.display().getActiveShell() + ", active part "
						+ w.parts().getActivePart().getElementId() + ", " + diagnose(w, "org.eclipse.ui.edit.rename"));
				assertTrue(seen.get("Rename Model").contains("'" + name + "'"), seen.toString());

				w.spinUntil(() -> row(table, renamed) >= 0, WAIT, renamed + " listed");
				select(table, renamed);
				focus(w, explorer, table); // the closed dialog gave the keyboard back to nobody in particular
				Input.postKey(w.display(), 0, SWT.DEL);
				w.spinUntil(() -> store.find(renamed).isEmpty(), WAIT, "Delete deletes " + renamed + "; dialogs " + seen
						+ ", selection " + table.getSelectionCount() + ", focus " + w.display().getFocusControl());
				assertTrue(seen.containsKey("Delete Model"), "asked first: " + seen);
				assertEquals(-1, row(table, name));
			}
		});
	}

	/**
	 * The pointer over the paper and the paper holding the keyboard (the canvas's keys are bound in its own context
	 * and its handlers ask for the paper's focus): a key posted before the focus arrived went to the view that had it
	 * before — on a loaded machine, the explorer the previous test left focused.
	 */
	private static void focusPaper(Workbench w, Canvas drawing) {
		Input.movePointer(drawing, 140, 140);
		drawing.setFocus();
		w.spinUntil(drawing::isFocusControl, WAIT, "the paper focused");
		w.spinUntil(() -> w.parts().getActivePart() != null
				&& "org.digitworkbench.ui.canvas.part".equals(w.parts().getActivePart().getElementId()), WAIT,
				"the canvas the active view");
	}

	/** The workbench window active and {@code table} holding the keyboard, as after a click into it. */
	private static void focus(Workbench w, Composite explorer, Table table) {
		pointAtStatus(explorer);
		w.shell().forceActive();
		w.spinUntil(() -> w.display().getActiveShell() == w.shell(), WAIT, "the workbench window active");
		table.forceFocus();
		w.spinUntil(() -> w.display().getFocusControl() == table, WAIT, "the model table focused");
	}

	/**
	 * Rests the pointer on the explorer's status line: without a window manager X gives the keyboard to the window
	 * under the pointer, and a row's tool tip would be one.
	 */
	private static void pointAtStatus(Composite explorer) {
		Label status = (Label) explorer.getChildren()[explorer.getChildren().length - 1];
		Input.movePointer(status, 5, status.getSize().y / 2);
	}

	private static String diagnose(Workbench w, String commandId) {
		var context = w.parts().getActivePart().getContext();
		var commands = context.get(org.eclipse.e4.core.commands.ECommandService.class);
		var handlers = context.get(org.eclipse.e4.core.commands.EHandlerService.class);
		var bindings = context.get(org.eclipse.e4.ui.bindings.EBindingService.class);
		var command = commands.createCommand(commandId, null);
		return "can execute " + handlers.canExecute(command) + ", key " + bindings.getBestSequenceFor(command)
				+ ", active contexts " + context.get(org.eclipse.e4.ui.services.EContextService.class).getActiveContextIds();
	}

	/** What the verdict says of a blank canvas. */
	private static boolean blank(Composite canvasView) {
		return PartHarness.texts(canvasView).contains("Draw a digit");
	}

	/** A vertical stroke, sent to the canvas's listeners as SWT delivers a drag. */
	private static void stroke(Workbench w, Canvas drawing) {
		drawing.notifyListeners(SWT.MouseDown, mouse(140, 60, 1, 0));
		for (int y = 70; y <= 220; y += 10) {
			drawing.notifyListeners(SWT.MouseMove, mouse(140, y, 0, SWT.BUTTON1));
		}
		drawing.notifyListeners(SWT.MouseUp, mouse(140, 220, 1, 0));
		w.spin(Duration.ofMillis(100));
	}

	private static Event mouse(int x, int y, int button, int stateMask) {
		Event event = new Event();
		event.x = x;
		event.y = y;
		event.button = button;
		event.stateMask = stateMask;
		return event;
	}

	private static int row(Table table, String name) {
		TableItem[] items = table.getItems();
		for (int i = 0; i < items.length; i++) {
			if (items[i].getText(0).endsWith(name) && items[i].getText(0).replace("\u25CF ", "").equals(name)) {
				return i;
			}
		}
		return -1;
	}

	/** Selects a row the way a click does: the table's selection, then its selection event (the viewer listens). */
	private static void select(Table table, String name) {
		table.setSelection(row(table, name));
		table.notifyListeners(SWT.Selection, new Event());
	}
}
