package org.digitworkbench.ui.testing;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;

/**
 * Answers the modal dialogs a view opens, as a person would, while the test waits: every 50 ms it looks for a new
 * visible shell besides {@code main}, notes its title and labels, and hands it to the answer (the default presses
 * "Yes", else closes it).
 */
public final class Dialogs implements Runnable, AutoCloseable {

	private final Display display;
	private final Shell main;
	private final Map<String, String> seen;
	private final Consumer<Shell> answer;
	private final AtomicBoolean running = new AtomicBoolean(true);

	/** Notes each dialog in {@code seen} (title → its labels' text) and answers it with {@code answer}. */
	public Dialogs(Shell main, Map<String, String> seen, Consumer<Shell> answer) {
		this.display = main.getDisplay();
		this.main = main;
		this.seen = seen;
		this.answer = answer;
		display.timerExec(50, this);
	}

	/** Presses "Yes" in a question, closes anything else. */
	public Dialogs(Shell main, Map<String, String> seen) {
		this(main, seen, shell -> {
			Button yes = button(shell, "Yes");
			if (yes != null) {
				yes.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
			} else {
				shell.close();
			}
		});
	}

	@Override
	public void run() {
		if (!running.get()) {
			return;
		}
		for (Shell shell : display.getShells()) {
			if (shell != main && !shell.isDisposed() && shell.isVisible() && shell.getParent() != null
					&& !seen.containsKey(shell.getText())) {
				seen.put(shell.getText(), texts(shell));
				answer.accept(shell);
			}
		}
		display.timerExec(50, this);
	}

	@Override
	public void close() {
		running.set(false);
	}

	/** The push button labelled {@code label} (mnemonic marks ignored) in {@code composite}'s widget tree. */
	public static Button button(Composite composite, String label) {
		for (Control child : composite.getChildren()) {
			if (child instanceof Button button && button.getText().replace("&", "").equals(label)) {
				return button;
			}
			if (child instanceof Composite inner) {
				Button found = button(inner, label);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	/** The first text field in {@code composite}'s widget tree. */
	public static Text text(Composite composite) {
		for (Control child : composite.getChildren()) {
			if (child instanceof Text text) {
				return text;
			}
			if (child instanceof Composite inner) {
				Text found = text(inner);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	private static String texts(Composite composite) {
		StringBuilder all = new StringBuilder();
		for (Control child : composite.getChildren()) {
			if (child instanceof Label label) {
				all.append(label.getText()).append('\n');
			} else if (child instanceof Composite inner) {
				all.append(texts(inner));
			}
		}
		return all.toString();
	}
}
