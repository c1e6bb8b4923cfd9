package org.digitworkbench.model.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.digitworkbench.files.AtomicFile;
import org.digitworkbench.model.EpochSnapshot;
import org.digitworkbench.model.ModelNames;

/**
 * The store's {@code active} file: the active model's name (or {@code name@epoch}, one of its kept epochs). While the active model is renamed it holds the new name
 * and then the old one, and whichever of the two exists is the active model, so that a process killed in the middle
 * of the rename leaves the model it renamed active under the name it then has.
 */
final class ActiveModelFile {

	static final String FILE = "active";

	private ActiveModelFile() {
	}

	static Optional<String> read(Path directory) {
		Path file = directory.resolve(FILE);
		try {
			if (!Files.isRegularFile(file) || Files.size(file) > 1024) {
				return Optional.empty();
			}
			for (String line : Files.readAllLines(file)) {
				String name = line.strip();
				if (ModelNames.isValid(name) && Files.isDirectory(directory.resolve(name))) {
					return Optional.of(name);
				}
				int at = name.lastIndexOf(EpochSnapshot.SEPARATOR); // one of a model's kept epochs, name@epoch
				if (at > 0 && ModelNames.isValid(name.substring(0, at)) && name.substring(at + 1).matches("[1-9][0-9]{0,3}")
						&& Files.isDirectory(directory.resolve(name.substring(0, at)).resolve(EpochFiles.FOLDER)
								.resolve(EpochFiles.name(Integer.parseInt(name.substring(at + 1)))))) {
					return Optional.of(name);
				}
			}
			return Optional.empty();
		} catch (IOException e) {
			return Optional.empty();
		}
	}

	/** Makes {@code name} active; {@code fallback}, when not null, counts while {@code name} does not exist yet. */
	static void write(Path directory, String name, String fallback) throws IOException {
		Files.createDirectories(directory);
		AtomicFile.writeString(directory.resolve(FILE), fallback == null ? name : name + "\n" + fallback);
	}

	/** After a rename that was killed: the name that counts, alone, so that a later model of the other cannot count. */
	static void settle(Path directory) {
		Path file = directory.resolve(FILE);
		try {
			if (Files.isRegularFile(file) && Files.size(file) <= 1024 && Files.readAllLines(file).size() > 1) {
				Optional<String> active = read(directory);
				if (active.isPresent()) {
					write(directory, active.get(), null);
				} else {
					clear(directory);
				}
			}
		} catch (IOException e) {
			// settled at the next start
		}
	}

	static void clear(Path directory) throws IOException {
		Files.deleteIfExists(directory.resolve(FILE));
	}
}
