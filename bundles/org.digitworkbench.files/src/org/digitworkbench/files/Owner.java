package org.digitworkbench.files;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The process that writes a temporary file or holds a reservation, written into its name or content as a token
 * ({@code <pid>-<start in epoch milliseconds>}), so that what a killed process left behind can be told from what a
 * live one — this process or another — is still writing. The start time makes a recycled process id harmless.
 *
 * @param pid         the process id
 * @param startMillis when the process started (epoch milliseconds), 0 where the system does not say
 * @since 0.1.1
 */
public record Owner(long pid, long startMillis) {

	/** How a token looks: the id and the start time, both decimal. */
	private static final Pattern TOKEN = Pattern.compile("(\\d{1,10})-(\\d{1,15})");

	/** Processes started within this of each other count as the same (the start time is read in clock ticks). */
	private static final long START_TOLERANCE_MILLIS = 2000;

	private static final Owner CURRENT = of(ProcessHandle.current());

	/** This process. */
	public static Owner current() {
		return CURRENT;
	}

	/** {@code <pid>-<startMillis>}: digits and one '-', safe in a file name. */
	public String token() {
		return pid + "-" + startMillis;
	}

	/** The owner a {@link #token()} names, or empty when {@code token} is not one. */
	public static Optional<Owner> parse(String token) {
		Matcher matcher = token == null ? null : TOKEN.matcher(token.strip());
		if (matcher == null || !matcher.matches()) {
			return Optional.empty();
		}
		return Optional.of(new Owner(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2))));
	}

	/**
	 * Whether this process still runs. A process that cannot be asked about its start time counts as alive while its
	 * id is in use: what it owns is then kept rather than taken from under it.
	 */
	public boolean isAlive() {
		Optional<ProcessHandle> handle = ProcessHandle.of(pid);
		if (handle.isEmpty() || !handle.get().isAlive()) {
			return false;
		}
		if (startMillis == 0) {
			return true;
		}
		Optional<Instant> start = handle.get().info().startInstant();
		return start.isEmpty() || Math.abs(start.get().toEpochMilli() - startMillis) <= START_TOLERANCE_MILLIS;
	}

	private static Owner of(ProcessHandle process) {
		return new Owner(process.pid(), process.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
	}
}
