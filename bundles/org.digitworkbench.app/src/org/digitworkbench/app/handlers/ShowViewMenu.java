package org.digitworkbench.app.handlers;

import java.util.Comparator;
import java.util.List;

import org.digitworkbench.app.Commands;
import org.digitworkbench.app.DefaultLayout;
import org.eclipse.e4.ui.di.AboutToShow;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.commands.MCommand;
import org.eclipse.e4.ui.model.application.commands.MParameter;
import org.eclipse.e4.ui.model.application.descriptor.basic.MPartDescriptor;
import org.eclipse.e4.ui.model.application.ui.menu.MHandledMenuItem;
import org.eclipse.e4.ui.model.application.ui.menu.MMenuElement;
import org.eclipse.e4.ui.workbench.modeling.EModelService;

/**
 * Window › Show View: one item per registered view — every part descriptor tagged {@link DefaultLayout#VIEW_TAG},
 * plug-ins' included — in alphabetical order, each running {@link Commands#SHOW_VIEW} for it.
 */
public class ShowViewMenu {

	@AboutToShow
	public void aboutToShow(List<MMenuElement> items, MApplication application, EModelService models) {
		MCommand showView = application.getCommands().stream().filter(c -> Commands.SHOW_VIEW.equals(c.getElementId()))
				.findFirst().orElse(null);
		if (showView == null) {
			return;
		}
		application.getDescriptors().stream().filter(d -> d.getTags().contains(DefaultLayout.VIEW_TAG))
				.sorted(Comparator.comparing(MPartDescriptor::getLocalizedLabel, String.CASE_INSENSITIVE_ORDER))
				.forEach(descriptor -> {
					MHandledMenuItem item = models.createModelElement(MHandledMenuItem.class);
					item.setElementId(DefaultLayout.SHOW_VIEW_ITEM_PREFIX + descriptor.getElementId());
					item.setLabel(descriptor.getLocalizedLabel());
					item.setTooltip(descriptor.getLocalizedTooltip());
					item.setIconURI(descriptor.getIconURI());
					item.setCommand(showView);
					MParameter parameter = models.createModelElement(MParameter.class);
					parameter.setName(Commands.SHOW_VIEW_ID);
					parameter.setValue(descriptor.getElementId());
					item.getParameters().add(parameter);
					items.add(item);
				});
	}
}
