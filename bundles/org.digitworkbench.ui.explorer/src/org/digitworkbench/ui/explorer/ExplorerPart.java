package org.digitworkbench.ui.explorer;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.digitworkbench.model.EpochSnapshot;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreEvents;
import org.digitworkbench.model.ModelStoreException;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.extensions.Service;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.services.EMenuService;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.e4.ui.workbench.modeling.ESelectionService;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.SashForm;
import org.eclipse.swt.custom.StackLayout;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.osgi.service.event.Event;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Model Explorer: the saved models in a sortable table, the selected model's details below it (two selected:
 * side by side), and the store's operations as commands — Activate (Enter or double-click), Rename (F2), Delete
 * (Delete), Refresh (F5), Import .pth, Import and Export Zip — in the view's toolbar and context menu, contributed by
 * {@code fragment.e4xmi} and run by the handlers beside this class. The selection goes to {@link ESelectionService},
 * where the handlers (and any plug-in) find it.
 */
public class ExplorerPart implements ModelOperations.View {

	static final String EMPTY = "No saved models yet: train one in the Training Console or import a .pth";
	static final String ACTIVE_MARK = ModelTable.ACTIVE_MARK;
	static final String POPUP_MENU = "org.digitworkbench.ui.explorer.popup";

	@Inject
	ModelStore store;

	@Inject
	UISynchronize ui;

	@Inject
	IEclipseContext context;

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	IEventBroker events;

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	ESelectionService selectionService;

	@Inject
	@org.eclipse.e4.core.di.annotations.Optional
	EMenuService menus;

	private volatile List<ModelArchitecture> architectures = List.of();

	private Composite root;
	private ModelTable table;
	private Composite tableArea;
	private final StackLayout tableStack = new StackLayout();
	private Label emptyLabel;
	private Label status;
	private DetailsPanel details;
	private ModelOperations operations;
	private Inspections inspections;

	private boolean listed;
	private boolean refreshing;
	private String pendingSelection;
	private String lastOperation = "";
	private Job listJob;

