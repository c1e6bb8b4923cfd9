package org.digitworkbench.app.internal;

import org.digitworkbench.app.DefaultLayout;
import org.digitworkbench.app.handlers.SwitchThemeHandler;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.css.swt.theme.ITheme;
import org.eclipse.e4.ui.css.swt.theme.IThemeEngine;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspective;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspectiveStack;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.lifecycle.ProcessAdditions;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.widgets.Display;

/**
 * Before the first frame: the default perspective on a first start; else the saved layout's views brought up to date
 * with their descriptors, and the views of newly installed plug-ins added. From then on it follows the theme (the one
 * restored at the start too): Window › Theme's radio items show it, and the part stacks' own header bars take its
 * colours ({@link TabFolderHeaders}); a focused field or table has a ring ({@link FieldFocusRings}). GTK's dark
 * variant is the theme engine's own doing: it asks for it ({@code Display.setDarkThemePreferred}) for every theme
 * whose id names "dark".
 */
public class LifeCycle {

	@ProcessAdditions
	void processAdditions(MApplication application, EModelService models, IEventBroker events) {
		// here, not at @PostContextCreate: that context has no MApplication yet, and e4 skips such a method silently
		followTheme(application, models, events);
		FieldFocusRings.install(Display.getCurrent());
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

	private static void followTheme(MApplication application, EModelService models, IEventBroker events) {
		events.subscribe(IThemeEngine.Events.THEME_CHANGED, event -> {
			if (event.getProperty(IThemeEngine.Events.THEME) instanceof ITheme theme) {
				SwitchThemeHandler.checkThemeItems(application, models, theme.getId());
			}
			if (event.getProperty(IThemeEngine.Events.DEVICE) instanceof Display display) {
				// the event comes before the engine applies the new styles: the bars follow once it has
				display.asyncExec(() -> TabFolderHeaders.follow(display));
			}
		});
	}
}
