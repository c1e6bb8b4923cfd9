package org.digitworkbench.app;

/**
 * The workbench's own settings (Window › Preferences), kept as instance-scope preferences in node {@link #NODE}; a
 * view reads one with {@code @Preference(nodePath = WorkbenchPreferences.NODE, value = ...)}, which also tells it of
 * changes. The engine's settings are in {@code org.digitworkbench.engine.EngineSettings}.
 *
 * @since 0.1.3
 */
public final class WorkbenchPreferences {

	/** The preference node. */
	public static final String NODE = "org.digitworkbench.app";

	/** The pen width a new drawing starts with, in canvas pixels (the canvas is 280 wide); absent: 18. */
	public static final String PEN_WIDTH = "canvas.penWidth";
	/** The smallest pen width the canvas offers. */
	public static final int MIN_PEN_WIDTH = 4;
	/** The largest pen width the canvas offers. */
	public static final int MAX_PEN_WIDTH = 40;

	/**
	 * The recipe the Training Console fills in where the architecture has it: {@code recommended} or {@code quick}
	 * (the names of {@code ModelArchitecture.presets()}); absent: recommended.
	 */
	public static final String RECIPE = "training.recipe";

	private WorkbenchPreferences() {
	}
}
