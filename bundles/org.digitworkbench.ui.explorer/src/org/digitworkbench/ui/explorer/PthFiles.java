package org.digitworkbench.ui.explorer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * What can be told of a {@code .pth} file before anyone is asked about it: that it is a readable, non-empty regular
 * file in {@code torch.save}'s zip format (the only one the store reads). Everything else — the tensors, the names,
 * NaN weights — the store checks when it imports.
 */
final class PthFiles {

	/** The store refuses parameters beyond this (256 MiB); a larger file cannot hold an importable state_dict. */
	static final long MAX_BYTES = 258L << 20;

	private PthFiles() {
	}

	/** Null when the file may be a PyTorch state_dict, else why it is not, in words. */
	static String problem(Path file) {
		try {
			if (Files.isDirectory(file)) {
				return "it is a folder, not a file.";
			}
			if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(file)) {
				return Files.exists(file) ? "it is not a regular file." : "there is no such file.";
			}
			long size = Files.size(file);
			if (size == 0) {
				return "the file is empty.";
			}
			if (size > MAX_BYTES) {
				return String.format(java.util.Locale.ROOT, "the file has %,d bytes; a model's parameters may have at most %,d.",
						size, MAX_BYTES);
			}
			byte[] head = new byte[4];
			int read;
			try (InputStream in = Files.newInputStream(file)) {
				read = in.readNBytes(head, 0, 4);
			}
			if (read < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
				return "it is not in torch.save's zip format (PyTorch 1.6 and later write it by default): "
						+ "save the state_dict with torch.save(model.state_dict(), path).";
			}
			return null;
		} catch (NoSuchFileException e) {
			return "there is no such file.";
		} catch (AccessDeniedException e) {
			return "permission denied.";
		} catch (IOException e) {
			return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
		}
	}
}
