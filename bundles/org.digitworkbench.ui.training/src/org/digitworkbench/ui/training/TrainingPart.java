package org.digitworkbench.ui.training;

import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;

import jakarta.annotation.PostConstruct;

/** The Training Console view. */
public class TrainingPart {

	@PostConstruct
	void createControls(Composite parent) {
		parent.setLayout(new FillLayout());
		new Label(parent, SWT.NONE).setText("Training Console");
	}
}
