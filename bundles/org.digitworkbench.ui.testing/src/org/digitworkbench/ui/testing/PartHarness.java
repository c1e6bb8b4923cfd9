package org.digitworkbench.ui.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.EclipseContextFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.e4.ui.workbench.modeling.ESelectionService;
import org.eclipse.e4.ui.workbench.modeling.ISelectionListener;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Hosts one view part the way the e4 workbench does — a POJO made by dependency injection into a context that
 * offers the OSGi services, an {@link IEventBroker} and a {@link UISynchronize}, with a {@link Composite} to draw
 * in — in a shell of its own on the test's thread. Tycho's UI harness needs the 3.x workbench ({@code org.eclipse.ui}),
 * which this pure e4 product does not ship, so the tests drive SWT directly (under Xvfb).
 *
 * <pre>
 * try (PartHarness&lt;CanvasPart&gt; h = PartHarness.open(CanvasPart.class)) { h.spinUntil(...); }
 * </pre>
 */
public final class PartHarness<T> implements AutoCloseable {

	private final Display display;
	private final Shell shell;
	private final IEclipseContext context;
	private final T part;

	/**
	 * Like the workbench's application context: lives as long as the test runtime, offers the OSGi services and a
	 * {@link UISynchronize} for the test thread's display, and is DI's default context (as {@code E4Application}
	 * makes its own). DI injects its extended suppliers from the default context once, when first used; without it
	 * {@code @UIEventTopic} has no {@code UISynchronize} and drops every event.
	 */
	private static IEclipseContext application;

	private static synchronized IEclipseContext application(Display display) {
		if (application == null) {
			BundleContext bundles = FrameworkUtil.getBundle(PartHarness.class).getBundleContext();
			application = EclipseContextFactory.getServiceContext(bundles).createChild("test application");
			application.set(UISynchronize.class, new UISynchronize() {
				@Override
				public void syncExec(Runnable runnable) {
					display.syncExec(runnable);
				}

				@Override
				public void asyncExec(Runnable runnable) {
					display.asyncExec(runnable);
				}

				@Override
				protected boolean isUIThread(Thread thread) {
					return display.getThread() == thread;
				}

				@Override
				protected void showBusyWhile(Runnable runnable) {
					runnable.run();
				}

				@Override
				protected boolean dispatchEvents() {
					return display.readAndDispatch();
				}
			});
			ContextInjectionFactory.setDefault(application);
		}
		return application;
	}

	private PartHarness(Class<T> partClass, int width, int height) {
		display = Display.getDefault();
		context = application(display).createChild("test part " + partClass.getSimpleName());
		shell = new Shell(display);
		shell.setText(partClass.getSimpleName());
		shell.setLayout(new FillLayout());
		shell.setSize(width, height);
		shell.setLocation(0, 0);
		Composite parent = new Composite(shell, SWT.NONE);
		context.set(Composite.class, parent);
		context.set(IServiceConstants.ACTIVE_SHELL, shell);
		context.set(ESelectionService.class, new Selection(context));
		part = ContextInjectionFactory.make(partClass, context);
		shell.layout(true, true);
		shell.open();
		spin(Duration.ofMillis(200));
	}

	/** Makes {@code partClass} in a new 1200×800 shell and opens it. */
	public static <T> PartHarness<T> open(Class<T> partClass) {
		return new PartHarness<>(partClass, 1200, 800);
	}

	public static <T> PartHarness<T> open(Class<T> partClass, int width, int height) {
		return new PartHarness<>(partClass, width, height);
	}

	public T part() {
		return part;
	}

	public Shell shell() {
		return shell;
	}

	public Display display() {
		return display;
	}

	public IEclipseContext context() {
		return context;
	}

	public IEventBroker events() {
		return context.get(IEventBroker.class);
	}

