package org.digitworkbench.ui.integration.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.digitworkbench.ui.testing.ScreenPixels;
import org.eclipse.e4.ui.css.swt.theme.IThemeEngine;
import org.eclipse.e4.ui.model.application.ui.basic.MPartStack;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.junit.jupiter.api.Test;

/**
 * Window › Theme while the product runs: after a switch in either direction nothing keeps the other theme, on the
 * screen as well as in the widgets' colours.
 */
class ThemeSwitchTest {

	private static final String LIGHT = "org.digitworkbench.theme.light";
	private static final String DARK = "org.digitworkbench.theme.dark";
	private static final String EXPLORER = "org.digitworkbench.ui.explorer.part";
	private static final Duration WAIT = Duration.ofSeconds(20);

	@Test
	void aSwitchEitherWayLeavesNothingOfTheOtherTheme() throws Exception {
		Workbench.run(w -> {
			IThemeEngine themes = w.context().get(IThemeEngine.class);
			assertEquals(LIGHT, themes.getActiveTheme().getId(), "the workbench starts light");
			Composite explorer = w.show(EXPLORER);
			Table models = Workbench.find(explorer, Table.class, t -> true);
			models.deselectAll();
			models.notifyListeners(SWT.Selection, new Event());
			try {
				choose(w, "Dark");
				w.spinUntil(() -> DARK.equals(themes.getActiveTheme().getId()), WAIT, "the dark theme");
				w.spin(Duration.ofMillis(500));
				looksLike(w, true);

				choose(w, "Light");
				w.spinUntil(() -> LIGHT.equals(themes.getActiveTheme().getId()), WAIT, "the light theme");
				w.spin(Duration.ofMillis(500));
				looksLike(w, false);
			} finally {
				themes.setTheme(LIGHT, true); // what the next start finds
			}
		});
	}

	/** The window as the {@code dark} (or light) theme draws it. */
	private static void looksLike(Workbench w, boolean dark) {
		String theme = dark ? "dark" : "light";
		Menu menu = themeMenu(w);
		for (MenuItem item : menu.getItems()) {
			assertEquals(item.getText().replace("&", "").equals(dark ? "Dark" : "Light"), item.getSelection(),
					"Window › Theme › " + item.getText() + " after the switch to " + theme);
		}

		// every part stack's own bars (SWT's minimise/maximise), which the CSS engine does not reach
		List<String> bars = new ArrayList<>();
		for (MPartStack stack : w.models().findElements(w.window(), null, MPartStack.class)) {
			if (!(stack.getWidget() instanceof CTabFolder folder) || !folder.isVisible()) {
				continue;
			}
			RGB background = folder.getBackground().getRGB();
			assertEquals(dark, ScreenPixels.luminance(background) < 0.5,
					stack.getElementId() + "'s background " + background + " in the " + theme + " theme");
			for (Control child : folder.getChildren()) {
				if (child instanceof ToolBar bar && bar.isVisible() && bar != folder.getTopRight()
						&& bar.getSize().x > 0) {
					RGB drawn = ScreenPixels.mostCommon(ScreenPixels.capture(bar));
					assertEquals(background, drawn, "the bar at the top right of " + stack.getElementId()
							+ " as drawn, after the switch to " + theme);
					bars.add(stack.getElementId());
				}
			}
		}
		assertTrue(bars.size() >= 4, "a bar for each of the four stacks: " + bars);

		// a disabled tool item still reads as disabled (a CSS colour set once it is shown colours every state)
		ToolBar toolbar = (ToolBar) w.part(EXPLORER).getToolbar().getWidget();
		ToolItem rename = item(toolbar, "Rename");
		ToolItem importZip = item(toolbar, "Import Zip");
		w.spinUntil(() -> !rename.isEnabled() && importZip.isEnabled(), WAIT, "Rename disabled, Import Zip enabled");
		double disabled = contrast(toolbar, rename);
		double enabled = contrast(toolbar, importZip);
		assertTrue(enabled - disabled >= 0.15, String.format(
				"in the %s theme the disabled Rename must look unlike the enabled Import Zip: text against background"
						+ " %.2f and %.2f", theme, disabled, enabled));
	}

	private static double contrast(ToolBar toolbar, ToolItem item) {
		Rectangle bounds = item.getBounds();
		return ScreenPixels.textContrast(toolbar,
				new Rectangle(bounds.x + 2, bounds.y + bounds.height / 4, bounds.width - 4, bounds.height / 2));
	}

	private static ToolItem item(ToolBar toolbar, String label) {
		return Arrays.stream(toolbar.getItems()).filter(i -> i.getText().startsWith(label)).findFirst()
				.orElseThrow(() -> new AssertionError("no tool item " + label));
	}

	/** Window › Theme › {@code label}, as a click on the radio item delivers it. */
	private static void choose(Workbench w, String label) {
		Menu menu = themeMenu(w);
		MenuItem chosen = null;
		for (MenuItem item : menu.getItems()) {
			boolean it = item.getText().replace("&", "").equals(label);
			item.setSelection(it);
			if (it) {
				chosen = item;
			}
		}
		if (chosen == null) {
			throw new AssertionError("no Window › Theme › " + label);
		}
		chosen.notifyListeners(SWT.Selection, new Event());
	}

	/** Window › Theme, filled as when it opens. */
	private static Menu themeMenu(Workbench w) {
		Menu theme = WorkbenchTest.submenu(WorkbenchTest.submenu(w.shell().getMenuBar(), "Window"), "Theme");
		theme.notifyListeners(SWT.Show, new Event());
		return theme;
	}
}
