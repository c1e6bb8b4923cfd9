package org.digitworkbench.dataset;

import java.io.IOException;
import java.nio.file.Path;

/** An IDX file that is not what it claims to be. The message names the file and what is wrong with it. */
public class IdxFormatException extends IOException {
	private static final long serialVersionUID = 1L;

	private final transient Path file;
	private final String problem;

	public IdxFormatException(Path file, String problem) {
		super(file + ": " + problem);
		this.file = file;
		this.problem = problem;
	}

	public Path file() {
		return file;
	}

	public String problem() {
		return problem;
	}
}
