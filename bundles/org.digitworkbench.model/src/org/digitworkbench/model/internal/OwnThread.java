package org.digitworkbench.model.internal;

import java.util.concurrent.Callable;

/**
 * Runs libtorch work (a training, an evaluation, opening a model) on a thread of its own that ends with it.
 * <p>
 * Why: libgomp, which runs libtorch's intra-op threads, keeps a pool of workers for every thread that ever ran a
 * parallel kernel, and as soon as it manages more threads than there are cores it stops spinning between kernels (100
 * turns instead of 300,000) and puts every waiting worker to sleep. Jobs run on a pool of worker threads that outlive
 * them: in the workbench, a second training from the console ran on another worker, beside the idle pool of the first
 * one's, and its 5 mlp epochs took 21.3 s instead of 11.5 s (2 cores, 2026-12-02). Opening a model copies its
 * parameters in, which for a large layer is a parallel kernel too. A thread that ends takes its pool with it.
 * <p>
 * For the core's engine-side code (the training bundle's too), not API.
 */
public final class OwnThread {

	private OwnThread() {
	}

	/** {@code work}'s result, computed on a new thread named {@code name}; what it throws is thrown here. */
	public static <T> T call(String name, Callable<T> work) throws Exception {
		Object[] outcome = new Object[2]; // result, failure
		Thread thread = new Thread(() -> {
			try {
				outcome[0] = work.call();
			} catch (Throwable e) {
				outcome[1] = e;
			}
		}, name);
		thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
		thread.setDaemon(true);
		thread.start();
		boolean interrupted = false;
		while (true) { // the work ends by itself: a cancel reaches it through its progress monitor
			try {
				thread.join();
				break;
			} catch (InterruptedException e) {
				interrupted = true;
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		if (outcome[1] instanceof Exception e) {
			throw e;
		}
		if (outcome[1] instanceof Error e) {
			throw e;
		}
		if (outcome[1] != null) {
			throw new IllegalStateException((Throwable) outcome[1]);
		}
		@SuppressWarnings("unchecked")
		T result = (T) outcome[0];
		return result;
	}
}
