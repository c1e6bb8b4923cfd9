package org.digitworkbench.preprocess;

import java.util.Optional;

/** Turns an ink image into the model's input; empty when there is no digit to recognise (a blank image). */
public interface Pipeline {

	/** Short name used on the command line: {@code mnist} or {@code simple}. */
	String id();

	String displayName();

	Optional<ModelInput> apply(InkImage image);
}
