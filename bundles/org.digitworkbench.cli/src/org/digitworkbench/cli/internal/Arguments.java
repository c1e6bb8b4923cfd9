package org.digitworkbench.cli.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --option value}, {@code --flag} and positional arguments, checked against what a command accepts. */
final class Arguments {

	private final Map<String, String> options = new HashMap<>();
	private final Set<String> flags = new HashSet<>();
	private final List<String> positional = new ArrayList<>();

	private Arguments() {
	}

	static Arguments parse(List<String> raw, Set<String> valueOptions, Set<String> flagOptions) throws UsageException {
		Arguments parsed = new Arguments();
		for (int i = 0; i < raw.size(); i++) {
			String argument = raw.get(i);
			if (!argument.startsWith("--") || argument.equals("--")) {
				parsed.positional.add(argument);
				continue;
			}
			String name = argument.substring(2);
			String inlineValue = null;
			int equals = name.indexOf('=');
			if (equals > 0) {
				inlineValue = name.substring(equals + 1);
				name = name.substring(0, equals);
			}
			if (flagOptions.contains(name) && inlineValue == null) {
				parsed.flags.add(name);
			} else if (valueOptions.contains(name)) {
				String value = inlineValue;
				if (value == null) {
					if (i + 1 >= raw.size()) {
						throw new UsageException("--" + name + " needs a value");
					}
					if (raw.get(i + 1).startsWith("--")) { // "--epochs --name x": the value was forgotten
						throw new UsageException("--" + name + " needs a value before " + raw.get(i + 1)
								+ " (write --" + name + "=VALUE for a value that starts with --)");
					}
					value = raw.get(++i);
				}
				parsed.options.put(name, value);
			} else {
				throw new UsageException("unknown option --" + name);
			}
		}
		return parsed;
	}

	boolean flag(String name) {
		return flags.contains(name);
	}

	String option(String name) {
		return options.get(name);
	}

	String option(String name, String fallback) {
		return options.getOrDefault(name, fallback);
	}

	int intOption(String name, int fallback, int min, int max) throws UsageException {
		String value = options.get(name);
		if (value == null) {
			return fallback;
		}
		try {
			int parsed = Integer.parseInt(value);
			if (parsed < min || parsed > max) {
				throw new UsageException("--" + name + " must be between " + min + " and " + max + ", not " + value);
			}
			return parsed;
		} catch (NumberFormatException e) {
			throw new UsageException("--" + name + " must be a whole number, not '" + value + "'");
		}
	}

	double doubleOption(String name, double fallback, double minExclusive, double max) throws UsageException {
		String value = options.get(name);
		if (value == null) {
			return fallback;
		}
		try {
			double parsed = Double.parseDouble(value);
			if (!(parsed > minExclusive && parsed <= max)) {
				throw new UsageException("--" + name + " must be above " + minExclusive + " and at most " + max + ", not " + value);
			}
			return parsed;
		} catch (NumberFormatException e) {
			throw new UsageException("--" + name + " must be a number, not '" + value + "'");
		}
	}

	/** A fraction in [0, {@code maxExclusive}), e.g. the share held out for validation. */
	double fractionOption(String name, double fallback, double maxExclusive) throws UsageException {
		String value = options.get(name);
		if (value == null) {
			return fallback;
		}
		try {
			double parsed = Double.parseDouble(value);
			if (!(parsed >= 0 && parsed < maxExclusive)) {
				throw new UsageException("--" + name + " must be at least 0 and below " + maxExclusive + ", not " + value);
			}
			return parsed;
		} catch (NumberFormatException e) {
			throw new UsageException("--" + name + " must be a number, not '" + value + "'");
		}
	}

	List<String> positional() {
		return positional;
	}
}
