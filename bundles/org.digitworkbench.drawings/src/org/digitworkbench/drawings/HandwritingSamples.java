package org.digitworkbench.drawings;

import java.io.IOException;
import java.nio.file.Path;

import org.digitworkbench.preprocess.InkImage;

/**
 * The user's own handwriting: drawings kept from the canvas with the digit the user confirmed, one PNG each under
 * {@code datasets/handwriting/<digit>/} in the data directory. Registered as an OSGi service; the same samples are
 * the {@code handwriting} dataset, which the training console can evaluate any model on.
 */
public interface HandwritingSamples {

	/** The dataset id under which the samples are offered. */
	String DATASET_ID = "handwriting";

	/**
	 * Keeps {@code drawing} as a sample of {@code digit} (0–9).
	 *
	 * @return the file written
	 * @throws IOException naming the file when it cannot be written (e.g. a full disk); nothing half-written remains
	 */
	Path save(InkImage drawing, int digit) throws IOException;

	/** How many samples of each digit are kept, index = digit. */
	int[] counts();

	Path folder();
}
