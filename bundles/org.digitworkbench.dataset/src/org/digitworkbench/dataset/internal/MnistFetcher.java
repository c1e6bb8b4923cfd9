package org.digitworkbench.dataset.internal;

import java.io.IOException;
import java.nio.file.Path;

import org.eclipse.core.runtime.SubMonitor;

/** One way of getting MNIST's files that {@code folder} lacks; each goes in through {@link MnistFiles#install}. */
interface MnistFetcher {

	/**
	 * @param work a scratch folder inside {@code folder} (so that a verified file is renamed into place), deleted after
	 * @throws IOException saying what failed and what the user can do instead
	 */
	void fetch(Path folder, Path work, SubMonitor progress) throws IOException;
}
