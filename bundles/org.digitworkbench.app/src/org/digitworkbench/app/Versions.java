package org.digitworkbench.app;

import org.digitworkbench.engine.DataDirectory;
import org.digitworkbench.engine.EngineInfo;
import org.digitworkbench.engine.EngineService;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/** The versions a user quotes in a bug report. */
public final class Versions {

	private Versions() {
	}

	public static String describe(EngineService engine) {
		StringBuilder text = new StringBuilder("Digit Workbench ").append(bundleVersion("org.digitworkbench.app"))
				.append("\n\nTrain, inspect and try neural networks on handwritten digits.\n\n");
		text.append("Eclipse platform: e4 workbench ").append(bundleVersion("org.eclipse.e4.ui.workbench"))
				.append(", SWT ").append(bundleVersion("org.eclipse.swt")).append(", Equinox ")
				.append(bundleVersion("org.eclipse.osgi")).append('\n');
		EngineInfo info = engine == null ? null : engine.current().orElse(null);
		if (info == null) {
			text.append("Engine: still loading\n");
		} else {
			text.append("DJL ").append(info.djlVersion()).append(", ").append(info.name()).append(' ')
					.append(info.version()).append('\n').append("Device: ").append(info.deviceLabel());
			if (info.deviceNote() != null && !info.deviceNote().isBlank()) {
				text.append(" (").append(info.deviceNote()).append(')');
			}
			text.append('\n');
		}
		text.append("Java: ").append(System.getProperty("java.vendor")).append(' ')
				.append(System.getProperty("java.version")).append('\n');
		text.append("Data directory: ").append(DataDirectory.root());
		return text.toString();
	}

	public static String bundleVersion(String symbolicName) {
		Bundle self = FrameworkUtil.getBundle(Versions.class);
		if (self != null) {
			for (Bundle bundle : self.getBundleContext().getBundles()) {
				if (symbolicName.equals(bundle.getSymbolicName())) {
					return bundle.getVersion().toString();
				}
			}
		}
		return "unknown";
	}
}
