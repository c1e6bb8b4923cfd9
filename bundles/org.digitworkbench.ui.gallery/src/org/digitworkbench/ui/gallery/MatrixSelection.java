package org.digitworkbench.ui.gallery;

import java.util.List;

/**
 * The part of the confusion matrix the gallery shows: everything, one cell, one row (a true class) or one column
 * (a predicted class).
 */
record MatrixSelection(Kind kind, int trueClass, int predictedClass) {

	enum Kind {
		ALL, CELL, ROW, COLUMN
	}

	static final MatrixSelection ALL = new MatrixSelection(Kind.ALL, -1, -1);

	static MatrixSelection cell(int trueClass, int predictedClass) {
		return new MatrixSelection(Kind.CELL, trueClass, predictedClass);
	}

	static MatrixSelection row(int trueClass) {
		return new MatrixSelection(Kind.ROW, trueClass, -1);
	}

	static MatrixSelection column(int predictedClass) {
		return new MatrixSelection(Kind.COLUMN, -1, predictedClass);
	}

	/** Whether an image with this label and this prediction belongs to the selection. */
	boolean contains(int label, int prediction) {
		return switch (kind) {
		case ALL -> true;
		case CELL -> label == trueClass && prediction == predictedClass;
		case ROW -> label == trueClass;
		case COLUMN -> prediction == predictedClass;
		};
	}

	/** For people, e.g. {@code true 4 → predicted 9}. */
	String describe(List<String> classNames) {
		return switch (kind) {
		case ALL -> "all test images";
		case CELL -> "true " + classNames.get(trueClass) + " \u2192 predicted " + classNames.get(predictedClass);
		case ROW -> "true " + classNames.get(trueClass) + " (whole row)";
		case COLUMN -> "predicted " + classNames.get(predictedClass) + " (whole column)";
		};
	}
}
