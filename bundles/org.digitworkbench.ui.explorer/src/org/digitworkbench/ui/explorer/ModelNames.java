package org.digitworkbench.ui.explorer;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * The rule for model names. A name is also the model's folder, so it is kept to safe file-name characters; this is
 * the rule {@code ModelStore} applies (which checks again), written here so a dialog can say what is wrong while the
 * person types.
 */
final class ModelNames {

	private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

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
		if (!SAFE.matcher(trimmed).matches()) {
			return "Use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (the name is also a folder name).";
		}
		if (trimmed.equals(current)) {
			return "That is its name already.";
		}
		if (taken.contains(trimmed)) {
			return "A model named '" + trimmed + "' exists already.";
		}
		return null;
	}

	/** A safe name near {@code wish} (e.g. a file's base name) that is not taken yet. */
	static String suggest(String wish, Collection<String> taken) {
		String base = wish == null ? "" : wish.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[^A-Za-z0-9]+", "");
		if (base.isEmpty()) {
			base = "model";
		}
		if (base.length() > 56) {
			base = base.substring(0, 56);
		}
		String name = base;
		for (int i = 2; taken.contains(name); i++) {
			name = base + "-" + i;
		}
		return name;
	}
}
