package org.digitworkbench.ui.training;

import java.util.List;
import java.util.function.Function;

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
		if (!java.util.Arrays.equals(labels, combo.getItems())) { // rebuilding a combo's list is not free
			combo.setItems(labels);
		}
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
