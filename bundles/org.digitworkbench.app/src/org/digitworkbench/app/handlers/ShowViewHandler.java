package org.digitworkbench.app.handlers;

import org.digitworkbench.app.Commands;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.e4.ui.workbench.modeling.EPartService.PartState;

import jakarta.inject.Named;

/** Window › Show View: opens the view (in the stack its descriptor's category names) or brings it to the front. */
public class ShowViewHandler {

	@Execute
	public void execute(EPartService parts, @Named(Commands.SHOW_VIEW_ID) String viewId) {
		parts.showPart(viewId, PartState.ACTIVATE);
	}
}
