package org.digitworkbench.app.preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import org.digitworkbench.app.WorkbenchPreferences;
import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.engine.DataDirectory;
import org.digitworkbench.engine.EngineService;
import org.digitworkbench.engine.EngineSettings;
import org.digitworkbench.ui.testing.Input;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.e4.ui.css.swt.theme.IThemeEngine;
import org.eclipse.e4.ui.css.swt.theme.IThemeManager;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.preference.PreferenceDialog;
import org.eclipse.jface.preference.PreferencePage;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.eclipse.swt.widgets.Tree;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

/**
 * Window › Preferences on real widgets (under Xvfb), over the real engine, MNIST dataset and theme engine: its pages,
 * what Apply and OK write, what is refused and how it says so.
 */
class PreferencesDialogTest {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private Display display;
	private Shell parent;
	private PreferenceDialog dialog;
	private final List<String> failures = new CopyOnWriteArrayList<>();
	private final List<String> themesApplied = new ArrayList<>();

	@BeforeEach
	void window() {
		display = Display.getDefault();
		parent = new Shell(display);
		parent.setSize(1024, 700);
		parent.open();
	}

	@AfterEach
	void close() throws Exception {
		if (dialog != null && dialog.getShell() != null && !dialog.getShell().isDisposed()) {
			dialog.close();
		}
		parent.dispose();
		for (String node : List.of(WorkbenchPreferences.NODE, EngineSettings.NODE)) {
			IEclipsePreferences preferences = InstanceScope.INSTANCE.getNode(node);
			preferences.clear();
			preferences.flush();
		}
		DataDirectory.choose(null);
	}

	private static <T> T service(Class<T> type, String filter) throws Exception {
		BundleContext bundles = FrameworkUtil.getBundle(PreferencesDialogTest.class).getBundleContext();
		var references = bundles.getServiceReferences(type, filter);
		assertFalse(references.isEmpty(), type.getSimpleName() + " " + filter + " registered");
		return bundles.getService(references.iterator().next());
	}

	private IThemeEngine themeEngine() {
		BundleContext bundles = FrameworkUtil.getBundle(PreferencesDialogTest.class).getBundleContext();
		ServiceReference<IThemeManager> reference = bundles.getServiceReference(IThemeManager.class);
		return reference == null ? null : bundles.getService(reference).getEngineForDisplay(display);
	}

	private PreferencesDialog.Services services(IThemeEngine themes) throws Exception {
		return new PreferencesDialog.Services(themes, "org.digitworkbench.theme.light", themesApplied::add,
				service(EngineService.class, null), service(DatasetProvider.class, "(dataset.id=mnist)"),
				failures::add);
	}

	/** Opens the dialog on page {@code pageId} without blocking the test. */
	private PreferencePage open(String pageId, IThemeEngine themes) throws Exception {
		dialog = PreferencesDialog.create(parent, services(themes));
		dialog.setSelectedNode(pageId);
		dialog.setBlockOnOpen(false);
		dialog.open();
		spinUntil(() -> dialog.getSelectedPage() instanceof PreferencePage p && p.getControl() != null
				&& p.getControl().isVisible(), "the page " + pageId + " shown");
		return (PreferencePage) dialog.getSelectedPage();
	}

	private PreferencePage open(String pageId) throws Exception {
		return open(pageId, null);
	}

	@Test
	void theDialogListsItsPagesAndShowsTheOneClicked() throws Exception {
		open(PreferencesDialog.APPEARANCE);
		Tree tree = find(dialog.getShell(), Tree.class, t -> true);
		List<String> pages = Arrays.stream(tree.getItems()).map(TreeItem::getText).toList();
		assertEquals(List.of("Appearance", "Canvas", "Data", "Engine", "Training"), pages);
		TreeItem training = tree.getItem(4);
		tree.setSelection(training);
		Event click = new Event();
		click.item = training;
		tree.notifyListeners(SWT.Selection, click);
		spinUntil(() -> dialog.getSelectedPage() instanceof TrainingPage, "the Training page after its click");
		assertNotNull(find(((PreferencePage) dialog.getSelectedPage()).getControl(), Combo.class, c -> true));
	}

