package org.digitworkbench.ui.gallery;

/** How the gallery orders its images. */
enum SortOrder {
	INDEX("Test set order"), LEAST_CONFIDENT("Least confident first"), MOST_CONFIDENT("Most confident first");

	private final String label;

	SortOrder(String label) {
		this.label = label;
	}

	String label() {
		return label;
	}
}
