package org.digitworkbench.files;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;

/**
 * Deleting whole folders. Links inside are deleted themselves, never followed. Files that vanish while a folder is
 * deleted (another process sweeping the same leftovers) are no error.
 */
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
		Files.walkFileTree(path, new SimpleFileVisitor<>() {
			@Override
			public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
				Files.deleteIfExists(file);
				return FileVisitResult.CONTINUE;
			}

			@Override
			public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
				if (e instanceof NoSuchFileException) {
					return FileVisitResult.CONTINUE;
				}
				throw e;
			}

			@Override
			public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
				if (e != null && !(e instanceof NoSuchFileException)) {
					throw e;
				}
				Files.deleteIfExists(dir);
				return FileVisitResult.CONTINUE;
			}
		});
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
	 * are deleted (the hidden folder is then all that is left, and {@link Litter#sweep} removes it).
	 */
	public static void deleteAtomically(Path path) throws IOException {
		Path doomed = path.toAbsolutePath().resolveSibling(DELETED_PREFIX + UUID.randomUUID());
		Files.move(path, doomed, StandardCopyOption.ATOMIC_MOVE);
		delete(doomed);
	}
}
