package org.digitworkbench.app.internal;

import org.digitworkbench.app.DefaultLayout;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.css.swt.theme.ITheme;
import org.eclipse.e4.ui.css.swt.theme.IThemeEngine;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspective;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspectiveStack;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.e4.ui.workbench.lifecycle.PostContextCreate;
import org.eclipse.e4.ui.workbench.lifecycle.ProcessAdditions;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.swt.widgets.Display;

/**
 * Before the first frame: the default perspective on a first start; else the saved layout's views brought up to date
 * with their descriptors, and the views of newly installed plug-ins added. From then on GTK draws its widgets in
 * the theme's variant ({@link NativeThemeVariant}).
 */
public class LifeCycle {

	@PostContextCreate
	void followTheme(IEventBroker events, MApplication application) {
		// the theme engine exists once the renderer has started; it restores the saved theme without an event
		events.subscribe(UIEvents.UILifeCycle.APP_STARTUP_COMPLETE, event -> {
			IThemeEngine themes = application.getContext().get(IThemeEngine.class);
			if (themes != null) {
				NativeThemeVariant.apply(Display.getCurrent(), themes.getActiveTheme());
			}
		});
		events.subscribe(IThemeEngine.Events.THEME_CHANGED, event -> {
			if (event.getProperty(IThemeEngine.Events.THEME) instanceof ITheme theme) {
				NativeThemeVariant.apply(Display.getCurrent(), theme);
			}
		});
	}

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
