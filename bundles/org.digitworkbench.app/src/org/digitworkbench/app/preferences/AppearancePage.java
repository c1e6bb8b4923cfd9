package org.digitworkbench.app.preferences;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.e4.ui.css.swt.theme.ITheme;
import org.eclipse.e4.ui.css.swt.theme.IThemeEngine;
import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;

/**
 * Window › Preferences › Appearance: the theme, applied at once through the CSS theme engine, which remembers it for
 * the next start (as Window › Theme does).
 */
final class AppearancePage extends PreferencePage {

	private final IThemeEngine themes;
	private final String defaultTheme;
	private final Consumer<String> applied;
	private final List<Button> choices = new ArrayList<>();

	/**
	 * @param themes       the theme engine, or null where none runs
	 * @param defaultTheme the product's theme (Restore Defaults)
	 * @param applied      told of the theme set, e.g. to check its item in Window › Theme
	 */
	AppearancePage(IThemeEngine themes, String defaultTheme, Consumer<String> applied) {
		super("Appearance");
		this.themes = themes;
		this.defaultTheme = defaultTheme;
		this.applied = applied;
		setDescription("The theme applies at once and is kept for the next start.");
	}

	@Override
	protected Control createContents(Composite parent) {
		Composite area = new Composite(parent, SWT.NONE);
		area.setLayout(new GridLayout());
		if (themes == null) {
			new Label(area, SWT.WRAP).setText("No theme engine is running, so the theme cannot be chosen here.");
			return area;
		}
		Group group = new Group(area, SWT.NONE);
		group.setText("Theme");
		group.setLayout(new GridLayout());
		group.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		String active = themes.getActiveTheme() == null ? defaultTheme : themes.getActiveTheme().getId();
		for (ITheme theme : themes.getThemes()) {
			Button choice = new Button(group, SWT.RADIO);
			choice.setText(theme.getLabel());
			choice.setData(theme.getId());
			choice.setSelection(theme.getId().equals(active));
			choices.add(choice);
		}
		return area;
	}

	/** The theme chosen on the page, or null. */
	String chosen() {
		return choices.stream().filter(Button::getSelection).map(b -> (String) b.getData()).findFirst().orElse(null);
	}

	/** Chooses {@code themeId} on the page (as a click on its radio button does). */
	void choose(String themeId) {
		for (Button choice : choices) {
			choice.setSelection(choice.getData().equals(themeId));
		}
	}

	@Override
	protected void performDefaults() {
		choose(defaultTheme);
		super.performDefaults();
	}

	@Override
	public boolean performOk() {
		String chosen = chosen();
		if (themes != null && chosen != null
				&& (themes.getActiveTheme() == null || !chosen.equals(themes.getActiveTheme().getId()))) {
			themes.setTheme(chosen, true); // true: remembered for the next start
			applied.accept(chosen);
		}
		return true;
	}
}
