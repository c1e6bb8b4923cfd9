package org.digitworkbench.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** Deleting whole folders. Links inside are deleted themselves, never followed. */
public final class FileTrees {

	/** How the names of folders being deleted begin. */
	public static final String DELETED_PREFIX = ".deleted-";

	private FileTrees() {
	}

	/** Deletes {@code path} and, when it is a folder, everything in it; does nothing when it does not exist. */
	public static void delete(Path path) throws IOException {
		if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		List<Path> deepestFirst;
		try (Stream<Path> all = Files.walk(path)) {
			deepestFirst = all.sorted(Comparator.reverseOrder()).toList();
		}
		for (Path p : deepestFirst) {
			Files.deleteIfExists(p);
		}
	}

	/** {@link #delete}, for clean-up paths where a failure must not hide the original error. */
	public static boolean deleteQuietly(Path path) {
		try {
			delete(path);
			return true;
		} catch (IOException e) {
			return false;
		}
	}

	/**
	 * Renames {@code path} to a hidden {@value #DELETED_PREFIX}{@code <random>} sibling in one atomic step, then
	 * deletes it: from the rename on nothing answers to the old name, even when the process is killed while the files
	 * are deleted (the hidden folder is then all that is left).
	 */
	public static void deleteAtomically(Path path) throws IOException {
		Path doomed = path.toAbsolutePath().resolveSibling(DELETED_PREFIX + UUID.randomUUID());
		Files.move(path, doomed, StandardCopyOption.ATOMIC_MOVE);
		delete(doomed);
	}
}
