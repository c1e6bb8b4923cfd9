package org.digitworkbench.app.preferences;

import java.util.function.Consumer;

import org.digitworkbench.app.WorkbenchPreferences;
import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.engine.EngineService;
import org.digitworkbench.engine.EngineSettings;
import org.digitworkbench.model.ModelArchitecture;
import org.eclipse.e4.ui.css.swt.theme.IThemeEngine;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.jface.preference.PreferenceManager;
import org.eclipse.jface.preference.PreferenceNode;
import org.eclipse.swt.widgets.Shell;

/**
 * Window › Preferences: JFace's preference dialog with one page per concern (Appearance, Canvas, Data, Engine,
 * Training), over the instance-scope preferences that the views and the engine read.
 */
public final class PreferencesDialog {

	public static final String APPEARANCE = "org.digitworkbench.app.preferences.appearance";
	public static final String CANVAS = "org.digitworkbench.app.preferences.canvas";
	public static final String DATA = "org.digitworkbench.app.preferences.data";
	public static final String ENGINE = "org.digitworkbench.app.preferences.engine";
	public static final String TRAINING = "org.digitworkbench.app.preferences.training";

	/** The pen width a canvas starts with when nothing is set (the canvas's own default is the same). */
	public static final int DEFAULT_PEN_WIDTH = 18;

	/**
	 * What the pages work with.
	 *
	 * @param themes       the CSS theme engine, or null
	 * @param defaultTheme the product's theme, for Restore Defaults
	 * @param themeApplied told of a theme the Appearance page set
	 * @param engine       the engine service, or null
	 * @param mnist        the MNIST dataset, or null
	 * @param failures     told (on a job's thread) of a dataset folder that was refused after OK
	 */
	public record Services(IThemeEngine themes, String defaultTheme, Consumer<String> themeApplied, EngineService engine,
			DatasetProvider mnist, Consumer<String> failures) {
	}

	private PreferencesDialog() {
	}

	/** The store of the workbench's settings with their defaults. */
	public static InstancePreferenceStore workbenchStore() {
		InstancePreferenceStore store = new InstancePreferenceStore(WorkbenchPreferences.NODE);
		store.setDefault(WorkbenchPreferences.PEN_WIDTH, DEFAULT_PEN_WIDTH);
		store.setDefault(WorkbenchPreferences.RECIPE, ModelArchitecture.RECOMMENDED);
		return store;
	}

	/** The store of the engine's settings with their defaults. */
	public static InstancePreferenceStore engineStore() {
		InstancePreferenceStore store = new InstancePreferenceStore(EngineSettings.NODE);
		store.setDefault(EngineSettings.THREADS, 0);
		store.setDefault(EngineSettings.DEVICE, EngineSettings.DEVICE_AUTOMATIC);
		return store;
	}

	/** The dialog, not yet open. */
	public static PreferenceDialog create(Shell parent, Services services) {
		InstancePreferenceStore workbench = workbenchStore();
		InstancePreferenceStore engine = engineStore();
		PreferenceManager pages = new PreferenceManager();
		pages.addToRoot(new PreferenceNode(APPEARANCE,
				new AppearancePage(services.themes(), services.defaultTheme(), services.themeApplied())));
		pages.addToRoot(new PreferenceNode(CANVAS, new CanvasPage(workbench)));
		pages.addToRoot(new PreferenceNode(DATA, new DataPage(services.mnist(), services.failures())));
		pages.addToRoot(new PreferenceNode(ENGINE, new EnginePage(engine, services.engine())));
		pages.addToRoot(new PreferenceNode(TRAINING,
				new TrainingPage(workbench, engine, Runtime.getRuntime().availableProcessors())));
		PreferenceDialog dialog = new PreferenceDialog(parent, pages);
		dialog.setHelpAvailable(false);
		dialog.setMinimumPageSize(460, 450); // the largest page's size (Data's): the dialog does not grow page by page
		return dialog;
	}
}
