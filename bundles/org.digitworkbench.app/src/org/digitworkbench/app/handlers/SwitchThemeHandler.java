package org.digitworkbench.app.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.css.swt.theme.IThemeEngine;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.commands.MParameter;
import org.eclipse.e4.ui.model.application.ui.menu.MHandledMenuItem;
import org.eclipse.e4.ui.workbench.modeling.EModelService;

import jakarta.inject.Named;

/** Window › Theme › Light or Dark. */
public class SwitchThemeHandler {

	public static final String THEME_PARAMETER = "org.digitworkbench.app.commandparameter.theme";
	static final String SWITCH_THEME = "org.digitworkbench.app.command.switchTheme";

	@Execute
	public void execute(IThemeEngine themes, @Named(THEME_PARAMETER) String themeId) {
		themes.setTheme(themeId, true); // true: remembered for the next start
	}

	/** Window › Theme's radio items show {@code theme}, however it was set (this menu, Preferences, the start). */
	public static void checkThemeItems(MApplication application, EModelService models, String theme) {
		for (MHandledMenuItem item : models.findElements(application, null, MHandledMenuItem.class, null,
				EModelService.IN_MAIN_MENU)) {
			if (item.getCommand() != null && SWITCH_THEME.equals(item.getCommand().getElementId())) {
				item.setSelected(item.getParameters().stream().map(MParameter::getValue).anyMatch(theme::equals));
			}
		}
	}
}
