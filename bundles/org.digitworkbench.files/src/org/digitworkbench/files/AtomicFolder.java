package org.digitworkbench.files;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * A folder that appears complete or not at all: it is written as a hidden {@code .tmp-<random>} folder beside its
 * destination, then {@link #commit committed} by one atomic rename. Closing it uncommitted deletes it, so a failed
 * write (a full disk, a refused file) leaves nothing behind; a killed process leaves only the hidden folder, which
 * readers skip by its {@value #TEMPORARY_PREFIX} prefix.
 *
 * <pre>
 * try (AtomicFolder folder = AtomicFolder.in(models)) {
 *     Files.write(folder.resolve("parameters.bin"), bytes);
 *     folder.commit(models.resolve(name));
 * }
 * </pre>
 */
public final class AtomicFolder implements AutoCloseable {

	/** How the names of folders being written begin. */
	public static final String TEMPORARY_PREFIX = ".tmp-";

	private final Path path;
	private boolean committed;

	private AtomicFolder(Path path) {
		this.path = path;
	}

	/** A new, empty temporary folder in {@code parent}, which is created if it is missing. */
	public static AtomicFolder in(Path parent) throws IOException {
		Files.createDirectories(parent);
		return new AtomicFolder(Files.createDirectory(parent.resolve(TEMPORARY_PREFIX + UUID.randomUUID())));
	}

	/** Whether {@code path}'s name marks it as a folder still being written (or left by a killed process). */
	public static boolean isTemporary(Path path) {
		Path name = path.getFileName();
		return name != null && name.toString().startsWith(TEMPORARY_PREFIX);
	}

	/** The temporary folder itself. */
	public Path path() {
		return path;
	}

	/** A file or folder inside the temporary folder. */
	public Path resolve(String name) {
		return path.resolve(name);
	}

	/**
	 * Renames the temporary folder to {@code target} in one atomic step. {@code target} must be in the same file
	 * system (in practice: the same parent) and must not exist; a rename never replaces a folder that has files in it,
	 * so two writers racing for one name cannot overwrite each other.
	 *
	 * @throws FileAlreadyExistsException when {@code target} exists; the temporary folder is then unchanged
	 */
	public void commit(Path target) throws IOException {
		if (committed) {
			throw new IllegalStateException(path + " was committed already");
		}
		if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
			throw new FileAlreadyExistsException(target.toString());
		}
		try {
			Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
		} catch (AtomicMoveNotSupportedException e) {
			throw new IOException(target + " cannot be written atomically (" + e.getMessage() + ")", e);
		}
		committed = true;
	}

	/**
	 * Puts the temporary folder in place of {@code target}, which may exist: an existing one is first renamed to a
	 * hidden {@value FileTrees#DELETED_PREFIX}{@code <random>} sibling and deleted once the new one is in place. A
	 * process killed in between leaves the old folder hidden and nothing under the name (never a mix of old and new).
	 */
	public void commitReplacing(Path target) throws IOException {
		Path old = null;
		if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
			old = target.toAbsolutePath().resolveSibling(FileTrees.DELETED_PREFIX + UUID.randomUUID());
			Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
		}
		commit(target);
		if (old != null) {
			FileTrees.deleteQuietly(old);
		}
	}

	/** Deletes the temporary folder unless it was committed. */
	@Override
	public void close() {
		if (!committed) {
			FileTrees.deleteQuietly(path);
		}
	}
}
