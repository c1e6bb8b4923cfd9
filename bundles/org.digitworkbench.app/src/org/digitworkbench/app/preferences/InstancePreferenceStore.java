package org.digitworkbench.app.preferences;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.eclipse.core.runtime.ListenerList;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.IPersistentPreferenceStore;
import org.eclipse.jface.preference.IPreferenceStore;
import org.eclipse.jface.util.IPropertyChangeListener;
import org.eclipse.jface.util.PropertyChangeEvent;
import org.osgi.service.prefs.BackingStoreException;

/**
 * JFace's {@link IPreferenceStore} over one instance-scope preference node, so that JFace's field editors and
 * preference pages edit the same values that e4's {@code @Preference} injection and {@code InstanceScope} readers see
 * (org.eclipse.ui.workbench's {@code ScopedPreferenceStore} is not in this e4 product).
 * <p>
 * Defaults live in the store, not in the node: a value equal to its default is removed from the node, so the node
 * holds only what the user changed, and a reader that finds nothing uses its own default (the same number).
 */
public final class InstancePreferenceStore implements IPersistentPreferenceStore {

	private final String nodePath;
	private final Map<String, String> defaults = new HashMap<>();
	private final ListenerList<IPropertyChangeListener> listeners = new ListenerList<>();
	private boolean dirty;

	/** The store over instance-scope node {@code nodePath} (by custom a bundle's symbolic name). */
	public InstancePreferenceStore(String nodePath) {
		this.nodePath = nodePath;
	}

	private IEclipsePreferences node() {
		return InstanceScope.INSTANCE.getNode(nodePath);
	}

	public String nodePath() {
		return nodePath;
	}

	// ---- listeners

	@Override
	public void addPropertyChangeListener(IPropertyChangeListener listener) {
		listeners.add(listener);
	}

	@Override
	public void removePropertyChangeListener(IPropertyChangeListener listener) {
		listeners.remove(listener);
	}

	@Override
	public void firePropertyChangeEvent(String name, Object oldValue, Object newValue) {
		if (Objects.equals(oldValue, newValue)) {
			return;
		}
		PropertyChangeEvent event = new PropertyChangeEvent(this, name, oldValue, newValue);
		for (IPropertyChangeListener listener : listeners) {
			listener.propertyChange(event);
		}
	}

	// ---- reading

	@Override
	public boolean contains(String name) {
		return node().get(name, null) != null || defaults.containsKey(name);
	}

	@Override
	public boolean isDefault(String name) {
		return node().get(name, null) == null;
	}

	@Override
	public String getString(String name) {
		return node().get(name, getDefaultString(name));
	}

	@Override
	public boolean getBoolean(String name) {
		return Boolean.parseBoolean(getString(name));
	}

	@Override
	public int getInt(String name) {
		return parse(getString(name), getDefaultString(name), Integer::parseInt, 0);
	}

	@Override
	public long getLong(String name) {
		return parse(getString(name), getDefaultString(name), Long::parseLong, 0L);
	}

	@Override
	public double getDouble(String name) {
		return parse(getString(name), getDefaultString(name), Double::parseDouble, 0.0);
	}

	@Override
	public float getFloat(String name) {
		return parse(getString(name), getDefaultString(name), Float::parseFloat, 0f);
	}

	@Override
	public String getDefaultString(String name) {
		return defaults.getOrDefault(name, "");
	}

	@Override
	public boolean getDefaultBoolean(String name) {
		return Boolean.parseBoolean(getDefaultString(name));
	}

	@Override
	public int getDefaultInt(String name) {
		return parse(getDefaultString(name), "0", Integer::parseInt, 0);
	}

	@Override
	public long getDefaultLong(String name) {
		return parse(getDefaultString(name), "0", Long::parseLong, 0L);
	}

	@Override
	public double getDefaultDouble(String name) {
		return parse(getDefaultString(name), "0", Double::parseDouble, 0.0);
	}

	@Override
	public float getDefaultFloat(String name) {
		return parse(getDefaultString(name), "0", Float::parseFloat, 0f);
	}

	/** A value someone edited into the file by hand that is no number reads as the default. */
	private static <T> T parse(String value, String fallback, java.util.function.Function<String, T> parser, T zero) {
		try {
			return parser.apply(value.strip());
		} catch (NumberFormatException e) {
			try {
				return parser.apply(fallback.strip());
			} catch (NumberFormatException again) {
				return zero;
			}
		}
	}

	// ---- defaults

	@Override
	public void setDefault(String name, String value) {
		defaults.put(name, value);
	}

	@Override
	public void setDefault(String name, boolean value) {
		setDefault(name, Boolean.toString(value));
	}

	@Override
	public void setDefault(String name, int value) {
		setDefault(name, Integer.toString(value));
	}

	@Override
	public void setDefault(String name, long value) {
		setDefault(name, Long.toString(value));
	}

	@Override
	public void setDefault(String name, double value) {
		setDefault(name, Double.toString(value));
	}

	@Override
	public void setDefault(String name, float value) {
		setDefault(name, Float.toString(value));
	}

	// ---- writing

	@Override
	public void setToDefault(String name) {
		String old = getString(name);
		if (node().get(name, null) != null) {
			node().remove(name);
			dirty = true;
		}
		firePropertyChangeEvent(name, old, getDefaultString(name));
	}

	@Override
	public void setValue(String name, String value) {
		String old = getString(name);
		if (value == null || value.equals(getDefaultString(name))) {
			if (node().get(name, null) != null) {
				node().remove(name);
				dirty = true;
			}
		} else if (!value.equals(node().get(name, null))) {
			node().put(name, value);
			dirty = true;
		}
		firePropertyChangeEvent(name, old, getString(name));
	}

	@Override
	public void putValue(String name, String value) { // as IPreferenceStore says: no event
		if (!Objects.equals(node().get(name, null), value)) {
			if (value == null) {
				node().remove(name);
			} else {
				node().put(name, value);
			}
			dirty = true;
		}
	}

	@Override
	public void setValue(String name, boolean value) {
		setValue(name, Boolean.toString(value));
	}

	@Override
	public void setValue(String name, int value) {
		setValue(name, Integer.toString(value));
	}

	@Override
	public void setValue(String name, long value) {
		setValue(name, Long.toString(value));
	}

	@Override
	public void setValue(String name, double value) {
		setValue(name, Double.toString(value));
	}

	@Override
	public void setValue(String name, float value) {
		setValue(name, Float.toString(value));
	}

	@Override
	public boolean needsSaving() {
		return dirty;
	}

	/** Writes the node to the workspace ({@code .metadata/.plugins/org.eclipse.core.runtime/.settings}). */
	@Override
	public void save() throws IOException {
		try {
			node().flush();
			dirty = false;
		} catch (BackingStoreException e) {
			throw new IOException("The settings " + nodePath + " could not be saved: " + e.getMessage(), e);
		}
	}
}
