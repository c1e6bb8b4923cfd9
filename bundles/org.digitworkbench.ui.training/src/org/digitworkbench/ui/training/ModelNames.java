package org.digitworkbench.ui.training;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;

/** Proposes names for new models: the architecture and the minute, e.g. {@code mlp-2026-11-25-0712}. */
final class ModelNames {

	private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm");

	private ModelNames() {
	}

	/** A valid name not in {@code taken}: {@code <architecture>-<date>-<time>}, with {@code -2}, {@code -3}… if needed. */
	static String propose(String architectureId, LocalDateTime now, Set<String> taken) {
		String prefix = architectureId == null ? "" : architectureId.replaceAll("[^A-Za-z0-9._-]+", "-");
		prefix = prefix.replaceAll("^[^A-Za-z0-9]+", "");
		if (prefix.length() > 40) {
			prefix = prefix.substring(0, 40);
		}
		String base = (prefix.isEmpty() ? "model" : prefix) + "-" + now.format(MINUTE);
		String name = base;
		for (int i = 2; taken.contains(name); i++) {
			name = base + "-" + i;
		}
		return name;
	}
}
