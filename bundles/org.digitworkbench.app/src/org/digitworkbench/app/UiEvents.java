package org.digitworkbench.app;

/**
 * Topics views use to talk to each other without knowing each other's classes (posted through {@code IEventBroker};
 * the object posted is the event's data).
 */
public final class UiEvents {

	/**
	 * Show a picture on the drawing canvas: data is an {@code org.digitworkbench.preprocess.InkImage} (e.g. a
	 * gallery image, double-clicked).
	 */
	public static final String OPEN_IN_CANVAS = "org/digitworkbench/ui/OPEN_IN_CANVAS";

	private UiEvents() {
	}
}
