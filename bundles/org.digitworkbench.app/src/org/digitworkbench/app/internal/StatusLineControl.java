package org.digitworkbench.app.internal;

import org.digitworkbench.app.UiEvents;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/** The status line's message field: the last line a view posted on {@link UiEvents#STATUS}, beside the engine's. */
public class StatusLineControl {

	private Label label;

	@PostConstruct
	void createControl(Composite parent) {
		Composite box = new Composite(parent, SWT.NONE);
		GridLayout layout = new GridLayout(1, false);
		layout.marginHeight = 2;
		layout.marginWidth = 8;
		box.setLayout(layout);
		label = new Label(box, SWT.NONE);
		GridData data = new GridData(SWT.FILL, SWT.CENTER, true, false);
		data.widthHint = 600;
		label.setLayoutData(data);
	}

	@Inject
	@Optional
	void show(@UIEventTopic(UiEvents.STATUS) String message) {
		if (label == null || label.isDisposed()) {
			return;
		}
		String text = message == null ? "" : message;
		label.setText(text);
		label.setToolTipText(text.isEmpty() ? null : text);
		if (!text.isEmpty()) { // a message is news: it goes after a while unless a newer one replaced it
			label.getDisplay().timerExec(SHOWN_MILLIS, () -> {
				if (!label.isDisposed() && label.getText().equals(text)) {
					label.setText("");
					label.setToolTipText(null);
				}
			});
		}
	}

	/** How long a message stays in the status line. */
	static final int SHOWN_MILLIS = 30_000;

	/** For tests. */
	String text() {
		return label.getText();
	}
}
