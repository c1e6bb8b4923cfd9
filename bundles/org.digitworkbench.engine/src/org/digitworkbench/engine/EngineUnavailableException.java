package org.digitworkbench.engine;

/** The engine could not be loaded; the message says why in words a user can act on. */
public class EngineUnavailableException extends Exception {
	private static final long serialVersionUID = 1L;

	public EngineUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}
}
