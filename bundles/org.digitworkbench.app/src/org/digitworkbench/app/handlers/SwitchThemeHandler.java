package org.digitworkbench.app.handlers;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.css.swt.theme.IThemeEngine;

import jakarta.inject.Named;

public class SwitchThemeHandler {

	public static final String THEME_PARAMETER = "org.digitworkbench.app.commandparameter.theme";

	@Execute
	public void execute(IThemeEngine themes, @Named(THEME_PARAMETER) String themeId) {
		themes.setTheme(themeId, true); // true: remembered for the next start
	}
}
