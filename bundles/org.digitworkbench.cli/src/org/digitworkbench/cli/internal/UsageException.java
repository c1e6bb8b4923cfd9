package org.digitworkbench.cli.internal;

/** The user called a command wrongly: exit status 2 and a usage hint. */
class UsageException extends Exception {
	private static final long serialVersionUID = 1L;

	UsageException(String message) {
		super(message);
	}
}
