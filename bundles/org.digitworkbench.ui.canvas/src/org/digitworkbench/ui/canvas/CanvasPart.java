package org.digitworkbench.ui.canvas;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import jakarta.annotation.PostConstruct;

/** The Drawing Canvas view. */
public class CanvasPart {

	@PostConstruct
	void createControls(Composite parent) {
		parent.setLayout(new FillLayout());
		new Label(parent, SWT.NONE).setText("Drawing Canvas");
	}
}
