package org.digitworkbench.training.internal;

import ai.djl.pytorch.jni.JniUtils;

/**
 * libtorch records operations for autograd per thread, and a new thread starts with recording on. A scope that sets it
 * and restores what the thread had: on while a batch is trained, off while one is evaluated (else every evaluation
 * keeps a graph of all its activations). DJL's {@code GradientCollector} does the first, but only one can exist in
 * the whole process at a time, so two trainings at once could not run.
 */
final class GradMode implements AutoCloseable {

	private final boolean previous;

	private GradMode(boolean enabled) {
		previous = JniUtils.isGradMode();
		JniUtils.setGradMode(enabled);
	}

	static GradMode recording() {
		return new GradMode(true);
	}

	static GradMode off() {
		return new GradMode(false);
	}

	@Override
	public void close() {
		JniUtils.setGradMode(previous);
	}
}
