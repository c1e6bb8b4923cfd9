package org.digitworkbench.ui.explorer;

import java.util.Collection;

/**
 * What a dialog says about a model name while the person types: the model API's rule
 * ({@link org.digitworkbench.model.ModelNames}, which the store applies again), and whether the name is taken.
 */
final class ModelNames {

	private ModelNames() {
	}

	/**
	 * Null when {@code name} is acceptable, else what is wrong with it.
	 *
	 * @param taken   names already in the store
	 * @param current the model's present name when renaming (null otherwise)
	 */
	static String problem(String name, Collection<String> taken, String current) {
		String trimmed = name == null ? "" : name.strip();
		if (trimmed.isEmpty()) {
			return "Enter a name.";
		}
		if (!org.digitworkbench.model.ModelNames.isValid(trimmed)) {
			return "Use " + org.digitworkbench.model.ModelNames.RULE + " (the name is also a folder name).";
		}
		if (trimmed.equals(current)) {
			return "That is its name already.";
		}
		for (String other : taken) {
			if (other.equals(current) || !org.digitworkbench.model.ModelNames.sameFolder(other, trimmed)) {
				continue;
			}
			return other.equals(trimmed) ? "A model named '" + trimmed + "' exists already."
					: "A model named '" + other + "' exists already; names that differ only in case are one folder.";
		}
		return null;
	}

	private static boolean isTaken(String name, Collection<String> taken) {
		return taken.stream().anyMatch(t -> org.digitworkbench.model.ModelNames.sameFolder(t, name));
	}

	/** A safe name near {@code wish} (e.g. a file's base name) that is not taken yet. */
	static String suggest(String wish, Collection<String> taken) {
		String base = org.digitworkbench.model.ModelNames.safe(wish, 56);
		String name = base;
		for (int i = 2; isTaken(name, taken); i++) {
			name = base + "-" + i;
		}
		return name;
	}
}
