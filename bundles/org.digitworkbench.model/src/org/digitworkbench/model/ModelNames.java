package org.digitworkbench.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rule for model names, written once: a name is also the model's folder, so it is {@value #RULE}. The store and
 * the training service refuse any other name; forms and dialogs ask here while the person types.
 *
 * @since 0.1.2
 */
public final class ModelNames {

	/** The longest name. */
	public static final int MAX_LENGTH = 64;
	/** The rule in words, for messages. */
	public static final String RULE = "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";

	private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");
	private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]+");
	private static final Pattern LEADING = Pattern.compile("^[^A-Za-z0-9]+");

	private ModelNames() {
	}

	/** Whether {@code name} follows the rule (null does not). */
	public static boolean isValid(String name) {
		return name != null && VALID.matcher(name).matches();
	}

	/**
	 * Null when {@code name} follows the rule, else one line saying so, e.g.
	 * {@code '../x' is not a valid model name: 1 to 64 letters, …}.
	 */
	public static String problem(String name) {
		return isValid(name) ? null : "'" + name + "' is not a valid model name: " + RULE;
	}

	/**
	 * A valid name made from {@code wish} (a file's base name, an architecture id): each run of other characters
	 * becomes '-', what cannot start a name is dropped from the front, and it is cut to {@code maxLength}; "model"
	 * when nothing is left.
	 */
	public static String safe(String wish, int maxLength) {
		String name = wish == null ? "" : LEADING.matcher(UNSAFE.matcher(wish).replaceAll("-")).replaceAll("");
		name = name.substring(0, Math.min(name.length(), Math.max(1, Math.min(maxLength, MAX_LENGTH))));
		return name.isEmpty() ? "model" : name;
	}

	/**
	 * Whether two names would be one folder on a file system that ignores case (macOS's and Windows' by default):
	 * {@code Base} and {@code base}.
	 */
	public static boolean sameFolder(String a, String b) {
		return a != null && b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
	}
}
