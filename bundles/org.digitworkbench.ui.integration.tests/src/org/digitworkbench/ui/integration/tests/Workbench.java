package org.digitworkbench.ui.integration.tests;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.internal.workbench.E4Workbench;
import org.eclipse.e4.ui.internal.workbench.swt.E4Application;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.osgi.framework.Bundle;

/**
 * The product's own e4 workbench — its application model, every view's fragment, the life cycle, the theme — started
 * in the test runtime on the test's thread, with a test body run inside its event loop. What the body sees is what a
 * user gets: parts made by the renderer, commands, handlers, key bindings and menus as the model defines them.
 * Nothing is saved: each run starts from the default layout.
 */
final class Workbench {

	/** A test's view of the running workbench. */
	interface Body {
		void run(Workbench workbench) throws Exception;
	}

	private final E4Workbench workbench;
	private final Display display;

	private Workbench(E4Workbench workbench, Display display) {
		this.workbench = workbench;
		this.display = display;
	}

	/** Starts the workbench, runs {@code body} inside its event loop, closes it and rethrows what the body threw. */
	static void run(Body body) throws Exception {
		Display display = Display.getDefault();
		E4Workbench e4 = new E4Application().createE4Workbench(new Arguments("-applicationXMI",
				"org.digitworkbench.app/Application.e4xmi", "-lifeCycleURI",
				"bundleclass://org.digitworkbench.app/org.digitworkbench.app.internal.LifeCycle", "-cssTheme",
				"org.digitworkbench.theme.light", "-persistState", "false", "-clearPersistedState"), display);
		Exception[] failure = new Exception[1];
		Error[] error = new Error[1];
		display.asyncExec(() -> {
			try {
				Workbench workbench = new Workbench(e4, display);
				// as a window manager would: the window has the keyboard, so its key bindings are active
				workbench.shell().forceActive();
				workbench.spinUntil(() -> display.getActiveShell() == workbench.shell(), Duration.ofSeconds(10),
						"the workbench window active");
				// as a window manager's configure would: without one the shell's children stay laid out for the client
				// area before the menu bar took its 25 px (the status line below the window's edge) until some later
				// relayout re-tiles and repaints every view in the middle of a test
				workbench.shell().layout(true, true);
				body.run(workbench);
			} catch (Exception e) {
				failure[0] = e;
			} catch (Error e) {
				error[0] = e;
			} finally {
				e4.close(); // the event loop ends once no window is left
			}
		});
		e4.createAndRunUI(e4.getApplication());
		if (error[0] != null) {
			throw error[0];
		}
		if (failure[0] != null) {
			throw failure[0];
		}
	}

	MApplication application() {
		return workbench.getApplication();
	}

	IEclipseContext context() {
		return workbench.getContext();
	}

	Display display() {
		return display;
	}

	MWindow window() {
		return application().getChildren().get(0);
	}

	Shell shell() {
		return (Shell) window().getWidget();
	}

	EModelService models() {
		return context().get(EModelService.class);
	}

	EPartService parts() {
		return window().getContext().get(EPartService.class);
	}

	/** The part with this id in the window, made (and shown) on demand. */
	MPart part(String id) {
		MPart part = parts().findPart(id);
		if (part == null) {
			throw new AssertionError("no part " + id);
		}
		return part;
	}

	/** Shows and activates the part with this id, and returns the composite it drew in once it is rendered. */
	Composite show(String id) {
		MPart part = parts().showPart(id, EPartService.PartState.ACTIVATE);
		spinUntil(() -> part.getObject() != null && part.getWidget() instanceof Composite, Duration.ofSeconds(30),
				id + " rendered");
		return (Composite) part.getWidget();
	}

	/** The first widget of {@code type} in {@code root}'s tree (depth first) that {@code test} accepts. */
	static <T extends Control> T find(Composite root, Class<T> type, java.util.function.Predicate<T> test) {
		for (Control child : root.getChildren()) {
			if (type.isInstance(child) && test.test(type.cast(child))) {
				return type.cast(child);
			}
			if (child instanceof Composite inner) {
				T found = find(inner, type, test);
				if (found != null) {
					return found;
				}
			}
		}
		return null;
	}

	/** Runs the event loop until {@code condition} holds; fails with {@code what} after {@code timeout}. */
	void spinUntil(BooleanSupplier condition, Duration timeout, String what) {
		long end = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > end) {
				throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for: " + what);
			}
			if (!display.readAndDispatch()) {
				sleep();
			}
		}
	}

	void spin(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < end) {
			if (!display.readAndDispatch()) {
				sleep();
			}
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(5);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", e);
		}
	}

	/** The command-line arguments and branding a product launch would hand the application. */
	private record Arguments(String... args) implements IApplicationContext {

		@Override
		public Map<?, ?> getArguments() {
			return Map.of(IApplicationContext.APPLICATION_ARGS, args);
		}

		@Override
		public void applicationRunning() {
		}

		@Override
		public String getBrandingApplication() {
			return "org.eclipse.e4.ui.workbench.swt.E4Application";
		}

		@Override
		public String getBrandingName() {
			return "Digit Workbench";
		}

		@Override
		public String getBrandingDescription() {
			return null;
		}

		@Override
		public String getBrandingId() {
			return "org.digitworkbench.app.product";
		}

		@Override
		public String getBrandingProperty(String key) {
			return null;
		}

		@Override
		public Bundle getBrandingBundle() {
			return null;
		}

		@Override
		public void setResult(Object result, org.eclipse.equinox.app.IApplication application) {
		}
	}

	static List<MPart> allParts(Workbench w) {
		return w.models().findElements(w.window(), null, MPart.class);
	}
}
