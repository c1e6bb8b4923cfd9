package org.digitworkbench.model.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Taking a name — the last check that it is free and the rename that takes it — as one step among all threads and
 * processes that use the store: a lock on {@code <store>/.lock} (the operating system's, which a killed process gives
 * up) held by one thread of this process at a time. Without it two writers of {@code Base} and {@code base}, which
 * are different folders on Linux, could both pass the check. Held for milliseconds: nothing slow runs under it.
 */
final class NameLock {

	static final String FILE = ".lock";

	/** What runs under the lock. */
	@FunctionalInterface
	interface Step<T> {
		T run() throws IOException;
	}

	private final ReentrantLock inProcess = new ReentrantLock(); // the OS lock is per process, not per thread

	<T> T holding(Path directory, Step<T> step) throws IOException {
		inProcess.lock();
		try {
			if (inProcess.getHoldCount() > 1) {
				return step.run();
			}
			Files.createDirectories(directory);
			try (FileChannel channel = FileChannel.open(directory.resolve(FILE), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE); FileLock lock = lock(channel)) {
				return step.run();
			}
		} finally {
			inProcess.unlock();
		}
	}

	/** The lock, or null on a file system without locks (a network share): the step then runs unguarded. */
	private static FileLock lock(FileChannel channel) {
		try {
			return channel.lock();
		} catch (IOException e) {
			return null;
		}
	}
}
