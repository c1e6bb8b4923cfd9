package org.digitworkbench.files;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Files that are replaced whole: each is written as a hidden temporary sibling ({@code .<name>.<random>.tmp}) and
 * renamed onto its name when complete, so a reader sees the old content or the new one, never a part. A write that
 * fails removes its temporary file; a killed process leaves at most that hidden file, never a half-written
 * {@code name}.
 */
public final class AtomicFile {

	/** How the names of files being written end. */
	public static final String TEMPORARY_SUFFIX = ".tmp";

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

	/** A name for a temporary file beside {@code target}: hidden, unique, ending in {@value #TEMPORARY_SUFFIX}. */
	public static Path temporarySibling(Path target) {
		Path absolute = target.toAbsolutePath();
		return absolute.resolveSibling("." + absolute.getFileName() + "." + UUID.randomUUID() + TEMPORARY_SUFFIX);
	}
}
