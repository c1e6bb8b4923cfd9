package org.digitworkbench.ui.explorer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreEvents;
import org.digitworkbench.model.ModelStoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.action.Action;
import org.eclipse.jface.action.IAction;
import org.eclipse.jface.action.MenuManager;
import org.eclipse.jface.action.Separator;
import org.eclipse.jface.action.ToolBarManager;
import org.eclipse.jface.dialogs.IInputValidator;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerComparator;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.ToolBar;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.event.Event;
import org.osgi.util.tracker.ServiceTracker;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Model Explorer: the saved models in a sortable table (the active one marked ●, in bold), the selected model's
 * details below it (two selected: side by side), and the store's operations — activate, rename, delete, import a
 * PyTorch {@code .pth}, export and import a zip — as toolbar buttons, a context menu and keys (Enter or double-click
 * activates, F2 renames, Delete deletes, F5 refreshes). Every store operation and every model load runs in a job;
 * a failure is a dialog that gives the store's reason.
 */
public class ExplorerPart {

	static final String EMPTY = "No saved models yet: train one in the Training Console or import a .pth";
	static final String ACTIVE_MARK = "\u25CF ";

	@Inject
	ModelStore store;

	@Inject
	UISynchronize ui;

	private Prompts prompts = new DialogPrompts();
	private ServiceTracker<ModelArchitecture, ModelArchitecture> architectures;

	private Composite root;
	private ToolBar toolBar;
	private TableViewer viewer;
	private Composite tableArea;
	private final StackLayout tableStack = new StackLayout();
	private Label emptyLabel;
	private Label status;
	private DetailsPanel details;
	private Font bold;

	private List<ModelMetadata> models = List.of();
	private String activeName;
	private boolean listed;
	private boolean refreshing;
	private String pendingSelection;
	private final AtomicInteger running = new AtomicInteger();
	private String lastOperation = "";

