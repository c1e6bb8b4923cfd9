package org.digitworkbench.app.preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.util.PropertyChangeEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** JFace's store over an instance-scope node: what a page writes is what {@code InstanceScope} readers see. */
class InstancePreferenceStoreTest {

	private static final String NODE = "org.digitworkbench.app.tests.store";

	private IEclipsePreferences node() {
		return InstanceScope.INSTANCE.getNode(NODE);
	}

	@AfterEach
	void clear() throws Exception {
		node().clear();
		node().flush();
	}

	@Test
	void valuesRoundTripThroughTheInstanceNode() throws Exception {
		InstancePreferenceStore store = new InstancePreferenceStore(NODE);
		store.setDefault("width", 18);
		store.setDefault("recipe", "recommended");
		assertEquals(18, store.getInt("width"));
		assertTrue(store.isDefault("width"));
		assertFalse(store.needsSaving());

		store.setValue("width", 24);
		store.setValue("recipe", "quick");
		store.setValue("ratio", 0.25);
		store.setValue("on", true);
		assertEquals("24", node().get("width", null), "the node holds what the page set");
		assertEquals(24, store.getInt("width"));
		assertEquals("quick", store.getString("recipe"));
		assertEquals(0.25, store.getDouble("ratio"));
		assertTrue(store.getBoolean("on"));
		assertTrue(store.needsSaving());
		store.save();
		assertFalse(store.needsSaving());

		// another store over the node (the next time the dialog opens) reads the same
		InstancePreferenceStore again = new InstancePreferenceStore(NODE);
		assertEquals(24, again.getInt("width"));
		assertEquals("quick", again.getString("recipe"));

		// the default is not written down: a reader with the same default follows it
		store.setValue("width", 18);
		assertNull(node().get("width", null));
		store.setValue("recipe", "quick");
		store.setToDefault("recipe");
		assertNull(node().get("recipe", null));
		assertEquals("recommended", store.getString("recipe"));
	}

	@Test
	void listenersHearChangesAndNothingElse() {
		InstancePreferenceStore store = new InstancePreferenceStore(NODE);
		store.setDefault("width", 18);
		List<PropertyChangeEvent> heard = new ArrayList<>();
		store.addPropertyChangeListener(heard::add);
		store.setValue("width", 30);
		store.setValue("width", 30); // no change
		store.putValue("width", "31"); // IPreferenceStore: without an event
		store.setToDefault("width");
		assertEquals(2, heard.size(), heard.toString());
		assertEquals("18", heard.get(0).getOldValue());
		assertEquals("30", heard.get(0).getNewValue());
		assertEquals("31", heard.get(1).getOldValue());
		assertEquals("18", heard.get(1).getNewValue());
	}

	@Test
	void aHandEditedValueThatIsNoNumberReadsAsTheDefault() {
		node().put("width", "wide");
		InstancePreferenceStore store = new InstancePreferenceStore(NODE);
		store.setDefault("width", 18);
		assertEquals(18, store.getInt("width"));
		assertEquals(18L, store.getLong("width"));
		assertEquals(0, new InstancePreferenceStore(NODE).getInt("width"), "no default: zero");
	}
}
