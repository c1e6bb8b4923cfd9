package org.digitworkbench.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * Where Digit Workbench keeps the user's data: models, datasets, the engine's native libraries.
 * <p>
 * Order: system property {@code digitworkbench.data}, environment {@code DIGIT_WORKBENCH_DATA}, the folder chosen in
 * Window › Preferences ({@link #settingsFile()}), {@code $XDG_DATA_HOME/digit-workbench},
 * {@code ~/.local/share/digit-workbench}.
 * <p>
 * The workspace with the instance preferences lives inside the data directory, so the choice itself is kept outside
 * it, in a one-line file the launcher reads too; a new choice applies at the next start.
 */
public final class DataDirectory {

	public static final String PROPERTY = "digitworkbench.data";
	public static final String ENVIRONMENT = "DIGIT_WORKBENCH_DATA";
	/**
	 * Set by the launcher beside {@link #PROPERTY} to say where its value came from: {@code environment},
	 * {@code settings} or {@code default}.
	 *
	 * @since 0.1.2
	 */
	public static final String ORIGIN_PROPERTY = "digitworkbench.data.origin";
	/**
	 * Overrides the folder of {@link #settingsFile()} (tests use it so that they never touch the user's).
	 *
	 * @since 0.1.2
	 */
	public static final String CONFIG_PROPERTY = "digitworkbench.config";

	/** A path longer than this in the settings file is not a path someone chose. */
	private static final int MAX_SETTING_LENGTH = 4096;

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
		return chosen().orElseGet(DataDirectory::standard);
	}

	/** A folder below the data directory, e.g. {@code models}. */
	public static Path resolve(String child) {
		return root().resolve(child);
	}

	/**
	 * Where {@link #root()} came from, for people: e.g. {@code the DIGIT_WORKBENCH_DATA environment variable}.
	 *
	 * @since 0.1.2
	 */
	public static String origin() {
		if (isSet(System.getProperty(PROPERTY))) {
			String origin = System.getProperty(ORIGIN_PROPERTY, "");
			return switch (origin) {
			case "environment" -> "the " + ENVIRONMENT + " environment variable";
			case "settings" -> "the folder chosen in Preferences (" + settingsFile() + ")";
			case "default" -> "the default location";
			default -> "the -D" + PROPERTY + " option";
			};
		}
		if (isSet(System.getenv(ENVIRONMENT))) {
			return "the " + ENVIRONMENT + " environment variable";
		}
		if (chosen().isPresent()) {
			return "the folder chosen in Preferences (" + settingsFile() + ")";
		}
		return "the default location";
	}

	/**
	 * Whether the environment or the command line names the data directory, so that {@link #chosen()} does not
	 * apply.
	 *
	 * @since 0.1.2
	 */
	public static boolean overridden() {
		if (isSet(System.getProperty(PROPERTY))) {
			String origin = System.getProperty(ORIGIN_PROPERTY, "");
			return !origin.equals("settings") && !origin.equals("default");
		}
		return isSet(System.getenv(ENVIRONMENT));
	}

	/**
	 * The data directory when nothing is configured: {@code $XDG_DATA_HOME/digit-workbench}, else
	 * {@code ~/.local/share/digit-workbench}.
	 *
	 * @since 0.1.2
	 */
	public static Path standard() {
		String xdg = System.getenv("XDG_DATA_HOME");
		Path base = isSet(xdg) ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "share");
		return base.resolve("digit-workbench").toAbsolutePath();
	}

	/**
	 * The file that keeps the folder chosen in Window › Preferences: {@code $XDG_CONFIG_HOME/digit-workbench/data-folder}
	 * (else {@code ~/.config/...}), one line with an absolute path.
	 *
	 * @since 0.1.2
	 */
	public static Path settingsFile() {
		String configured = System.getProperty(CONFIG_PROPERTY);
		if (isSet(configured)) {
			return Path.of(configured).toAbsolutePath().resolve("data-folder");
		}
		String xdg = System.getenv("XDG_CONFIG_HOME");
		Path base = isSet(xdg) ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
		return base.resolve("digit-workbench").resolve("data-folder").toAbsolutePath();
	}

	/**
	 * The folder chosen for the next starts, if one is; an unreadable or odd file counts as no choice.
	 *
	 * @since 0.1.2
	 */
	public static Optional<Path> chosen() {
		Path file = settingsFile();
		try {
			if (!Files.isRegularFile(file) || Files.size(file) > MAX_SETTING_LENGTH) {
				return Optional.empty();
			}
			List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
			String line = lines.isEmpty() ? "" : lines.get(0).strip();
			if (line.isEmpty() || !Path.of(line).isAbsolute()) {
				return Optional.empty();
			}
			return Optional.of(Path.of(line).normalize());
		} catch (IOException | RuntimeException e) { // InvalidPathException, MalformedInputException: not a choice
			return Optional.empty();
		}
	}

	/**
	 * Keeps {@code folder} (made absolute) as the data directory from the next start on, or forgets the choice when
	 * it is null. Written to a temporary file and moved over, so a full disk leaves the old choice intact.
	 *
	 * @throws IOException when the file cannot be written
	 * @since 0.1.2
	 */
	public static void choose(Path folder) throws IOException {
		Path file = settingsFile();
		if (folder == null) {
			Files.deleteIfExists(file);
			return;
		}
		Files.createDirectories(file.getParent());
		Path temporary = Files.createTempFile(file.getParent(), "data-folder", ".tmp");
		try {
			Files.writeString(temporary, folder.toAbsolutePath().normalize() + "\n", StandardCharsets.UTF_8);
			try {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			} catch (AtomicMoveNotSupportedException e) {
				Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
			}
		} finally {
			Files.deleteIfExists(temporary);
		}
	}

	private static boolean isSet(String value) {
		return value != null && !value.isBlank();
	}
}
