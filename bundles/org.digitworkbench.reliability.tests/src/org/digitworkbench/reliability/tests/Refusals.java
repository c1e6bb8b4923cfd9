package org.digitworkbench.reliability.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.function.Executable;

/** What every refusal must be: one line, naming the user's file and the reason. */
final class Refusals {

	private Refusals() {
	}

	/**
	 * Runs {@code action}, which must fail with {@code type}; its message must be one line holding {@code file} and
	 * every one of {@code reason}, and must not name a temporary folder of the store.
	 *
	 * @return the message
	 */
	static <T extends Throwable> String assertRefused(Class<T> type, String file, Executable action, String... reason) {
		T e = assertThrows(type, action, file + " is refused");
		String message = e.getMessage();
		assertEquals(1, message.lines().count(), "one line: " + message);
		assertTrue(message.contains(file), "names " + file + ": " + message);
		for (String part : reason) {
			assertTrue(message.contains(part), "says '" + part + "': " + message);
		}
		assertTrue(!message.contains(".tmp-") && !message.contains("Exception"),
				"no internal path or exception name: " + message + " (" + Arrays.toString(reason) + ")");
		return message;
	}
}
