package org.digitworkbench.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.service.prefs.BackingStoreException;

/**
 * The folder a user chose to read a dataset from ({@link DatasetProvider#useFolder}), remembered across restarts as an
 * instance-scope preference (in the workspace of the workbench or of the command line).
 *
 * @since 0.1.2
 */
public final class ChosenFolder {

	private final String node;
	private final String key;

	/** The preference {@code key} in node {@code node} (by custom the bundle's symbolic name). */
	public ChosenFolder(String node, String key) {
		this.node = node;
		this.key = key;
	}

	/** The folder chosen, if one is. */
	public Optional<Path> get() {
		String chosen = preferences().get(key, "");
		return chosen.isBlank() ? Optional.empty() : Optional.of(Path.of(chosen));
	}

	/**
	 * Remembers {@code folder} (made absolute), or forgets the choice when it is null.
	 *
	 * @throws IOException when the preference cannot be saved
	 */
	public void set(Path folder) throws IOException {
		IEclipsePreferences preferences = preferences();
		if (folder == null) {
			preferences.remove(key);
		} else {
			preferences.put(key, folder.toAbsolutePath().normalize().toString());
		}
		try {
			preferences.flush();
		} catch (BackingStoreException e) {
			throw new IOException("the folder setting " + node + "/" + key + " could not be saved: " + e.getMessage(), e);
		}
	}

	private IEclipsePreferences preferences() {
		return InstanceScope.INSTANCE.getNode(node);
	}
}
