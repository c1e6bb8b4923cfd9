package org.digitworkbench.ui.gallery;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;

/** Export PNG…: writes the images the gallery shows as one PNG grid; active while the Predictions view is. */
public class ExportPngHandler {

	@CanExecute
	public boolean canExecute(@Optional GalleryPart gallery) {
		return gallery != null && gallery.canExport();
	}

	@Execute
	public void execute(GalleryPart gallery) {
		gallery.chooseExportFile();
	}
}
