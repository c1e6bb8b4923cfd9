package org.digitworkbench.ui.integration.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.ToolBar;
import org.eclipse.swt.widgets.ToolItem;
import org.junit.jupiter.api.Test;

/** The product's workbench: its views, Window › Show View, and the commands the views put in toolbars. */
class WorkbenchTest {

	private static final String EXPLORER = "org.digitworkbench.ui.explorer.part";

	@Test
	void theDefaultPerspectiveShowsTheFourViews() throws Exception {
		Workbench.run(w -> {
			List<String> ids = Workbench.allParts(w).stream().map(MPart::getElementId).toList();
			assertTrue(ids.containsAll(List.of("org.digitworkbench.ui.canvas.part", EXPLORER,
					"org.digitworkbench.ui.training.part", "org.digitworkbench.ui.gallery.part")), ids.toString());
		});
	}

	@Test
	void showViewListsEveryViewAndBringsAClosedOneBack() throws Exception {
		Workbench.run(w -> {
			Menu showView = submenu(submenu(w.shell().getMenuBar(), "Window"), "Show View");
			showView.notifyListeners(SWT.Show, new Event()); // as when it opens: the views are listed then
			List<String> items = Arrays.stream(showView.getItems()).map(MenuItem::getText).toList();
			assertEquals(List.of("Drawing Canvas", "Model Explorer", "Predictions", "Training Console"), items,
					"every registered view, in alphabetical order");

			MPart explorer = w.part(EXPLORER);
			w.parts().hidePart(explorer);
			w.spinUntil(() -> !explorer.isToBeRendered() || explorer.getWidget() == null, Duration.ofSeconds(10),
					"the explorer closed");
			MenuItem item = Arrays.stream(showView.getItems()).filter(i -> i.getText().equals("Model Explorer"))
					.findFirst().orElseThrow();
			item.notifyListeners(SWT.Selection, new Event());
			w.spinUntil(() -> explorer.isToBeRendered() && explorer.getWidget() != null && explorer.isVisible(),
					Duration.ofSeconds(10), "the explorer back");
			assertEquals(explorer, w.parts().getActivePart(), "and in front");
		});
	}

	@Test
	void theExplorersCommandsAreInItsToolbarAndFollowTheSelection() throws Exception {
		Workbench.run(w -> {
			w.show(EXPLORER);
			MPart explorer = w.part(EXPLORER);
			assertNotNull(explorer.getToolbar(), "the descriptor's toolbar");
			ToolBar toolbar = (ToolBar) explorer.getToolbar().getWidget();
			List<String> labels = Arrays.stream(toolbar.getItems()).map(ToolItem::getText).filter(t -> !t.isEmpty())
					.toList();
			assertEquals(List.of("Activate", "Rename\u2026", "Delete\u2026", "Import .pth\u2026", "Import Zip\u2026",
					"Export Zip\u2026"), labels);
			ToolItem importZip = Arrays.stream(toolbar.getItems()).filter(i -> i.getText().startsWith("Import Zip"))
					.findFirst().orElseThrow();
			w.spinUntil(importZip::isEnabled, Duration.ofSeconds(10), "Import Zip needs no selection");
			ToolItem rename = Arrays.stream(toolbar.getItems()).filter(i -> i.getText().startsWith("Rename"))
					.findFirst().orElseThrow();
			Table table = Workbench.find((Composite) explorer.getWidget(), Table.class, t -> true);
			table.deselectAll();
			table.notifyListeners(SWT.Selection, new Event());
			w.spinUntil(() -> !rename.isEnabled(), Duration.ofSeconds(10), "Rename disabled without a selection");
			if (table.getItemCount() > 0) {
				table.setSelection(0);
				table.notifyListeners(SWT.Selection, new Event());
				w.spinUntil(rename::isEnabled, Duration.ofSeconds(10), "Rename enabled for a selected model");
			}
		});
	}

	/** The submenu {@code label} of {@code menu}, as it is once {@code menu} has opened (JFace fills menus then). */
	static Menu submenu(Menu menu, String label) {
		menu.notifyListeners(SWT.Show, new Event());
		return Arrays.stream(menu.getItems()).filter(i -> i.getText().replace("&", "").equals(label)).findFirst()
				.map(MenuItem::getMenu).orElseThrow(() -> new AssertionError("no menu " + label));
	}
}
