package org.digitworkbench.model.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs a loaded model's small work (recognising a drawing, explaining it, layer outputs, parameter values) on one
 * thread of its own that ends after a second without work; callers wait for the result as before.
 * <p>
 * Why: libgomp, which runs libtorch's intra-op threads, keeps a pool of workers for every thread that ever ran a
 * parallel kernel, and once it manages more threads than there are cores it stops spinning between kernels. The cnn's
 * convolutions are parallel even for one image: recognising one drawing on the UI thread gave it a pool for good, and
 * from then on every training from the console slept between kernels (5 mlp epochs 21-23 s instead of 9-10 s, 2
 * cores). A thread that ends takes its pool with it (see {@link OwnThread} for the long work).
 */
final class IdleThread implements AutoCloseable {

	private final ThreadPoolExecutor executor;
	private volatile Thread current;

	IdleThread(String name) {
		executor = new ThreadPoolExecutor(1, 1, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), work -> {
			Thread thread = new Thread(() -> {
				current = Thread.currentThread();
				work.run();
			}, name);
			thread.setDaemon(true);
			return thread;
		});
		executor.allowCoreThreadTimeOut(true);
	}

	/** {@code work}'s result, computed on this thread; what it throws unchecked is thrown here. */
	<T> T call(Callable<T> work) {
		if (Thread.currentThread() == current) { // called from work already on it
			return direct(work);
		}
		Future<T> result = executor.submit(work);
		boolean interrupted = false;
		try {
			while (true) {
				try {
					return result.get();
				} catch (InterruptedException e) { // the work is short: wait for it rather than leave it half done
					interrupted = true;
				}
			}
		} catch (ExecutionException e) {
			if (e.getCause() instanceof RuntimeException unchecked) {
				throw unchecked;
			}
			if (e.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(e.getCause());
		} finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	private static <T> T direct(Callable<T> work) {
		try {
			return work.call();
		} catch (RuntimeException e) {
			throw e;
		} catch (Exception e) {
			throw new IllegalStateException(e);
		}
	}

	@Override
	public void close() {
		executor.shutdown();
	}
}
