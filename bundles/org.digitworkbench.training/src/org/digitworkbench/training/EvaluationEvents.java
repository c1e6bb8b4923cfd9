package org.digitworkbench.training;

/**
 * Posted when an evaluation has finished (after a training, or on request), so that the confusion matrix and the
 * gallery can show it: {@link #EVALUATION} holds the {@link Evaluation}, {@link #IMAGES} the evaluated
 * {@code ImageSet}.
 */
public final class EvaluationEvents {

	public static final String DONE = "org/digitworkbench/evaluation/DONE";
	public static final String EVALUATION = "evaluation";
	public static final String IMAGES = "images";

	private EvaluationEvents() {
	}
}