	private Job listJob;
	private final List<Job> inspectJobs = new ArrayList<>();
	/** Inspections by parameters' SHA-256 (a renamed or re-imported copy has the same layers and weights). */
	private final Map<String, Inspection> inspections = new LinkedHashMap<>(16, 0.75f, true) {
		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Inspection> eldest) {
			return size() > 12;
		}
	};

	private Column sortColumn;
	private int sortDirection = SWT.DOWN;

	private final Action activateAction = action("&Activate", "Use the selected model on the drawing canvas (Enter or double-click)", this::activateSelected);
	private final Action renameAction = action("&Rename\u2026\tF2", "Rename the selected model (F2)", this::renameSelected);
	private final Action deleteAction = action("&Delete\u2026\tDelete", "Delete the selected models (Delete)", this::deleteSelected);
	private final Action importPthAction = action("Import .&pth\u2026", "Import a PyTorch state_dict saved with torch.save", this::importPth);
	private final Action importZipAction = action("Import &Zip\u2026", "Import a model exported as a zip", this::importZip);
	private final Action exportZipAction = action("E&xport Zip\u2026", "Export the selected model as one zip file", this::exportSelected);
	private final Action refreshAction = action("Re&fresh\tF5", "Read the model folder again (F5)", this::reload);
	private boolean packed;

	/** The table's columns: header, how a model is written in it, how it sorts, alignment. */
	private enum Column {
		NAME("Name", SWT.LEFT, 80, m -> m.name(), Comparator.comparing(ModelMetadata::name, String.CASE_INSENSITIVE_ORDER)),
		ARCHITECTURE("Architecture", SWT.LEFT, 60, ModelMetadata::architectureId,
				Comparator.comparing(ModelMetadata::architectureId)),
		DATASET("Dataset", SWT.LEFT, 60, m -> Formats.orNone(m.datasetId()),
				Comparator.comparing(m -> Formats.orNone(m.datasetId()))),
		ACCURACY("Test accuracy", SWT.RIGHT, 70, m -> Formats.percent(m.testAccuracy()),
				Comparator.comparingDouble(m -> Double.isNaN(m.testAccuracy()) ? -1 : m.testAccuracy())),
		PARAMETERS("Parameters", SWT.RIGHT, 70, m -> Formats.count(m.parameterCount()),
				Comparator.comparingLong(ModelMetadata::parameterCount)),
		EPOCHS("Epochs", SWT.RIGHT, 50, m -> Integer.toString(m.epochsDone()), Comparator.comparingInt(ModelMetadata::epochsDone)),
		TIME("Training time", SWT.RIGHT, 70, m -> Formats.duration(m.trainingMillis()),
				Comparator.comparingLong(ModelMetadata::trainingMillis)),
		CREATED("Created", SWT.LEFT, 110, m -> Formats.created(m.created()),
				Comparator.comparing(ModelMetadata::created, Comparator.nullsFirst(Comparator.naturalOrder())));

		final String header;
		final int alignment;
		final int width;
		final Function<ModelMetadata, String> text;
		final Comparator<ModelMetadata> order;

		Column(String header, int alignment, int width, Function<ModelMetadata, String> text,
				Comparator<ModelMetadata> order) {
			this.header = header;
			this.alignment = alignment;
			this.width = width;
			this.text = text;
			this.order = order;
		}
	}

	@PostConstruct
	void createControls(Composite parent) {
		root = parent;
		BundleContext bundles = FrameworkUtil.getBundle(ExplorerPart.class).getBundleContext();
		architectures = new ServiceTracker<>(bundles, ModelArchitecture.class, null);
		architectures.open();

		GridLayout layout = new GridLayout(1, false);
		layout.marginWidth = 0;
		layout.marginHeight = 0;
		layout.verticalSpacing = 2;
		parent.setLayout(layout);

		ToolBarManager manager = new ToolBarManager(SWT.FLAT | SWT.RIGHT | SWT.WRAP);
		manager.add(activateAction);
		manager.add(renameAction);
		manager.add(deleteAction);
		manager.add(new Separator());
		manager.add(importPthAction);
		manager.add(importZipAction);
		manager.add(exportZipAction);
		this.toolBar = manager.createControl(parent);
		this.toolBar.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false));
		parent.addDisposeListener(e -> manager.dispose());

		SashForm sash = new SashForm(parent, SWT.VERTICAL | SWT.SMOOTH);
		sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		sash.setSashWidth(6);
		tableArea = new Composite(sash, SWT.NONE);
		tableArea.setLayout(tableStack);
		createTable(tableArea);
		emptyLabel = new Label(tableArea, SWT.WRAP | SWT.CENTER);
		emptyLabel.setText("Reading the saved models\u2026");
		tableStack.topControl = emptyLabel;

		details = new DetailsPanel(sash);
		sash.setWeights(50, 50);

		status = new Label(parent, SWT.NONE);
		status.setLayoutData(new GridData(SWT.FILL, SWT.BOTTOM, true, false));

		listJob = Job.create("Reading the saved models", (IProgressMonitor monitor) -> {
			List<ModelMetadata> list = store.list();
			String active = store.activeModel().orElse(null);
			ui.asyncExec(() -> showModels(list, active));
			return Status.OK_STATUS;
		});
		listJob.setSystem(true);
		updateActions();
		reload();
	}

	private void createTable(Composite parent) {
		viewer = new TableViewer(parent, SWT.MULTI | SWT.FULL_SELECTION | SWT.BORDER | SWT.V_SCROLL | SWT.H_SCROLL);
		Table table = viewer.getTable();
		table.setHeaderVisible(true);
		table.setLinesVisible(true);
		FontData data = table.getFont().getFontData()[0];
		bold = new Font(table.getDisplay(), data.getName(), data.getHeight(), data.getStyle() | SWT.BOLD);
		table.addDisposeListener(e -> bold.dispose());
		viewer.setContentProvider(ArrayContentProvider.getInstance());
		for (Column column : Column.values()) {
			TableViewerColumn viewerColumn = new TableViewerColumn(viewer, column.alignment);
			TableColumn swtColumn = viewerColumn.getColumn();
			swtColumn.setText(column.header);
			swtColumn.setWidth(column.width);
			swtColumn.setMoveable(true);
			swtColumn.setData(column);
			viewerColumn.setLabelProvider(new ColumnLabelProvider() {
				@Override
				public String getText(Object element) {
					ModelMetadata m = (ModelMetadata) element;
					String text = column.text.apply(m);
					return column == Column.NAME && isActive(m) ? ACTIVE_MARK + text : text;
				}

				@Override
				public Font getFont(Object element) {
					return isActive((ModelMetadata) element) ? bold : null;
				}

				@Override
				public int getToolTipDisplayDelayTime(Object element) {
					return 700; // not while the pointer passes over the rows
				}

				@Override
				public String getToolTipText(Object element) {
					ModelMetadata m = (ModelMetadata) element;
					return m.name() + (isActive(m) ? " (active: the canvas uses it)" : "") + "\nSource: "
							+ Formats.orNone(m.source()) + "\nSHA-256: " + Formats.orNone(m.parametersSha256());
				}
			});
			swtColumn.addListener(SWT.Selection, e -> sortBy(column, swtColumn));
		}
		ColumnViewerToolTipSupport.enableFor(viewer);
		viewer.setComparator(new ViewerComparator() {
			@Override
			public int compare(Viewer v, Object a, Object b) {
				if (sortColumn == null) {
					return 0; // the store's order: newest first
				}
				int result = sortColumn.order.compare((ModelMetadata) a, (ModelMetadata) b);
				if (result == 0) {
					result = Column.NAME.order.compare((ModelMetadata) a, (ModelMetadata) b);
				}
				return sortDirection == SWT.UP ? result : -result;
			}
		});
		viewer.addSelectionChangedListener(e -> selectionChanged());
		viewer.addDoubleClickListener(e -> activateSelected());
		table.addListener(SWT.KeyDown, e -> {
			if (e.keyCode == SWT.F2) {
				renameSelected();
				e.doit = false;
			} else if (e.keyCode == SWT.DEL || e.character == SWT.DEL) {
				deleteSelected();
				e.doit = false;
			} else if (e.keyCode == SWT.F5) {
				reload();
				e.doit = false;
			}
		});

		MenuManager menu = new MenuManager();
		menu.add(activateAction);
		menu.add(renameAction);
		menu.add(deleteAction);
		menu.add(new Separator());
		menu.add(exportZipAction);
		menu.add(importZipAction);
		menu.add(importPthAction);
		menu.add(new Separator());
		menu.add(refreshAction);
		table.setMenu(menu.createContextMenu(table));
		table.addDisposeListener(e -> menu.dispose());
	}

	private static Action action(String text, String tip, Runnable run) {
		Action action = new Action(text, IAction.AS_PUSH_BUTTON) {
			@Override
			public void run() {
				run.run();
			}
		};
		action.setToolTipText(tip);
		return action;
	}

	@Focus
	void focus() {
		if (tableStack.topControl == viewer.getTable()) {
			viewer.getTable().setFocus();
		} else {
			root.setFocus();
		}
	}

	/** Sorts by {@code column}; the same column again reverses the order. */
	private void sortBy(Column column, TableColumn swtColumn) {
		if (sortColumn == column) {
			sortDirection = sortDirection == SWT.UP ? SWT.DOWN : SWT.UP;
		} else {
			sortColumn = column;
			// numbers and dates read best largest or newest first, words from A
			sortDirection = column.alignment == SWT.RIGHT || column == Column.CREATED ? SWT.DOWN : SWT.UP;
		}
		Table table = viewer.getTable();
		table.setSortColumn(swtColumn);
		table.setSortDirection(sortDirection);
		viewer.refresh();
	}

	private boolean isActive(ModelMetadata m) {
		return m.name().equals(activeName);
	}

	// ---- listing

	/** Reads the store again in a job (coalesced: a read under way runs once more when it ends). */
	void reload() {
		listJob.schedule();
	}

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	void storeChanged(@UIEventTopic(ModelStoreEvents.TOPIC_ALL) Event event) {
		if (listJob != null && root != null && !root.isDisposed()) {
			if (ModelStoreEvents.RENAMED.equals(event.getTopic())) {
				Object oldName = event.getProperty(ModelStoreEvents.OLD_NAME);
				if (oldName != null && selectedNames().contains(oldName)) {
					pendingSelection = (String) event.getProperty(ModelStoreEvents.NAME);
				}
			}
			reload();
		}
	}

	private void showModels(List<ModelMetadata> list, String active) {
		if (root == null || root.isDisposed()) {
			return;
		}
		List<String> keep = selectedNames();
		if (!listed && active != null) {
			keep = List.of(active); // first look: the model the canvas uses
		}
		if (pendingSelection != null && list.stream().anyMatch(m -> m.name().equals(pendingSelection))) {
			keep = List.of(pendingSelection);
			pendingSelection = null;
		}
		List<String> selectedAgain = keep;
		models = List.copyOf(list);
		activeName = active;
		listed = true;
		refreshing = true; // new records replace the old: select them again without a round of empty selection
		try {
			viewer.setInput(models);
			viewer.setSelection(new StructuredSelection(
					models.stream().filter(m -> selectedAgain.contains(m.name())).toList()), true);
		} finally {
			refreshing = false;
		}
		if (!packed && !models.isEmpty()) {
			packed = true; // once: after that the widths are the person's
			for (TableColumn column : viewer.getTable().getColumns()) {
				int width = ((Column) column.getData()).width;
				column.pack();
				column.setWidth(Math.max(column.getWidth() + 8, width));
			}
		}
		emptyLabel.setText(EMPTY);
		tableStack.topControl = models.isEmpty() ? emptyLabel : viewer.getTable();
		tableArea.layout(true);
		selectionChanged();
		showStatus();
	}

	private void showStatus() {
		String summary = !listed ? "" : models.size() == 1 ? "1 model" : models.size() + " models";
		if (listed) {
			summary += activeName == null ? " \u00b7 no active model" : " \u00b7 active: " + activeName;
		}
		if (!lastOperation.isEmpty()) {
			summary += " \u00b7 " + lastOperation;
		}
		status.setText(summary);
	}

	private List<ModelMetadata> selection() {
		IStructuredSelection selection = viewer.getStructuredSelection();
		List<ModelMetadata> selected = new ArrayList<>();
		for (Object o : selection.toList()) {
			selected.add((ModelMetadata) o);
		}
		return selected;
	}

	private List<String> selectedNames() {
		return selection().stream().map(ModelMetadata::name).toList();
	}

	private Set<String> names() {
		return models.stream().map(ModelMetadata::name).collect(Collectors.toCollection(TreeSet::new));
	}

	private void updateActions() {
		List<ModelMetadata> selected = viewer == null ? List.of() : selection();
		activateAction.setEnabled(selected.size() == 1 && !isActive(selected.get(0)));
		renameAction.setEnabled(selected.size() == 1);
		deleteAction.setEnabled(!selected.isEmpty());
		exportZipAction.setEnabled(selected.size() == 1);
	}

	// ---- details

	private void selectionChanged() {
		if (refreshing) {
			return;
		}
		updateActions();
		List<ModelMetadata> selected = selection();
		List<ModelMetadata> compared = selected.size() > 2 ? selected.subList(0, 2) : selected;
		if (identities(compared).equals(identities(details.shown()))) {
			return; // the same models as shown (a refresh): keep what is drawn
		}
		for (Job job : inspectJobs) {
			job.cancel();
		}
		inspectJobs.clear();
		details.show(compared, architectureNames());
		for (int slot = 0; slot < compared.size(); slot++) {
			ModelMetadata model = compared.get(slot);
			Inspection known = inspections.get(key(model));
			if (known != null) {
				details.showInspection(slot, model, known, null);
			} else {
				inspect(slot, model);
			}
		}
	}

	private static List<String> identities(List<ModelMetadata> list) {
		return list.stream().map(m -> m.name() + "@" + m.parametersSha256()).toList();
	}

	private static String key(ModelMetadata m) {
		return m.parametersSha256() != null ? m.parametersSha256() : m.name();
	}

	/** Loads the model in a job, reads its layers and first weights, closes it, and shows them. */
	private void inspect(int slot, ModelMetadata model) {
		Job job = Job.create("Reading the layers of model " + model.name(), (IProgressMonitor monitor) -> {
			Inspection inspection = null;
			String failure = null;
			try (LoadedModel loaded = store.load(model.name())) {
				inspection = Inspector.inspect(loaded);
			} catch (OperationCanceledException e) {
				return Status.CANCEL_STATUS;
			} catch (ModelStoreException e) {
				failure = e.getMessage();
			} catch (RuntimeException e) {
				failure = e.toString();
			}
			Inspection result = inspection;
			String reason = failure;
			ui.asyncExec(() -> inspected(slot, model, result, reason));
			return Status.OK_STATUS;
		});
		inspectJobs.add(job);
		job.schedule();
	}

	private void inspected(int slot, ModelMetadata model, Inspection inspection, String failure) {
		if (root == null || root.isDisposed()) {
			return;
		}
		if (inspection != null) {
			inspections.put(key(model), inspection);
		}
		details.showInspection(slot, model, inspection, failure);
	}

	private Map<String, String> architectureNames() {
		Map<String, String> names = new TreeMap<>();
		for (ModelArchitecture a : installedArchitectures()) {
			names.put(a.id(), a.name());
		}
		return names;
	}

	private List<ModelArchitecture> installedArchitectures() {
		ModelArchitecture[] all = architectures.getServices(new ModelArchitecture[0]);
		return all == null ? List.of()
				: Arrays.stream(all).sorted(Comparator.comparing(ModelArchitecture::id)).toList();
	}

	// ---- operations

	/** Something the store does, off the UI thread. */
	private interface StoreCall<T> {
		T call() throws ModelStoreException;
	}

	/**
	 * Runs {@code call} in a job; on success {@code done} runs on the UI thread, on failure an error dialog titled
	 * {@code failureTitle} says {@code failureMessage} and the store's reason.
	 */
	private <T> void runInJob(String what, String failureTitle, String failureMessage, StoreCall<T> call,
			Consumer<T> done) {
		running.incrementAndGet();
		lastOperation = what + "\u2026";
		showStatus();
		Job job = Job.create(what, (IProgressMonitor monitor) -> {
			T result = null;
			String failure = null;
			try {
				result = call.call();
			} catch (ModelStoreException e) {
				failure = e.getMessage();
			} catch (RuntimeException e) {
				failure = e.toString();
			}
			T value = result;
			String reason = failure;
			ui.asyncExec(() -> {
				running.decrementAndGet();
				if (root == null || root.isDisposed()) {
					return;
				}
				if (reason != null) {
					lastOperation = failureTitle.toLowerCase(java.util.Locale.ROOT);
					showStatus();
					prompts.error(shell(), failureTitle, failureMessage + "\n\n" + reason);
				} else {
					lastOperation = "";
					if (done != null) {
						done.accept(value);
					}
					showStatus();
				}
				reload();
			});
			return Status.OK_STATUS;
		});
		job.setPriority(Job.SHORT);
		job.schedule();
	}

	private Shell shell() {
		return root.getShell();
	}

	void activateSelected() {
		List<ModelMetadata> selected = selection();
		if (selected.size() != 1 || isActive(selected.get(0))) {
			return;
		}
		String name = selected.get(0).name();
		runInJob("Activating " + name, "Activation Failed", "Could not make '" + name + "' the canvas's model.",
				() -> {
					store.setActiveModel(name);
					return null;
				}, ignored -> lastOperation = name + " is now used on the canvas");
	}

	void renameSelected() {
		List<ModelMetadata> selected = selection();
		if (selected.size() != 1) {
			return;
		}
		String name = selected.get(0).name();
		Set<String> taken = names();
		String newName = prompts.askName(shell(), "Rename Model", "New name for '" + name + "':", name,
				validator(taken, name));
		if (newName == null) {
			return;
		}
		runInJob("Renaming " + name, "Rename Failed", "Could not rename '" + name + "' to '" + newName + "'.",
				() -> store.rename(name, newName), renamed -> pendingSelection = renamed.name());
	}

	void deleteSelected() {
		List<ModelMetadata> selected = selection();
		if (selected.isEmpty()) {
			return;
		}
		List<String> doomed = selected.stream().map(ModelMetadata::name).toList();
		String which = doomed.size() == 1 ? "the model '" + doomed.get(0) + "'"
				: doomed.size() + " models: " + doomed.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
		String message = "Delete " + which + "?\n\nIts parameters and metadata are removed from " + store.directory()
				+ "; this cannot be undone.";
		if (activeName != null && doomed.contains(activeName)) {
			message += "\n\n'" + activeName + "' is the active model: the canvas will have none until you activate another.";
		}
		if (!prompts.confirm(shell(), doomed.size() == 1 ? "Delete Model" : "Delete Models", message)) {
			return;
		}
		runInJob("Deleting " + String.join(", ", doomed), "Delete Failed", "Could not delete " + which + ".", () -> {
			for (String name : doomed) {
				store.delete(name);
			}
			return null;
		}, ignored -> lastOperation = "deleted " + String.join(", ", doomed));
	}

	void exportSelected() {
		List<ModelMetadata> selected = selection();
		if (selected.size() != 1) {
			return;
		}
		String name = selected.get(0).name();
		String file = prompts.saveFile(shell(), "Export Model '" + name + "'", new String[] { "*.zip" },
				new String[] { "Model zip (*.zip)" }, name + ".zip");
		if (file == null) {
			return;
		}
		Path chosen = Path.of(file);
		String fileName = chosen.getFileName().toString();
		// GTK's dialog adds no extension
		Path target = fileName.contains(".") ? chosen : chosen.resolveSibling(fileName + ".zip");
		runInJob("Exporting " + name, "Export Failed", "Could not export '" + name + "' to " + target + ".", () -> {
			store.exportZip(name, target);
			return null;
		}, ignored -> lastOperation = "exported " + name + " to " + target);
	}

	void importZip() {
		String file = prompts.openFile(shell(), "Import Model Zip", new String[] { "*.zip", "*" },
				new String[] { "Model zip (*.zip)", "All files" });
		if (file == null) {
			return;
		}
		Path zip = Path.of(file);
		// read the name inside (and check the parameters) first: a clash is a question, not a failure
		runInJob("Reading " + zip.getFileName(), "Import Failed", "Could not import " + zip.getFileName() + ".", () -> {
			String name;
			try (LoadedModel probe = store.loadFrom(zip)) {
				name = probe.metadata().name();
			}
			return store.find(name).isPresent() ? new ZipImport(name, false)
					: new ZipImport(store.importZip(zip, null).name(), true);
		}, outcome -> {
			if (outcome.imported()) {
				select(outcome.name());
				lastOperation = "imported " + outcome.name();
			} else {
				askNameForZip(zip, outcome.name());
			}
		});
	}

	/** A zip's model name and whether it went in under it (false: the name was taken). */
	private record ZipImport(String name, boolean imported) {
	}

	private void askNameForZip(Path zip, String clash) {
		Set<String> taken = names();
		taken.add(clash);
		String newName = prompts.askName(shell(), "Name Taken", "A model named '" + clash + "' exists already. "
				+ "Import " + zip.getFileName() + " under another name:", ModelNames.suggest(clash, taken),
				validator(taken, null));
		if (newName == null) {
			return;
		}
		runInJob("Importing " + zip.getFileName(), "Import Failed",
				"Could not import " + zip.getFileName() + " as '" + newName + "'.", () -> store.importZip(zip, newName),
				imported -> {
					select(imported.name());
					lastOperation = "imported " + imported.name();
				});
	}

	void importPth() {
		String file = prompts.openFile(shell(), "Import PyTorch Model", new String[] { "*.pth;*.pt", "*" },
				new String[] { "PyTorch state_dict (*.pth, *.pt)", "All files" });
		if (file == null) {
			return;
		}
		Path pth = Path.of(file);
		List<ModelArchitecture> importable = installedArchitectures().stream()
				.filter(a -> !a.pytorchParameterNames().isEmpty()).toList();
		if (importable.isEmpty()) {
			prompts.error(shell(), "Import Not Possible",
					"No installed architecture can import PyTorch files (none maps PyTorch parameter names).");
			return;
		}
		Set<String> taken = names();
		String base = pth.getFileName().toString().replaceFirst("\\.[^.]*$", "");
		Prompts.PthImport choice = prompts.choosePthImport(shell(), pth.getFileName().toString(), importable,
				ModelNames.suggest(base, taken), validator(taken, null));
		if (choice == null) {
			return;
		}
		runInJob("Importing " + pth.getFileName(), "Import Failed", "Could not import " + pth.getFileName() + ".",
				() -> store.importPytorch(pth, choice.architectureId(), choice.name()), imported -> {
					select(imported.name());
					lastOperation = "imported " + imported.name() + " from " + pth.getFileName();
				});
	}

	private void select(String name) {
		pendingSelection = name;
		models.stream().filter(m -> m.name().equals(name)).findFirst()
				.ifPresent(m -> viewer.setSelection(new StructuredSelection(m), true));
	}

	private static IInputValidator validator(Set<String> taken, String current) {
		return text -> ModelNames.problem(text, taken, current);
	}

	@PreDestroy
	void dispose() {
		if (listJob != null) {
			listJob.cancel();
		}
		for (Job job : inspectJobs) {
			job.cancel();
		}
		if (architectures != null) {
			architectures.close();
		}
	}

	// ---- for tests (the test fragment shares this package)

	void setPrompts(Prompts prompts) {
		this.prompts = prompts;
	}

	ToolBar toolBar() {
		return toolBar;
	}

	TableViewer viewer() {
		return viewer;
	}

	DetailsPanel details() {
		return details;
	}

	boolean showsEmptyMessage() {
		return tableStack.topControl == emptyLabel && emptyLabel.getText().equals(EMPTY);
	}

	boolean listed() {
		return listed;
	}

	boolean busy() {
		return running.get() > 0;
	}

	Label statusLine() {
		return status;
	}

	String statusText() {
		return status.getText();
	}

	IStatus listResult() {
		return listJob.getResult();
	}
}
