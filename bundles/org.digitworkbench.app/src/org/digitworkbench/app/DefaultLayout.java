package org.digitworkbench.app;

import java.util.List;

import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.descriptor.basic.MPartDescriptor;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspective;
import org.eclipse.e4.ui.model.application.ui.advanced.MPerspectiveStack;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MPartStack;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.model.application.ui.menu.MToolBar;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.util.EcoreUtil;

/**
 * The default perspective, and where views contributed by plug-ins go in it.
 * <p>
 * A view bundle contributes an {@link MPartDescriptor} through its {@code fragment.e4xmi}, tagged {@link #VIEW_TAG},
 * whose category names the stack it belongs in ({@code org.digitworkbench.stack.canvas}, {@code …training},
 * {@code …gallery}, {@code …explorer}). The application knows none of the views by name.
 */
public final class DefaultLayout {

	public static final String PERSPECTIVE_STACK_ID = "org.digitworkbench.app.perspectivestack";
	public static final String PERSPECTIVE_ID = "org.digitworkbench.app.perspective.main";
	/** Tag on a part descriptor that asks for the view to be shown in the default perspective. */
	public static final String VIEW_TAG = "org.digitworkbench.view";
	/**
	 * Tag on a view's part descriptor that puts the view in front of its stack in a fresh default perspective (the
	 * four core views carry it); without it the first view placed in a stack is in front.
	 */
	public static final String FRONT_TAG = "org.digitworkbench.view.front";
	/**
	 * The element ids of Window › Show View's items are this followed by the view's part descriptor id.
	 *
	 * @since 0.1.2
	 */
	public static final String SHOW_VIEW_ITEM_PREFIX = "org.digitworkbench.app.menuitem.showView.";

	private DefaultLayout() {
	}

	/** A fresh copy of the default perspective with every contributed view in its place. */
	public static MPerspective createPerspective(MApplication application, EModelService models, MWindow window) {
		MPerspective perspective = (MPerspective) models.cloneSnippet(application, PERSPECTIVE_ID, window);
		addViews(application, models, perspective, true);
		return perspective;
	}

	/**
	 * Adds the views of plug-ins installed since the layout was saved; views already placed stay where the user put
	 * them, and the view in front of each stack stays in front.
	 */
	public static void addMissingViews(MApplication application, EModelService models, MPerspective perspective) {
		addViews(application, models, perspective, false);
	}

	/**
	 * Gives every view of a saved layout its descriptor's toolbar, menus and handlers as they are now: a part keeps
	 * the copies made when it was created, so without this an update's (or a plug-in's) new commands would never
	 * reach a layout saved before it.
	 *
	 * @since 0.1.2
	 */
	public static void refreshFromDescriptors(MApplication application, EModelService models) {
		for (MPartDescriptor descriptor : application.getDescriptors()) {
			if (!descriptor.getTags().contains(VIEW_TAG)) {
				continue;
			}
			for (MPart part : models.findElements(application, descriptor.getElementId(), MPart.class)) {
				part.getHandlers().clear();
				part.getHandlers().addAll(EcoreUtil.copyAll(descriptor.getHandlers()));
				part.getMenus().clear();
				part.getMenus().addAll(EcoreUtil.copyAll(descriptor.getMenus()));
				part.setToolbar(descriptor.getToolbar() == null ? null
						: (MToolBar) EcoreUtil.copy((EObject) descriptor.getToolbar()));
			}
		}
	}

	private static void addViews(MApplication application, EModelService models, MPerspective perspective,
			boolean fresh) {
		for (MPartDescriptor descriptor : application.getDescriptors()) {
			if (!descriptor.getTags().contains(VIEW_TAG) || !models.findElements(perspective, descriptor.getElementId(),
					MPart.class).isEmpty()) {
				continue;
			}
			MPartStack stack = stackFor(models, perspective, descriptor.getCategory());
			if (stack == null) {
				continue;
			}
			MPart part = models.createPart(descriptor);
			stack.getChildren().add(part);
			if (stack.getSelectedElement() == null || fresh && descriptor.getTags().contains(FRONT_TAG)) {
				stack.setSelectedElement(part);
			}
		}
	}

	private static MPartStack stackFor(EModelService models, MPerspective perspective, String category) {
		List<MPartStack> tagged = category == null ? List.of()
				: models.findElements(perspective, null, MPartStack.class, List.of(category));
		if (!tagged.isEmpty()) {
			return tagged.get(0);
		}
		List<MPartStack> all = models.findElements(perspective, null, MPartStack.class);
		return all.isEmpty() ? null : all.get(all.size() - 1);
	}

	public static MPerspectiveStack perspectiveStack(MApplication application, EModelService models) {
		return (MPerspectiveStack) models.find(PERSPECTIVE_STACK_ID, application);
	}
}
