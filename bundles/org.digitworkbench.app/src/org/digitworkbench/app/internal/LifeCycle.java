package org.digitworkbench.app.internal;

import org.digitworkbench.app.DefaultLayout;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspective;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspectiveStack;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.lifecycle.ProcessAdditions;
import org.eclipse.e4.ui.workbench.modeling.EModelService;

/**
 * Before the first frame: the default perspective on a first start; else the saved layout's views brought up to date
 * with their descriptors, and the views of newly installed plug-ins added.
 */
public class LifeCycle {

	@ProcessAdditions
	void processAdditions(MApplication application, EModelService models) {
		MPerspectiveStack stack = DefaultLayout.perspectiveStack(application, models);
		if (stack == null) {
			return;
		}
		if (stack.getChildren().isEmpty()) {
			MWindow window = models.getTopLevelWindowFor(stack);
			MPerspective perspective = DefaultLayout.createPerspective(application, models, window);
			stack.getChildren().add(perspective);
			stack.setSelectedElement(perspective);
		} else {
			DefaultLayout.refreshFromDescriptors(application, models);
			for (MPerspective perspective : stack.getChildren()) {
				DefaultLayout.addMissingViews(application, models, perspective);
			}
		}
	}
}