	/**
	 * Runs a command's handler as the workbench runs the handler of the active part: made and invoked in this part's
	 * context (where the part put what its handlers use, and its selection is), if its {@code @CanExecute} agrees.
	 *
	 * @return whether the handler ran
	 */
	public boolean execute(Class<?> handlerClass) {
		Object handler = ContextInjectionFactory.make(handlerClass, context);
		Object enabled = ContextInjectionFactory.invoke(handler, CanExecute.class, context, Boolean.TRUE);
		if (!Boolean.TRUE.equals(enabled)) {
			return false;
		}
		ContextInjectionFactory.invoke(handler, Execute.class, context);
		spin(Duration.ofMillis(50));
		return true;
	}

	/**
	 * The workbench's selection service as a part sees it: what the part selects becomes the context's active
	 * selection, where handlers look for it. (The workbench's own service also tells other parts' listeners.)
	 */
	private record Selection(IEclipseContext context) implements ESelectionService {

		@Override
		public void setSelection(Object selection) {
			context.set(IServiceConstants.ACTIVE_SELECTION, selection);
		}

		@Override
		public void setPostSelection(Object selection) {
			setSelection(selection);
		}

		@Override
		public Object getSelection() {
			return context.get(IServiceConstants.ACTIVE_SELECTION);
		}

		@Override
		public Object getSelection(String partId) {
			return getSelection();
		}

		@Override
		public void addSelectionListener(ISelectionListener listener) {
		}

		@Override
		public void removeSelectionListener(ISelectionListener listener) {
		}

		@Override
		public void addSelectionListener(String partId, ISelectionListener listener) {
		}

		@Override
		public void removeSelectionListener(String partId, ISelectionListener listener) {
		}

		@Override
		public void addPostSelectionListener(ISelectionListener listener) {
		}

		@Override
		public void removePostSelectionListener(ISelectionListener listener) {
		}

		@Override
		public void addPostSelectionListener(String partId, ISelectionListener listener) {
		}

		@Override
		public void removePostSelectionListener(String partId, ISelectionListener listener) {
		}
	}

	/** Runs the event loop for {@code duration}. */
	public void spin(Duration duration) {
		long end = System.nanoTime() + duration.toNanos();
		while (System.nanoTime() < end) {
			if (!display.readAndDispatch()) {
				sleepBriefly();
			}
		}
	}

