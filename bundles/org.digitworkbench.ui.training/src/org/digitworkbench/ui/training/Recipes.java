package org.digitworkbench.ui.training;

import java.util.List;
import java.util.Locale;

import org.digitworkbench.model.TrainingOptions;

/**
 * The words for an architecture's recipes ({@code ModelArchitecture.presets()}): the name shown in the console and
 * what a recipe sets beyond the fields the form shows (schedule, Adam's betas, precision), so the person sees where
 * each value of a run comes from.
 */
final class Recipes {

	private Recipes() {
	}

	/** "recommended" → "Recommended", "quick" → "Quick". */
	static String label(String preset) {
		return preset == null || preset.isEmpty() ? "" : preset.substring(0, 1).toUpperCase(Locale.ROOT) + preset.substring(1);
	}

	/** What the recipe sets that has no field: "cosine schedule, Adam betas 0.9 / 0.999, float32". */
	static String hidden(TrainingOptions o) {
		String schedule = switch (o.schedule()) {
		case CONSTANT -> "constant rate";
		case COSINE -> "cosine schedule";
		case ONE_CYCLE -> "one-cycle schedule";
		};
		String precision = o.precision() == TrainingOptions.Precision.MIXED_BFLOAT16
				? "mixed bfloat16 (float32 where the CPU has no bfloat16)"
				: "float32";
		return schedule + ", Adam betas " + number(o.beta1()) + " / " + number(o.beta2()) + ", " + precision;
	}

	/**
	 * The line under the recipe: which recipe the values come from, what it sets without a field, and which fields
	 * the person typed instead ({@code edited}: their captions, in the form's order).
	 */
	static String note(String architecture, String preset, TrainingOptions o, List<String> edited) {
		StringBuilder s = new StringBuilder();
		s.append("Values from the ").append(preset).append(" recipe of ").append(architecture).append(", with ")
				.append(hidden(o)).append('.');
		if (!edited.isEmpty()) {
			s.append(" Typed by you: ").append(String.join(", ", edited)).append(" (<a>use the recipe's</a>).");
		}
		return s.toString();
	}

	/** 0.9 → "0.9", 0.999 → "0.999", 3.0 → "3". */
	static String number(double value) {
		if (value == Math.rint(value) && Math.abs(value) < 1e15) {
			return Long.toString((long) value);
		}
		return Double.toString(value);
	}
}
