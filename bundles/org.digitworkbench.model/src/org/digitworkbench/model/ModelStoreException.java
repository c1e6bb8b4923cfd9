package org.digitworkbench.model;

import java.io.IOException;

/** A store operation failed; the message names the model or file and what is wrong, in words a user can act on. */
public class ModelStoreException extends IOException {
	private static final long serialVersionUID = 1L;

	public ModelStoreException(String message) {
		super(message);
	}

	public ModelStoreException(String message, Throwable cause) {
		super(message, cause);
	}
}