	/** Runs the event loop until {@code condition} holds; fails with {@code what} after {@code timeout}. */
	public void spinUntil(BooleanSupplier condition, Duration timeout, String what) {
		long end = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > end) {
				throw new AssertionError("Timed out after " + timeout.toSeconds() + " s waiting for: " + what);
			}
			if (!display.readAndDispatch()) {
				sleepBriefly();
			}
		}
	}

	private void sleepBriefly() {
		try {
			Thread.sleep(5);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", e);
		}
	}

	/**
	 * Posts a real mouse stroke (press, moves, release) through the window system onto {@code control}, at
	 * {@code points} given as x, y pairs in the control's coordinates, and lets SWT deliver it.
	 */
	public void postStroke(Control control, int... points) {
		control.setFocus();
		Point first = control.toDisplay(points[0], points[1]);
		post(mouse(SWT.MouseMove, first.x, first.y, 0));
		post(mouse(SWT.MouseDown, first.x, first.y, 1));
		for (int i = 2; i + 1 < points.length; i += 2) {
			Point p = control.toDisplay(points[i], points[i + 1]);
			post(mouse(SWT.MouseMove, p.x, p.y, 0));
		}
		Point last = control.toDisplay(points[points.length - 2], points[points.length - 1]);
		post(mouse(SWT.MouseUp, last.x, last.y, 1));
		spin(Duration.ofMillis(100));
	}

	/**
	 * Sends a mouse stroke (press, moves with the button held, release) to {@code control}'s listeners at
	 * {@code points} (x, y pairs in the control's coordinates), as SWT delivers them. Under Xvfb, presses posted
	 * through the window system ({@link #postStroke}) arrived at the control's origin, so drawings use this.
	 */
	public void drawStroke(Control control, int... points) {
		control.notifyListeners(SWT.MouseDown, mouseAt(points[0], points[1], 1, 0));
		for (int i = 2; i + 1 < points.length; i += 2) {
			control.notifyListeners(SWT.MouseMove, mouseAt(points[i], points[i + 1], 0, SWT.BUTTON1));
			while (display.readAndDispatch()) {
				// repaint as a user would see it
			}
		}
		control.notifyListeners(SWT.MouseUp, mouseAt(points[points.length - 2], points[points.length - 1], 1, 0));
		while (display.readAndDispatch()) {
			// deliver the repaints
		}
	}

	private static Event mouseAt(int x, int y, int button, int stateMask) {
		Event event = new Event();
		event.x = x;
		event.y = y;
		event.button = button;
		event.stateMask = stateMask;
		return event;
	}

	/** The texts of the labels and buttons in {@code control}'s widget tree, in tree order. */
	public static List<String> texts(Control control) {
		List<String> texts = new ArrayList<>();
		if (control instanceof Label label) {
			texts.add(label.getText());
		} else if (control instanceof Button button) {
			texts.add(button.getText());
		}
		if (control instanceof Composite composite) {
			for (Control child : composite.getChildren()) {
				texts.addAll(texts(child));
			}
		}
		return texts;
	}

	/** The rows of the tables in {@code control}'s widget tree, each row's cells followed by a tab. */
	public static List<String> tableRows(Control control) {
		List<String> rows = new ArrayList<>();
		if (control instanceof Table table) {
			for (TableItem item : table.getItems()) {
				StringBuilder row = new StringBuilder();
				for (int c = 0; c < Math.max(1, table.getColumnCount()); c++) {
					row.append(item.getText(c)).append('\t');
				}
				rows.add(row.toString());
			}
		} else if (control instanceof Composite composite) {
			for (Control child : composite.getChildren()) {
				rows.addAll(tableRows(child));
			}
		}
		return rows;
	}

	/**
	 * Moves the pointer, through the window system, to (x, y) in {@code control}'s coordinates (see
	 * {@link Input#movePointer}).
	 */
	public void movePointer(Control control, int x, int y) {
		Input.movePointer(control, x, y);
	}

	/** Posts a key press and release (e.g. {@code SWT.ESC}, or {@code 'z'} with {@code SWT.CTRL}). */
	public void postKey(int modifierKeyCode, int keyCode) {
		Input.postKey(display, modifierKeyCode, keyCode);
	}

	private void post(Event event) {
		Input.post(display, event);
	}

	private static Event mouse(int type, int x, int y, int button) {
		Event event = new Event();
		event.type = type;
		event.x = x;
		event.y = y;
		event.button = button;
		return event;
	}

	/** Waits up to 30 s for an OSGi service (e.g. the model store). */
	public static <S> S service(Class<S> type) {
		return service(type, null);
	}

	/**
	 * Waits up to 30 s for an OSGi service of {@code type} whose properties match {@code filter} (LDAP syntax, e.g.
	 * {@code (dataset.id=mnist)} or {@code (component.name=…)}); {@code null} takes any.
	 */
	public static <S> S service(Class<S> type, String filter) {
		BundleContext bundles = FrameworkUtil.getBundle(PartHarness.class).getBundleContext();
		ServiceTracker<S, S> tracker;
		try {
			tracker = filter == null ? new ServiceTracker<>(bundles, type, null)
					: new ServiceTracker<>(bundles, bundles.createFilter("(&(objectClass=" + type.getName() + ")" + filter + ")"), null);
		} catch (org.osgi.framework.InvalidSyntaxException e) {
			throw new IllegalArgumentException(filter, e);
		}
		tracker.open();
		try {
			S service = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
			if (service == null) {
				throw new AssertionError(type.getSimpleName() + (filter == null ? "" : " " + filter) + " is not registered");
			}
			return service;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError("interrupted", e);
		}
	}

	@Override
	public void close() {
		ContextInjectionFactory.uninject(part, context);
		context.dispose();
		if (!shell.isDisposed()) {
			shell.dispose();
		}
		spin(Duration.ofMillis(50));
	}
}
