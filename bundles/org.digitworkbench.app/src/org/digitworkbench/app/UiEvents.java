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

	/**
	 * The drawing on the canvas changed (every stroke segment, clear, undo, pipeline switch). Posted as event
	 * properties: {@link #INPUT} holds the {@code org.digitworkbench.preprocess.ModelInput} the model sees (absent
	 * when the canvas is blank), {@link #MODEL_NAME} the canvas's active model (absent when there is none).
	 * Subscribe with {@code @Inject @Optional void on(@UIEventTopic(UiEvents.CANVAS_INPUT) Event event)}.
	 */
	public static final String CANVAS_INPUT = "org/digitworkbench/ui/CANVAS_INPUT";
	public static final String INPUT = "input";

	/**
	 * A line for the workbench's status line (the bottom trim): data is the text, or an empty text to clear it.
	 * Views post what happened — an operation done or failed — so that it is seen wherever the user looks.
	 *
	 * @since 0.1.2
	 */
	public static final String STATUS = "org/digitworkbench/ui/STATUS";
	public static final String MODEL_NAME = "modelName";

	private UiEvents() {
	}
}
