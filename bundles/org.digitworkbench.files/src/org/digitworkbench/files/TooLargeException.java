package org.digitworkbench.files;

import java.io.IOException;

/**
 * Input that holds more than a limit allows (a download, an archive entry). The message states the limit; whoever
 * catches it names the user's file.
 */
public class TooLargeException extends IOException {
	private static final long serialVersionUID = 1L;

	private final long limit;

	public TooLargeException(long limit) {
		super("more than " + limit + " bytes");
		this.limit = limit;
	}

	/** The most bytes that were allowed. */
	public long limit() {
		return limit;
	}
}
