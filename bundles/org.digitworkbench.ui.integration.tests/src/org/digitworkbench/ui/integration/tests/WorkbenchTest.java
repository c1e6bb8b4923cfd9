package org.digitworkbench.ui.integration.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.junit.jupiter.api.Test;

/** The product's workbench comes up with every view of the default perspective. */
class WorkbenchTest {

	@Test
	void theDefaultPerspectiveShowsTheFourViews() throws Exception {
		Workbench.run(w -> {
			List<String> ids = Workbench.allParts(w).stream().map(MPart::getElementId).toList();
			System.out.println("parts: " + ids);
			assertTrue(ids.containsAll(List.of("org.digitworkbench.ui.canvas.part", "org.digitworkbench.ui.explorer.part",
					"org.digitworkbench.ui.training.part", "org.digitworkbench.ui.gallery.part")), ids.toString());
		});
	}
}
