package org.digitworkbench.dataset;

/** The two halves every dataset offers. */
public enum Split {
	TRAIN, TEST
}
