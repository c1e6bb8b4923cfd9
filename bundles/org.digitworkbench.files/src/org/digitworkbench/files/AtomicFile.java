package org.digitworkbench.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.UUID;

/**
 * Files that are replaced whole: each is written as a hidden temporary sibling ({@code .<name>.<owner>-<random>.tmp})
 * and renamed onto its name when complete, so a reader sees the old content or the new one, never a part. A write
 * that fails removes its temporary file; a killed process leaves at most that hidden file, never a half-written
 * {@code name}, and the next write in the same folder removes it once its {@link Owner} is dead ({@link Litter}).
 * A new file gets the permissions any new file gets (the umask decides); a replaced one keeps its own.
 */
public final class AtomicFile {

	/** How the names of files being written end. */
	public static final String TEMPORARY_SUFFIX = ".tmp";

	private static final int MAX_NAME_IN_TEMPORARY = 150;

	/** What is written into the file. */
	@FunctionalInterface
	public interface Content {
		void writeTo(OutputStream out) throws IOException;
	}

	private AtomicFile() {
	}

	/** Writes {@code target} (replacing it if it exists) with what {@code content} writes. */
	public static void write(Path target, Content content) throws IOException {
		Path temporary = temporarySibling(target);
		try {
			try (OutputStream out = new BufferedOutputStream(
					Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16)) {
				content.writeTo(out);
			}
			keepPermissions(target, temporary);
			moveOnto(temporary, target);
		} catch (IOException | RuntimeException | Error e) {
			try {
				Files.deleteIfExists(temporary);
			} catch (IOException suppressed) {
				e.addSuppressed(suppressed);
			}
			throw e;
		}
	}

	/** Writes {@code text} as UTF-8. */
	public static void writeString(Path target, String text) throws IOException {
		write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * Renames {@code temporary}, a complete file in the same folder, onto {@code target} in one step, replacing it:
	 * for files written by other means (a download, an image writer) before they take their name.
	 */
	public static void moveOnto(Path temporary, Path target) throws IOException {
		try {
			Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		} catch (AtomicMoveNotSupportedException e) {
			throw new IOException(target + " cannot be written atomically (" + e.getMessage() + ")", e);
		}
	}

	/**
	 * A name for a temporary file beside {@code target}: hidden, unique, naming this process, ending in
	 * {@value #TEMPORARY_SUFFIX}. What dead processes left in that folder is swept first ({@link Litter#sweep}).
	 */
	public static Path temporarySibling(Path target) {
		Path absolute = target.toAbsolutePath();
		Litter.sweep(absolute.getParent());
		String name = absolute.getFileName().toString();
		// the random part and the owner take 60 characters; file names end at 255
		String shortened = name.length() > MAX_NAME_IN_TEMPORARY ? name.substring(0, MAX_NAME_IN_TEMPORARY) : name;
		return absolute.resolveSibling("." + shortened + "." + Owner.current().token() + "-" + UUID.randomUUID()
				+ TEMPORARY_SUFFIX);
	}

	/** A file that is replaced keeps who may read it (a new one has the umask's permissions). */
	private static void keepPermissions(Path target, Path temporary) {
		PosixFileAttributeView old = Files.getFileAttributeView(target, PosixFileAttributeView.class,
				LinkOption.NOFOLLOW_LINKS);
		if (old == null || !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
			return;
		}
		try {
			Files.setPosixFilePermissions(temporary, old.readAttributes().permissions());
		} catch (IOException | UnsupportedOperationException e) {
			// the new file keeps the default permissions
		}
	}
}