	@Test
	void thePenWidthIsCheckedKeptAndRestored() throws Exception {
		PreferencePage page = open(PreferencesDialog.CANVAS);
		Text width = find(page.getControl(), Text.class, t -> true);
		assertEquals("18", width.getText());
		type(width, "3");
		spinUntil(() -> !page.isValid(), "3 px refused");
		assertEquals("The pen width is a whole number of pixels from 4 to 40.", page.getErrorMessage());
		assertFalse(button(IDialogConstants.OK_ID).isEnabled(), "OK waits for a valid value");
		type(width, "24");
		spinUntil(page::isValid, "24 px accepted");
		assertNull(page.getErrorMessage());
		press(button(IDialogConstants.OK_ID));
		spinUntil(() -> dialog.getShell() == null, "the dialog closed");
		assertEquals("24", InstanceScope.INSTANCE.getNode(WorkbenchPreferences.NODE).get(WorkbenchPreferences.PEN_WIDTH, null));

		PreferencePage again = open(PreferencesDialog.CANVAS);
		Text reopened = find(again.getControl(), Text.class, t -> true);
		assertEquals("24", reopened.getText());
		press(find(again.getControl(), Button.class, b -> b.getText().contains("Defaults")));
		assertEquals("18", reopened.getText());
		press(find(again.getControl(), Button.class, b -> b.getText().replace("&", "").equals("Apply")));
		assertNull(InstanceScope.INSTANCE.getNode(WorkbenchPreferences.NODE).get(WorkbenchPreferences.PEN_WIDTH, null),
				"the default is not written down");
	}

	@Test
	void threadsAreCheckedAgainstTheCoresAndTheRecipeIsKept() throws Exception {
		int cores = Runtime.getRuntime().availableProcessors();
		PreferencePage page = open(PreferencesDialog.TRAINING);
		Text threads = find(page.getControl(), Text.class, t -> true);
		assertEquals("0", threads.getText());
		type(threads, Integer.toString(cores + 1));
		spinUntil(() -> !page.isValid(), "more threads than cores refused");
		assertTrue(page.getErrorMessage().equals("Threads: a whole number from 0 to " + cores + " (0: one per core)."), page.getErrorMessage());
		type(threads, "-1");
		spinUntil(() -> !page.isValid(), "-1 refused");
		type(threads, "1");
		spinUntil(page::isValid, "one thread accepted");
		Combo recipe = find(page.getControl(), Combo.class, c -> true);
		assertEquals(List.of("Recommended", "Quick"), List.of(recipe.getItems()));
		recipe.select(1);
		recipe.notifyListeners(SWT.Selection, new Event());
		press(find(page.getControl(), Button.class, b -> b.getText().replace("&", "").equals("Apply")));
		assertEquals("quick", InstanceScope.INSTANCE.getNode(WorkbenchPreferences.NODE).get(WorkbenchPreferences.RECIPE, null));
		assertEquals("1", InstanceScope.INSTANCE.getNode(EngineSettings.NODE).get(EngineSettings.THREADS, null),
				"the threads go to the engine's node, which the engine reads before it loads");
	}

	@Test
	void theEnginePageOffersWhatTheEngineHasAndSaysWhyTheCpu() throws Exception {
		EngineService engine = service(EngineService.class, null);
		var info = engine.awaitReady();
		PreferencePage page = open(PreferencesDialog.ENGINE);
		Combo device = find(page.getControl(), Combo.class, c -> true);
		List<String> devices = List.of(device.getItems());
		assertEquals(2 + info.gpuCount(), devices.size(), devices.toString());
		assertEquals("CPU", devices.get(1));
		assertTrue(devices.get(0).startsWith("Automatic"), devices.toString());
		Label now = find(page.getControl(), Label.class, l -> l.getText().startsWith("Now:"));
		assertTrue(now.getText().contains(info.summary()) && now.getText().contains(info.deviceNote()), now.getText());
		assertTrue(page.getDescription().contains("after a restart"), page.getDescription());
		device.select(1);
		device.notifyListeners(SWT.Selection, new Event());
		press(button(IDialogConstants.OK_ID));
		spinUntil(() -> dialog.getShell() == null, "the dialog closed");
		assertEquals("cpu", InstanceScope.INSTANCE.getNode(EngineSettings.NODE).get(EngineSettings.DEVICE, null));
	}

	@Test
	void aDataFolderIsCheckedAndKeptForTheNextStart() throws Exception {
		PreferencePage page = open(PreferencesDialog.DATA);
		Label now = find(page.getControl(), Label.class, l -> l.getText().startsWith(DataDirectory.root().toString()));
		assertTrue(now.getText().contains("from the -Ddigitworkbench.data option"), now.getText());
		assertNotNull(find(page.getControl(), Label.class, l -> l.getText().startsWith("Applies after restart")));
		Text folder = find(page.getControl(), Text.class, t -> true); // the data folder's comes first
		type(folder, "relative/models");
		spinUntil(() -> !page.isValid(), "a relative path refused");
		assertTrue(page.getErrorMessage().contains("absolute path"), page.getErrorMessage());
		Path missing = Files.createTempDirectory("dw-prefs").resolve("missing");
		type(folder, missing.toString());
		spinUntil(() -> page.getErrorMessage() != null && page.getErrorMessage().contains("does not exist"),
				"a missing folder refused");
		Path chosen = Files.createDirectories(missing);
		type(folder, chosen.toString());
		spinUntil(page::isValid, "an existing, writable folder accepted");
		press(button(IDialogConstants.OK_ID));
		spinUntil(() -> dialog.getShell() == null, "the dialog closed");
		assertEquals(Optional.of(chosen), DataDirectory.chosen());
		Files.delete(chosen);
		Files.delete(chosen.getParent());
	}

