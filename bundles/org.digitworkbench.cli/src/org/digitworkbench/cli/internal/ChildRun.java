package org.digitworkbench.cli.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A whole process the benchmark times from outside — this product's own {@code train} command, or the PyTorch peer —
 * with its peak resident memory (read from {@code /proc} while it runs) and the resident memory after each epoch.
 */
final class ChildRun {

	private static final Pattern EPOCH = Pattern.compile("^Epoch (\\d+)/(\\d+):.*\\(([0-9.]+) s\\)\\s*$");

	/** @param seconds whole process, start to exit */
	record Result(int exitCode, double seconds, long peakResidentMb, List<Double> epochSeconds, List<Long> residentMbAfterEpoch,
			List<String> output) {

		String lastLine() {
			return output.isEmpty() ? "" : output.get(output.size() - 1);
		}
	}

	private ChildRun() {
	}

	/**
	 * The command line that started this process with this product's command {@code arguments} in place of the ones it
	 * was given ({@code current} names the first of those), or empty when it cannot be told (not started by the
	 * launcher).
	 */
	static Optional<List<String>> sameProduct(String current, List<String> arguments) {
		ProcessHandle.Info info = ProcessHandle.current().info();
		Optional<String> command = info.command();
		Optional<String[]> given = info.arguments();
		if (command.isEmpty() || given.isEmpty()) {
			return Optional.empty();
		}
		List<String> all = List.of(given.get());
		int application = all.indexOf("-application");
		int first = application < 0 ? -1 : all.subList(application, all.size()).indexOf(current);
		if (first < 0) {
			return Optional.empty();
		}
		List<String> line = new ArrayList<>();
		line.add(command.get());
		line.addAll(all.subList(0, application + first));
		line.addAll(arguments);
		return Optional.of(line);
	}

	/** Runs {@code command} to its end, passing each output line (stdout and stderr together) to {@code lines}. */
	static Result run(List<String> command, Consumer<String> lines) throws IOException, InterruptedException {
		return run(command, Set.of(), lines);
	}

	/** As {@link #run(List, Consumer)}, with the environment variables {@code unset} removed from the child's. */
	static Result run(List<String> command, Set<String> unset, Consumer<String> lines)
			throws IOException, InterruptedException {
		ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
		builder.environment().keySet().removeAll(unset);
		long start = System.nanoTime();
		Process process = builder.start();
		long[] peakKb = { 0 };
		Path status = Path.of("/proc", Long.toString(process.pid()), "status");
		Thread sampler = new Thread(() -> {
			while (process.isAlive()) {
				peakKb[0] = Math.max(peakKb[0], field(status, "VmHWM:"));
				try {
					Thread.sleep(50);
				} catch (InterruptedException e) {
					return;
				}
			}
		}, "benchmark memory sampler");
		sampler.setDaemon(true);
		sampler.start();
		List<String> output = new CopyOnWriteArrayList<>();
		List<Double> epochSeconds = new ArrayList<>();
		List<Long> resident = new ArrayList<>();
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				output.add(line);
				Matcher epoch = EPOCH.matcher(line);
				if (epoch.matches()) {
					epochSeconds.add(Double.parseDouble(epoch.group(3)));
					resident.add(field(status, "VmRSS:") >> 10);
				}
				lines.accept(line);
			}
		}
		int exit = process.waitFor();
		double seconds = (System.nanoTime() - start) / 1e9;
		sampler.interrupt();
		sampler.join();
		return new Result(exit, seconds, peakKb[0] >> 10, epochSeconds, resident, output);
	}

	/** A {@code kB} field of {@code /proc/PID/status}, 0 once the process is gone (or not on Linux). */
	private static long field(Path status, String name) {
		try {
			for (String line : Files.readAllLines(status)) {
				if (line.startsWith(name)) {
					return Long.parseLong(line.replaceAll("\\D", ""));
				}
			}
		} catch (IOException | NumberFormatException e) {
			// the process has just ended
		}
		return 0;
	}
}
