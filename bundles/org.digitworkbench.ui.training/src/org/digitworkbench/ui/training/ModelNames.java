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
		String base = org.digitworkbench.model.ModelNames.safe(architectureId, 40) + "-" + now.format(MINUTE);
		String name = base;
		for (int i = 2; taken.contains(name); i++) {
			name = base + "-" + i;
		}
		return name;
	}
}
