package org.digitworkbench.ui.explorer;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the explorer writes numbers, times and hashes (the same everywhere, so columns line up and compare). */
final class Formats {

	static final String NONE = "\u2014"; // em dash: unknown or not evaluated
	private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

	private Formats() {
	}

	/** {@code 0.9712} → {@code 97.12 %}; NaN → —. */
	static String percent(double fraction) {
		return Double.isNaN(fraction) ? NONE : String.format(Locale.ROOT, "%.2f %%", 100 * fraction);
	}

	/** A signed difference in percentage points, e.g. {@code +0.43 pt}. */
	static String percentPoints(double fraction) {
		return Double.isNaN(fraction) ? NONE : String.format(Locale.ROOT, "%+.2f pt", 100 * fraction);
	}

	static String decimal(double value, int digits) {
		return Double.isNaN(value) ? NONE : String.format(Locale.ROOT, "%." + digits + "f", value);
	}

	/** {@code 567434} → {@code 567,434}. */
	static String count(long value) {
		return String.format(Locale.ROOT, "%,d", value);
	}

	/** Wall time: {@code 850 ms}, {@code 12.3 s}, {@code 4 min 05 s}, {@code 1 h 02 min}; 0 → — (not trained here). */
	static String duration(long millis) {
		if (millis <= 0) {
			return NONE;
		}
		if (millis < 1000) {
			return millis + " ms";
		}
		if (millis < 60_000) {
			return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
		}
		long seconds = Math.round(millis / 1000.0);
		if (seconds < 3600) {
			return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
		}
		return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
	}

	static String created(Instant created) {
		return created == null ? NONE : CREATED.format(created.atZone(ZoneId.systemDefault()));
	}

	/** The first 12 hex digits, enough to tell files apart at a glance; the tool tip shows all 64. */
	static String shortSha(String sha256) {
		if (sha256 == null || sha256.isEmpty()) {
			return NONE;
		}
		return sha256.length() > 12 ? sha256.substring(0, 12) + "\u2026" : sha256;
	}

	static String orNone(String text) {
		return text == null || text.isBlank() ? NONE : text;
	}
}
