package org.digitworkbench.app.handlers;

import org.digitworkbench.app.DefaultLayout;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspective;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspectiveStack;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;

/** Replaces the current layout with a fresh copy of the default one. */
public class ResetPerspectiveHandler {

	@Execute
	public void execute(MApplication application, EModelService models, EPartService parts, MWindow window) {
		MPerspectiveStack stack = DefaultLayout.perspectiveStack(application, models);
		MPerspective old = stack.getSelectedElement();
		MPerspective fresh = DefaultLayout.createPerspective(application, models, window);
		stack.getChildren().add(fresh);
		parts.switchPerspective(fresh);
		if (old != null) {
			old.setToBeRendered(false);
			stack.getChildren().remove(old);
		}
	}
}
