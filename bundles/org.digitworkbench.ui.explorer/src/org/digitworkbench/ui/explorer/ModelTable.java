package org.digitworkbench.ui.explorer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import org.digitworkbench.model.ModelMetadata;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.ColumnLabelProvider;
import org.eclipse.jface.viewers.ColumnViewerToolTipSupport;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.Viewer;
import org.eclipse.jface.viewers.ViewerComparator;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Font;
import org.eclipse.swt.graphics.FontData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;

/**
 * The saved models as a sortable table: one row per model, the active one marked ● and in bold, a column header
 * click sorts (again: reverses), the widths fit the contents once and are the person's after that.
 */
final class ModelTable {

	static final String ACTIVE_MARK = "\u25CF ";

	/** The table's columns: header, how a model is written in it, how it sorts, alignment. */
	enum Column {
		NAME("Name", SWT.LEFT, 80, ModelMetadata::name, Comparator.comparing(ModelMetadata::name, String.CASE_INSENSITIVE_ORDER)),
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

	private final TableViewer viewer;
	private final Font bold;
	private List<ModelMetadata> models = List.of();
	private String activeName;
	private Column sortColumn;
	private int sortDirection = SWT.DOWN;
	private boolean packed;

	ModelTable(Composite parent) {
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
	}

	TableViewer viewer() {
		return viewer;
	}

	Table table() {
		return viewer.getTable();
	}

	boolean isActive(ModelMetadata m) {
		return m.name().equals(activeName);
	}

	String activeName() {
		return activeName;
	}

	List<ModelMetadata> models() {
		return models;
	}

	/** Shows {@code list} (the active one marked) and selects the models named {@code selected} again. */
	void show(List<ModelMetadata> list, String active, List<String> selected) {
		models = List.copyOf(list);
		activeName = active;
		viewer.setInput(models);
		viewer.setSelection(new StructuredSelection(models.stream().filter(m -> selected.contains(m.name())).toList()),
				true);
		if (!packed && !models.isEmpty()) {
			packed = true; // once: after that the widths are the person's
			for (TableColumn column : table().getColumns()) {
				int width = ((Column) column.getData()).width;
				column.pack();
				column.setWidth(Math.max(column.getWidth() + 8, width));
			}
		}
	}

	/** The selected models, in the table's order. */
	List<ModelMetadata> selection() {
		List<ModelMetadata> selected = new ArrayList<>();
		for (Object o : viewer.getStructuredSelection().toList()) {
			selected.add((ModelMetadata) o);
		}
		return selected;
	}

	void select(String name) {
		models.stream().filter(m -> m.name().equals(name)).findFirst()
				.ifPresent(m -> viewer.setSelection(new StructuredSelection(m), true));
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
		table().setSortColumn(swtColumn);
		table().setSortDirection(sortDirection);
		viewer.refresh();
	}
}
