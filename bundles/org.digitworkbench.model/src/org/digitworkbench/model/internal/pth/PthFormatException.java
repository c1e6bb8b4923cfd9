package org.digitworkbench.model.internal.pth;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A {@code .pth} file that cannot be imported. The message always reads {@code "<file name>: <problem in words>"} so
 * that it can be shown to the user as it is.
 */
public class PthFormatException extends IOException {

	private static final long serialVersionUID = 1L;

	public PthFormatException(String message) {
		super(message);
	}

	public PthFormatException(String message, Throwable cause) {
		super(message, cause);
	}

	PthFormatException(Path file, String problem) {
		super(fileName(file) + ": " + problem);
	}

	PthFormatException(Path file, String problem, Throwable cause) {
		super(fileName(file) + ": " + problem, cause);
	}

	static String fileName(Path file) {
		Path name = file.getFileName();
		return name == null ? file.toString() : name.toString();
	}
}
