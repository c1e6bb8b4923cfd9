package org.digitworkbench.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;

/**
 * A dataset of labelled images, registered as an OSGi service (Declarative Services). The training console, the
 * command line and the gallery list every registered provider; a plug-in adds one by registering its own.
 */
public interface DatasetProvider {

	/** Stable id used on the command line and in saved models' metadata, e.g. {@code mnist}. */
	String id();

	/** Name for people, e.g. {@code MNIST handwritten digits}. */
	String displayName();

	/** One name per class, index = label. */
	List<String> classNames();

	int imageRows();

	int imageColumns();

	/**
	 * The mean and standard deviation of this dataset's training pixels (as byte / 255). A training normalises the
	 * images with them and the saved model keeps them, so that whatever feeds the model later feeds it what it learned
	 * on. The default is MNIST's (0.1307, 0.3081); {@link Normalization#measure} computes a split's.
	 *
	 * @since 0.1.2
	 */
	default Normalization normalization() {
		return Normalization.MNIST;
	}

	/** Where the files are, or would be after {@link #fetch}. */
	Path location();

	/** True when the files are present locally; {@link #load} then needs no network. */
	boolean isAvailable();

	/**
	 * Makes the files available locally (download and verify), reporting progress; does nothing when they are
	 * present. A cancelled or interrupted fetch leaves no partial file behind.
	 *
	 * @throws IOException with a message naming what failed and what the user can do (e.g. point to a folder)
	 */
	void fetch(IProgressMonitor monitor) throws IOException;

	/**
	 * Points the provider at a folder the user chose, which already holds the dataset's files; remembered as a
	 * preference across restarts. {@code null} goes back to the default location.
	 *
	 * @throws IOException naming the folder and what is missing or wrong in it; the setting is then unchanged
	 * @throws UnsupportedOperationException when this dataset's location cannot be chosen
	 */
	default void useFolder(Path folder) throws IOException {
		throw new UnsupportedOperationException(displayName() + " does not read from a folder of your choice");
	}

	/**
	 * Reads one split completely; never returns a half-loaded set.
	 *
	 * @throws IdxFormatException when a file is corrupt or truncated (names the file and the problem)
	 * @throws IOException        when the files are missing or unreadable
	 */
	ImageSet load(Split split, IProgressMonitor monitor) throws IOException;
}
