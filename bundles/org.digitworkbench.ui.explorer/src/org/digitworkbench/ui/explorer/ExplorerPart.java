package org.digitworkbench.ui.explorer;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import jakarta.annotation.PostConstruct;

/** The Model Explorer view. */
public class ExplorerPart {

	@PostConstruct
	void createControls(Composite parent) {
		parent.setLayout(new FillLayout());
		new Label(parent, SWT.NONE).setText("Model Explorer");
	}
}
