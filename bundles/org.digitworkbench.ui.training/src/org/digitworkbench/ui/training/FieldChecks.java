package org.digitworkbench.ui.training;

import java.util.Locale;
import java.util.Set;

import org.digitworkbench.model.TrainingOptions;

/**
 * Reads the hyper-parameter fields' text and says what is wrong with it, in words for the person typing. The ranges
 * are {@link TrainingOptions}' own: each number is tried in a copy of the defaults, so the form refuses exactly what
 * the options refuse.
 */
final class FieldChecks {

	/** A field's value, or the reason it has none. */
	record Checked<T>(T value, String error) {

		static <T> Checked<T> ok(T value) {
			return new Checked<>(value, null);
		}

		static <T> Checked<T> error(String error) {
			return new Checked<>(null, error);
		}

		boolean ok() {
			return error == null;
		}
	}

	private FieldChecks() {
	}

	static Checked<Integer> epochs(String text) {
		Checked<Long> number = integer(text, "Epochs");
		if (!number.ok()) {
			return Checked.error(number.error());
		}
		int epochs = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, number.value()));
		return within(() -> TrainingOptions.DEFAULTS.withEpochs(epochs), epochs);
	}

	static Checked<Integer> batchSize(String text) {
		Checked<Long> number = integer(text, "Batch size");
		if (!number.ok()) {
			return Checked.error(number.error());
		}
		int size = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, number.value()));
		TrainingOptions d = TrainingOptions.DEFAULTS;
		return within(() -> new TrainingOptions(d.epochs(), size, d.learningRate(), d.seed(), d.augment(),
				d.validationFraction()), size);
	}

	static Checked<Double> learningRate(String text) {
		Checked<Double> number = decimal(text, "Learning rate");
		if (!number.ok()) {
			return number;
		}
		TrainingOptions d = TrainingOptions.DEFAULTS;
		return within(() -> new TrainingOptions(d.epochs(), d.batchSize(), number.value(), d.seed(), d.augment(),
				d.validationFraction()), number.value());
	}

	static Checked<Long> seed(String text) {
		return integer(text, "Seed");
	}

	static Checked<Double> validationFraction(String text) {
		Checked<Double> number = decimal(text, "Validation fraction");
		if (!number.ok()) {
			return number;
		}
		TrainingOptions d = TrainingOptions.DEFAULTS;
		return within(() -> new TrainingOptions(d.epochs(), d.batchSize(), d.learningRate(), d.seed(), d.augment(),
				number.value()), number.value());
	}

	/**
	 * The run's options: the fields' values, and what the chosen recipe sets without a field (the schedule, Adam's
	 * betas, the precision), which a plain copy of the defaults would lose.
	 */
	static TrainingOptions options(TrainingOptions recipe, int epochs, int batchSize, double learningRate, long seed,
			boolean augment, double validationFraction) {
		return new TrainingOptions(epochs, batchSize, learningRate, seed, augment, validationFraction, recipe.schedule(),
				recipe.beta1(), recipe.beta2(), recipe.precision());
	}

	/**
	 * @param saved       the names of the models in the store
	 * @param resumable   the names of the runs that wait to be resumed (their checkpoints carry the name)
	 */
	static Checked<String> modelName(String text, Set<String> saved, Set<String> resumable) {
		String name = text.strip();
		if (name.isEmpty()) {
			return Checked.error("Give the model a name");
		}
		if (!org.digitworkbench.model.ModelNames.isValid(name)) {
			return Checked.error(name.length() > org.digitworkbench.model.ModelNames.MAX_LENGTH ? "At most 64 characters"
					: "Letters, digits, '.', '_' and '-' only, starting with a letter or digit");
		}
		String savedAs = sameFolder(name, saved);
		if (savedAs != null) {
			return Checked.error("A saved model is called " + savedAs + " already"
					+ (savedAs.equals(name) ? "" : " (names that differ only in case are one folder)"));
		}
		String resumableAs = sameFolder(name, resumable);
		if (resumableAs != null) {
			return Checked.error("A cancelled run called " + resumableAs + " can be resumed; choose another name");
		}
		return Checked.ok(name);
	}

	/** The name in {@code names} that would be {@code name}'s folder (the same name, or one differing in case). */
	private static String sameFolder(String name, Set<String> names) {
		if (names.contains(name)) {
			return name;
		}
		return names.stream().filter(n -> org.digitworkbench.model.ModelNames.sameFolder(n, name)).findFirst()
				.orElse(null);
	}

	private static Checked<Long> integer(String text, String what) {
		String trimmed = text.strip();
		if (trimmed.isEmpty()) {
			return Checked.error(what + " is needed");
		}
		try {
			return Checked.ok(Long.parseLong(trimmed));
		} catch (NumberFormatException e) {
			return Checked.error(what + " must be a whole number");
		}
	}

	private static Checked<Double> decimal(String text, String what) {
		String trimmed = text.strip();
		if (trimmed.isEmpty()) {
			return Checked.error(what + " is needed");
		}
		try {
			double value = Double.parseDouble(trimmed);
			if (Double.isFinite(value) && !trimmed.endsWith("d") && !trimmed.endsWith("D") && !trimmed.endsWith("f")
					&& !trimmed.endsWith("F")) {
				return Checked.ok(value);
			}
		} catch (NumberFormatException e) {
			// fall through to the message
		}
		return Checked.error(what + " must be a number such as 0.001 or 1e-3");
	}

	private static <T> Checked<T> within(java.util.function.Supplier<TrainingOptions> attempt, T value) {
		try {
			attempt.get();
			return Checked.ok(value);
		} catch (IllegalArgumentException e) {
			return Checked.error(sentence(e.getMessage()));
		}
	}

	/** "learning rate must be …" → "Learning rate must be …". */
	static String sentence(String message) {
		if (message == null || message.isEmpty()) {
			return "Not allowed";
		}
		return message.substring(0, 1).toUpperCase(Locale.ROOT) + message.substring(1);
	}
}
