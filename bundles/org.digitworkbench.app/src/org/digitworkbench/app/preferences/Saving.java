package org.digitworkbench.app.preferences;

import java.io.IOException;

import org.eclipse.jface.preference.IPersistentPreferenceStore;
import org.eclipse.jface.preference.PreferencePage;

/** Apply and OK write a page's stores at once, so that what Apply showed is also what the next start finds. */
final class Saving {

	private Saving() {
	}

	/** Saves {@code stores}; when one fails the page shows why and stays open. */
	static boolean save(PreferencePage page, IPersistentPreferenceStore... stores) {
		for (IPersistentPreferenceStore store : stores) {
			if (!store.needsSaving()) {
				continue;
			}
			try {
				store.save();
			} catch (IOException e) {
				page.setErrorMessage(e.getMessage());
				return false;
			}
		}
		return true;
	}
}
