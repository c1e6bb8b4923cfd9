package org.digitworkbench.ui.canvas;

import java.util.ArrayList;
import java.util.List;

import org.digitworkbench.preprocess.InkImage;
import org.eclipse.e4.core.di.annotations.Creatable;

import jakarta.inject.Singleton;

/**
 * The drawing, kept outside the canvas widget: the strokes, an opened picture, the pen width and the preprocessing
 * chosen. One for the workbench (made by dependency injection), so that closing and reopening the canvas view, or
 * Window › Reset Perspective, brings the drawing back as it was.
 */
@Creatable
@Singleton
public class CanvasSession {

	final List<DrawingArea.Stroke> strokes = new ArrayList<>();
	/** A picture opened from elsewhere (the gallery) that the strokes draw over; null when none. */
	InkImage background;
	/** The pen width for new strokes; 0 until the view sets its default. */
	int penWidth;
	int pipeline;
}