	@PostConstruct
	void createControls(Composite parent) {
		root = parent;
		GridLayout layout = new GridLayout(1, false);
		layout.marginWidth = 0;
		layout.marginHeight = 0;
		layout.verticalSpacing = 2;
		parent.setLayout(layout);

		SashForm sash = new SashForm(parent, SWT.VERTICAL | SWT.SMOOTH);
		sash.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true));
		sash.setSashWidth(6);
		tableArea = new Composite(sash, SWT.NONE);
		tableArea.setLayout(tableStack);
		table = new ModelTable(tableArea);
		emptyLabel = new Label(tableArea, SWT.WRAP | SWT.CENTER);
		emptyLabel.setText("Reading the saved models\u2026");
		tableStack.topControl = emptyLabel;
		details = new DetailsPanel(sash, reference -> operations.activateEpoch(reference));
		sash.setWeights(50, 50);
		status = new Label(parent, SWT.NONE);
		status.setLayoutData(new GridData(SWT.FILL, SWT.BOTTOM, true, false));

		operations = new ModelOperations(store, ui, events, () -> architectures, this);
		inspections = new Inspections(store, ui, details::showInspection);
		context.set(ModelOperations.class, operations); // for the handlers, which run in this part's context
		table.viewer().addSelectionChangedListener(e -> selectionChanged());
		table.viewer().addDoubleClickListener(e -> operations.activate(table.selection())); // Enter does the same
		if (menus != null) {
			menus.registerContextMenu(table.table(), POPUP_MENU);
		}

		listJob = Job.create("Reading the saved models", (IProgressMonitor monitor) -> {
			List<ModelMetadata> list = store.list();
			String active = store.activeModel().orElse(null);
			ui.asyncExec(() -> showModels(list, active));
			return Status.OK_STATUS;
		});
		listJob.setSystem(true);
		reload();
	}

	/** The registered architectures, kept current as plug-ins come and go. */
	@Inject
	void architecturesChanged(@Service List<ModelArchitecture> registered) {
		architectures = registered.stream().sorted(Comparator.comparing(ModelArchitecture::id)).toList();
	}

	@Focus
	void focus() {
		if (tableStack.topControl == table.table()) {
			table.table().setFocus();
		} else {
			root.setFocus();
		}
	}

	// ---- listing

	/** Reads the store again in a job (coalesced: a read under way runs once more when it ends). */
	@Override
	public void reload() {
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
		listed = true;
		refreshing = true; // new records replace the old: select them again without a round of empty selection
		try {
			table.show(list, active, keep);
		} finally {
			refreshing = false;
		}
		emptyLabel.setText(EMPTY);
		tableStack.topControl = list.isEmpty() ? emptyLabel : table.table();
		tableArea.layout(true);
		selectionChanged();
		showStatus();
	}

	private void showStatus() {
		int count = table.models().size();
		String summary = !listed ? "" : count == 1 ? "1 model" : count + " models";
		if (listed) {
			summary += table.activeName() == null ? " \u00b7 no active model" : " \u00b7 active: " + table.activeName();
		}
		if (!lastOperation.isEmpty()) {
			summary += " \u00b7 " + lastOperation;
		}
		status.setText(summary);
	}

	private List<String> selectedNames() {
		return table.selection().stream().map(ModelMetadata::name).toList();
	}

	// ---- selection and details

	private void selectionChanged() {
		if (refreshing) {
			return;
		}
		List<ModelMetadata> selected = table.selection();
		if (selectionService != null) {
			selectionService.setSelection(new StructuredSelection(selected));
		}
		if (events != null) { // the toolbar's and menu's items ask their handlers again
			events.send(UIEvents.REQUEST_ENABLEMENT_UPDATE_TOPIC, UIEvents.ALL_ELEMENT_ID);
		}
		List<ModelMetadata> compared = selected.size() > 2 ? selected.subList(0, 2) : selected;
		if (identities(compared).equals(identities(details.shown()))) {
			return; // the same models as shown (a refresh): keep what is drawn
		}
		details.show(compared, architectureNames());
		inspections.inspect(compared);
		if (compared.size() == 1) {
			readEpochs(compared.get(0).name());
		}
	}

	/** Reads {@code name}'s kept epochs (a file) in a job and shows them in the details. */
	private void readEpochs(String name) {
		Job job = Job.create("Reading the epochs of " + name, (IProgressMonitor monitor) -> {
			try {
				List<EpochSnapshot> kept = store.epochs(name);
				String active = store.activeModel().orElse(null);
				ui.asyncExec(() -> showEpochs(name, kept, null, active));
				return Status.OK_STATUS;
			} catch (ModelStoreException e) {
				ui.asyncExec(() -> showEpochs(name, null, e.getMessage(), null));
				return Status.OK_STATUS; // shown in the details; the model itself may still be fine
			}
		});
		job.setSystem(true);
		job.schedule();
	}

	private void showEpochs(String name, List<EpochSnapshot> kept, String failure, String active) {
		if (root != null && !root.isDisposed()) {
			details.showEpochs(name, kept, failure, active);
		}
	}

	@Override
	public void epochActivated(String reference) {
		int at = reference.lastIndexOf(EpochSnapshot.SEPARATOR);
		readEpochs(reference.substring(0, at)); // the mark moves to it
	}

	private static List<String> identities(List<ModelMetadata> list) {
		return list.stream().map(m -> m.name() + "@" + m.parametersSha256()).toList();
	}

	private Map<String, String> architectureNames() {
		Map<String, String> names = new TreeMap<>();
		for (ModelArchitecture a : architectures) {
			names.put(a.id(), a.name());
		}
		return names;
	}

	// ---- what the operations ask of the view

	@Override
	public Shell shell() {
		return root == null || root.isDisposed() ? null : root.getShell();
	}

	@Override
	public Set<String> names() {
		return table.models().stream().map(ModelMetadata::name).collect(Collectors.toCollection(TreeSet::new));
	}

	@Override
	public List<ModelMetadata> selection() {
		return table.selection();
	}

	@Override
	public String activeName() {
		return table.activeName();
	}

	@Override
	public void operationChanged(String note) {
		lastOperation = note;
		if (status != null && !status.isDisposed()) {
			showStatus();
			if (!note.isEmpty() && !note.endsWith("\u2026")) { // an outcome, not work under way: it goes after a while
				status.getDisplay().timerExec(NOTE_MILLIS, () -> {
					if (lastOperation.equals(note) && !status.isDisposed()) {
						lastOperation = "";
						showStatus();
					}
				});
			}
		}
	}

	/** How long the outcome of an operation ("import failed", "exported …") stays in the view's status line. */
	static final int NOTE_MILLIS = 15_000;

	@Override
	public void select(String name) {
		pendingSelection = name;
		table.select(name);
	}

	@PreDestroy
	void dispose() {
		if (listJob != null) {
			listJob.cancel();
		}
		if (inspections != null) {
			inspections.cancel();
		}
	}

	// ---- for tests (the test fragment shares this package)

	ModelOperations operations() {
		return operations;
	}

	void setPrompts(Prompts prompts) {
		operations.setPrompts(prompts);
	}

	org.eclipse.jface.viewers.TableViewer viewer() {
		return table.viewer();
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
		return operations.busy();
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
