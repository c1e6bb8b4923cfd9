package org.digitworkbench.ui.training;

import java.util.Objects;

import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.accessibility.AccessibleAdapter;
import org.eclipse.swt.accessibility.AccessibleEvent;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

/**
 * Builds the console's form on a two-column grid: headings, separators, captioned combos and fields (each with a
 * line below it for what is wrong with its value), every control named for screen readers.
 */
final class FormLayout {

	private final Composite form;

	FormLayout(Composite form) {
		this.form = form;
	}

	void heading(String text) {
		Label label = new Label(form, SWT.NONE);
		label.setText(text);
		label.setFont(JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT));
		GridData data = wide(2);
		data.verticalIndent = 4;
		label.setLayoutData(data);
	}

	void separator() {
		Label line = new Label(form, SWT.SEPARATOR | SWT.HORIZONTAL);
		GridData data = wide(2);
		data.verticalIndent = 6;
		line.setLayoutData(data);
	}

	Label caption(String text) {
		Label label = new Label(form, SWT.NONE);
		label.setText(text);
		label.setLayoutData(new GridData(SWT.LEFT, SWT.CENTER, false, false));
		return label;
	}

	Combo combo(Label caption) {
		Combo combo = new Combo(form, SWT.READ_ONLY | SWT.DROP_DOWN);
		GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
		// as wide as its longest item where the console has the room (the form asks for it, up to half of the
		// console), down to 120 px in a small window, where the tooltip names the item
		data.minimumWidth = 120;
		combo.setLayoutData(data);
		combo.addListener(SWT.Resize, e -> Choices.fit(combo));
		accessibleName(combo, plain(caption.getText()));
		return combo;
	}

	Button button(String text, Runnable action) {
		Button button = new Button(form, SWT.PUSH);
		button.setText(text);
		button.addListener(SWT.Selection, e -> action.run());
		return button;
	}

	Field field(String captionText, String value, String tip) {
		Label caption = caption(captionText);
		Text text = new Text(form, SWT.BORDER | SWT.SINGLE);
		GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
		data.widthHint = 70;
		text.setLayoutData(data);
		text.setText(value);
		text.setToolTipText(tip);
		caption.setToolTipText(tip);
		Label error = new Label(form, SWT.WRAP);
		GridData errorData = wide(2);
		errorData.widthHint = 200;
		errorData.exclude = true;
		error.setLayoutData(errorData);
		error.setVisible(false);
		Field field = new Field(text, error, tip);
		text.getAccessible().addAccessibleListener(new AccessibleAdapter() {
			@Override
			public void getName(AccessibleEvent e) {
				e.result = plain(captionText);
			}

			@Override
			public void getDescription(AccessibleEvent e) {
				e.result = field.error == null ? tip : field.error;
			}
		});
		return field;
	}

	static GridData wide(int span) {
		return new GridData(SWT.FILL, SWT.TOP, true, false, span, 1);
	}

	private static String plain(String caption) {
		return caption.replace("&", "").replace(":", "");
	}

	static void accessibleName(Control control, String name) {
		control.getAccessible().addAccessibleListener(new AccessibleAdapter() {
			@Override
			public void getName(AccessibleEvent e) {
				e.result = name;
			}
		});
	}

	/** One hyper-parameter: its text field and the line below it that says what is wrong. */
	static final class Field {
		final Text text;
		final Label errorLabel;
		final String tip;
		String error;

		Field(Text text, Label errorLabel, String tip) {
			this.text = text;
			this.errorLabel = errorLabel;
			this.tip = tip;
		}

		/** Says in the tooltip where the value comes from ("From the recipe", "Typed by you; …"). */
		void source(String where) {
			String wanted = tip + "\n" + where;
			if (!wanted.equals(text.getToolTipText())) {
				text.setToolTipText(wanted);
			}
		}

		/**
		 * Shows {@code message} below the field in {@code color}, or hides the line when it is null; true when that
		 * changed the layout.
		 */
		boolean showError(String message, Color color) {
			if (Objects.equals(message, error)) {
				return false;
			}
			boolean relayout = (message == null) != (error == null);
			error = message;
			errorLabel.setText(message == null ? "" : message);
			errorLabel.setForeground(color);
			errorLabel.setVisible(message != null);
			((GridData) errorLabel.getLayoutData()).exclude = message == null;
			return relayout || message != null;
		}
	}

}
