package org.digitworkbench.engine;

import java.nio.file.Path;

/**
 * Where Digit Workbench keeps the user's data: models, datasets, the engine's native libraries.
 * <p>
 * Order: system property {@code digitworkbench.data}, environment {@code DIGIT_WORKBENCH_DATA},
 * {@code $XDG_DATA_HOME/digit-workbench}, {@code ~/.local/share/digit-workbench}.
 */
public final class DataDirectory {

	public static final String PROPERTY = "digitworkbench.data";
	public static final String ENVIRONMENT = "DIGIT_WORKBENCH_DATA";

	private DataDirectory() {
	}

	public static Path root() {
		String configured = System.getProperty(PROPERTY);
		if (isSet(configured)) {
			return Path.of(configured).toAbsolutePath();
		}
		configured = System.getenv(ENVIRONMENT);
		if (isSet(configured)) {
			return Path.of(configured).toAbsolutePath();
		}
		String xdg = System.getenv("XDG_DATA_HOME");
		Path base = isSet(xdg) ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
		return base.resolve("digit-workbench").toAbsolutePath();
	}

	/** A folder below the data directory, e.g. {@code models}. */
	public static Path resolve(String child) {
		return root().resolve(child);
	}

	private static boolean isSet(String value) {
		return value != null && !value.isBlank();
	}
}