	@Test
	void aFolderWithoutMnistIsRefusedAfterOkAndSaysWhy() throws Exception {
		DatasetProvider mnist = service(DatasetProvider.class, "(dataset.id=mnist)");
		Path before = mnist.location();
		PreferencePage page = open(PreferencesDialog.DATA);
		List<Text> folders = all(page.getControl(), Text.class);
		Path empty = Files.createTempDirectory("dw-not-mnist");
		type(folders.get(1), empty.toString());
		spinUntil(page::isValid, "an existing folder passes the page's check");
		press(button(IDialogConstants.OK_ID));
		spinUntil(() -> !failures.isEmpty(), "the dataset's refusal reported");
		assertTrue(failures.get(0).startsWith("MNIST's folder is unchanged: " + empty + " does not hold MNIST"),
				failures.get(0));
		assertEquals(before, mnist.location());
		Files.delete(empty);
	}

	@Test
	void theThemeAppliesAtOnce() throws Exception {
		IThemeEngine themes = themeEngine();
		assertNotNull(themes, "the CSS theme engine runs in the test runtime");
		themes.setTheme("org.digitworkbench.theme.light", false);
		try {
			AppearancePage page = (AppearancePage) open(PreferencesDialog.APPEARANCE, themes);
			assertEquals("org.digitworkbench.theme.light", page.chosen());
			Button dark = find(page.getControl(), Button.class, b -> b.getText().equals("Dark"));
			dark.setSelection(true);
			find(page.getControl(), Button.class, b -> b.getText().equals("Light")).setSelection(false);
			press(find(page.getControl(), Button.class, b -> b.getText().replace("&", "").equals("Apply")));
			spinUntil(() -> "org.digitworkbench.theme.dark".equals(themes.getActiveTheme().getId()), "dark applied");
			assertEquals(List.of("org.digitworkbench.theme.dark"), themesApplied);
			press(find(page.getControl(), Button.class, b -> b.getText().contains("Defaults")));
			assertEquals("org.digitworkbench.theme.light", page.chosen());
		} finally {
			themes.setTheme("org.digitworkbench.theme.light", false);
		}
	}

	// ---- driving the widgets

	/**
	 * Puts {@code value} into {@code text}, its last character typed through the window system (field editors check
	 * a value when a key is released).
	 */
	private void type(Text text, String value) {
		text.setText(value.substring(0, value.length() - 1));
		Input.movePointer(text, 5, 5); // without a window manager the keyboard goes to the window under the pointer
		text.setFocus();
		text.setSelection(text.getCharCount());
		Input.postKey(display, 0, value.charAt(value.length() - 1));
		spinUntil(() -> text.getText().equals(value), "'" + value + "' typed");
	}

	private void press(Button button) {
		assertTrue(button.isEnabled(), button.getText() + " enabled");
		button.notifyListeners(SWT.Selection, new Event());
		display.readAndDispatch();
	}

	private Button button(int id) {
		return find(dialog.getShell(), Button.class, b -> Integer.valueOf(id).equals(b.getData()));
	}

	private void spinUntil(BooleanSupplier condition, String what) {
		long end = System.nanoTime() + WAIT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > end) {
				throw new AssertionError("Timed out after " + WAIT.toSeconds() + " s waiting for: " + what);
			}
			if (!display.readAndDispatch()) {
				try {
					Thread.sleep(5);
				} catch (InterruptedException e) {
					Thread.currentThread().interrupt();
					throw new AssertionError("interrupted", e);
				}
			}
		}
	}

	private static <T extends Control> T find(Control root, Class<T> type, Predicate<T> wanted) {
		return all(root, type).stream().filter(wanted).findFirst()
				.orElseThrow(() -> new AssertionError("no such " + type.getSimpleName() + " in " + root));
	}

	private static <T extends Control> List<T> all(Control root, Class<T> type) {
		List<T> found = new ArrayList<>();
		collect(root, type, found);
		return found;
	}

	private static <T extends Control> void collect(Control control, Class<T> type, List<T> found) {
		if (type.isInstance(control)) {
			found.add(type.cast(control));
		}
		if (control instanceof Composite composite) {
			for (Control child : composite.getChildren()) {
				collect(child, type, found);
			}
		}
	}
}
