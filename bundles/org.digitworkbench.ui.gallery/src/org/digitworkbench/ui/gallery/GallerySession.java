package org.digitworkbench.ui.gallery;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.training.Evaluation;
import org.eclipse.e4.core.di.annotations.Creatable;

import jakarta.inject.Singleton;

/**
 * The evaluation the Predictions view shows, kept outside its widgets: one for the workbench (made by dependency
 * injection), so that closing and reopening the view, or Window › Reset Perspective, shows it again, under the name
 * its model has now.
 */
@Creatable
@Singleton
public class GallerySession {

	Evaluation evaluation;
	ImageSet images;
	/** The evaluated model's name now: it follows renames (the evaluation keeps the name it was made under). */
	String modelName;
	MatrixSelection selection = MatrixSelection.ALL;
	boolean errorsOnly;
	int sortOrder;
}
