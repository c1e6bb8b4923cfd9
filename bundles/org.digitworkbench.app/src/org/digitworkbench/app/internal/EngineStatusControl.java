package org.digitworkbench.app.internal;

import org.digitworkbench.engine.EngineService;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/** The status line's engine field: "Loading PyTorch…" until the engine is up, then engine, version and device. */
public class EngineStatusControl {

	@Inject
	UISynchronize ui;

	private Label label;

	@PostConstruct
	void createControl(Composite parent) {
		Composite box = new Composite(parent, SWT.NONE);
		GridLayout layout = new GridLayout(1, false);
		layout.marginHeight = 2;
		layout.marginWidth = 8;
		box.setLayout(layout);
		label = new Label(box, SWT.NONE);
		label.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
		label.setText("Loading the PyTorch engine\u2026");
	}

	@Inject
	@Optional
	void engineAvailable(EngineService engine) {
		if (engine == null) {
			return;
		}
		engine.ready().whenComplete((info, failure) -> ui.asyncExec(() -> {
			if (label == null || label.isDisposed()) {
				return;
			}
			if (failure != null) {
				Throwable reason = failure.getCause() != null ? failure.getCause() : failure;
				label.setText("Engine unavailable: " + reason.getMessage());
			} else {
				boolean noted = info.deviceNote() != null && !info.deviceNote().isBlank();
				label.setText("Engine: " + info.summary() + (noted ? " (" + info.deviceNote() + ")" : ""));
				label.setToolTipText("DJL " + info.djlVersion() + ", loaded in " + info.loadMillis() + " ms"
						+ (noted ? "; " + info.deviceNote() : ""));
			}
			label.getParent().layout(true);
			label.getParent().getParent().layout(true, true);
		}));
	}
}
