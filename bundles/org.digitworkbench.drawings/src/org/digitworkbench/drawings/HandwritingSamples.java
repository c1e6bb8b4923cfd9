package org.digitworkbench.drawings;

import java.io.IOException;
import java.nio.file.Path;

import org.digitworkbench.preprocess.InkImage;

/**
 * The user's own handwriting: drawings kept from the canvas with the digit the user confirmed, one PNG each under
 * {@code datasets/handwriting/<digit>/} in the data directory. Registered as an OSGi service; the same samples are
 * the {@code handwriting} dataset: a model can be fine-tuned on its training split and evaluated on its test split.
 * <p>
 * The split is by digit and by the order the samples were kept in (their file names): of every
 * {@link #HOLD_BACK_EVERY} samples of a digit the second is held back for testing ({@link #isHeldBack}), so one
 * sample of a digit trains, two give one to train and one to test, four give three and one — and a sample keeps its
 * side when more are added.
 */
public interface HandwritingSamples {

	/** The dataset id under which the samples are offered. */
	String DATASET_ID = "handwriting";

	/**
	 * One sample in this many of each digit is held back as the test split.
	 *
	 * @since 0.1.1
	 */
	int HOLD_BACK_EVERY = 4;

	/**
	 * Whether the {@code index}-th sample of a digit (0-based, in the order they were kept) is in the test split.
	 *
	 * @since 0.1.1
	 */
	static boolean isHeldBack(int index) {
		return index % HOLD_BACK_EVERY == 1;
	}

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
