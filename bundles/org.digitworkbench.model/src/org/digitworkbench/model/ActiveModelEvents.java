package org.digitworkbench.model;

/**
 * Posted (asynchronously, on the EventAdmin) by {@link ActiveModel} whenever its state changes: a load started,
 * ended or failed, or no model is active any more. {@link #STATE} holds the new {@link ActiveModel.State}.
 *
 * @since 0.2.0
 */
public final class ActiveModelEvents {

	public static final String CHANGED = "org/digitworkbench/activemodel/CHANGED";
	public static final String STATE = "state";

	private ActiveModelEvents() {
	}
}
