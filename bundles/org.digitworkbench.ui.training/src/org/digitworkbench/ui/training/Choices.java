package org.digitworkbench.ui.training;

import java.util.List;
import java.util.function.Function;

import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.widgets.Combo;

/** A combo's items as objects: it keeps the list it shows in its data, and the choice by id across refills. */
final class Choices {

	private Choices() {
	}

	/** Fills {@code combo} with {@code items}, keeping the chosen id, else choosing {@code preferred}, else the first. */
	static <T> void fill(Combo combo, List<T> items, Function<T, String> id, Function<T, String> label,
			String preferred) {
		String chosen = combo.getSelectionIndex() >= 0 && combo.getData() instanceof List<?> previous
				&& combo.getSelectionIndex() < previous.size() ? id.apply(cast(previous.get(combo.getSelectionIndex())))
						: null;
		String[] labels = items.stream().map(label).toArray(String[]::new);
		combo.setData(LABELS, labels);
		show(combo, labels);
		combo.setData(items);
		int index = indexOf(items, id, chosen);
		if (index < 0) {
			index = indexOf(items, id, preferred);
		}
		if (index < 0 && !items.isEmpty()) {
			index = 0;
		}
		if (index >= 0 && combo.getSelectionIndex() != index) {
			combo.select(index);
		}
		if (combo.getEnabled() == items.isEmpty()) {
			combo.setEnabled(!items.isEmpty());
		}
	}

	private static final String LABELS = Choices.class.getName() + ".labels";

	/** Room for the arrow and the frame beside an item's text, measured once per combo. */
	private static final String PADDING = Choices.class.getName() + ".padding";

	/**
	 * Shows the combo's labels shortened with an ellipsis to its width (call on resize). A read-only combo narrower
	 * than an item makes SWT 3.135 on GTK 3 allocate it anew on every draw: the console's form was repainted 60 times a
	 * second while idle (9.7 % of a core; 0.3 % with items that fit), slowing its trainings 17-21 % against train.
	 */
	static void fit(Combo combo) {
		if (combo.getData(LABELS) instanceof String[] labels) {
			show(combo, labels);
		}
	}

	private static void show(Combo combo, String[] labels) {
		String[] shown = labels;
		int width = combo.getSize().x;
		if (width > 0 && labels.length > 0) {
			GC gc = new GC(combo);
			try {
				if (!(combo.getData(PADDING) instanceof Integer)) {
					String[] before = combo.getItems();
					String wide = "M".repeat(30); // wider than the least width GTK gives a combo
					combo.setItems(new String[] { wide });
					combo.setData(PADDING, combo.computeSize(SWT.DEFAULT, SWT.DEFAULT).x - gc.textExtent(wide).x);
					combo.setItems(before);
				}
				int room = width - (Integer) combo.getData(PADDING) - 2;
				shown = new String[labels.length];
				for (int i = 0; i < labels.length; i++) {
					shown[i] = shortened(gc, labels[i], room);
				}
			} finally {
				gc.dispose();
			}
		}
		if (!java.util.Arrays.equals(shown, combo.getItems())) { // rebuilding a combo's list is not free
			int selection = combo.getSelectionIndex();
			combo.setItems(shown);
			if (selection >= 0 && selection < shown.length) {
				combo.select(selection);
			}
		}
	}

	/** {@code text}, or its longest start that fits in {@code room} px with an ellipsis (no space before it). */
	static String shortened(GC gc, String text, int room) {
		String shown = Ellipsis.shorten(gc, text, room);
		return shown.equals(text) ? text : shown.substring(0, shown.length() - 1).stripTrailing() + "\u2026";
	}

	/** The full label of the item {@code combo} shows at {@code index}. */
	static String label(Combo combo, int index) {
		return combo.getData(LABELS) instanceof String[] labels && index >= 0 && index < labels.length ? labels[index]
				: combo.getItem(index);
	}

	@SuppressWarnings("unchecked")
	private static <T> T cast(Object o) {
		return (T) o;
	}

	private static <T> int indexOf(List<T> items, Function<T, String> id, String wanted) {
		if (wanted == null) {
			return -1;
		}
		for (int i = 0; i < items.size(); i++) {
			if (wanted.equals(id.apply(items.get(i)))) {
				return i;
			}
		}
		return -1;
	}

	static <T> T selected(Combo combo, List<T> items) {
		int index = combo.getSelectionIndex();
		return index >= 0 && index < items.size() ? items.get(index) : null;
	}

}
