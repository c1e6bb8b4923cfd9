package org.digitworkbench.reliability.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A process of its own running the same bundles as this test runtime — Equinox started by its launcher, as
 * {@code ./digits-workbench} starts the product — with the same data directory: the product's command line
 * ({@link #commandLine}) or the suite's {@link ChildApplication} ({@link #loop}). Its configuration is a copy of this
 * runtime's {@code config.ini} in a folder of its own (Equinox locks its configuration area), used by one child at a
 * time.
 */
final class Child implements AutoCloseable {

	/** What ./digits-workbench gives the JVM, less what only speeds up a long run. */
	private static final List<String> PRODUCT_VM_OPTIONS = List.of("-Xms64m", "-Xmx1g", "-XX:TieredStopAtLevel=1",
			"-XX:+UseSerialGC", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED", "-Djava.awt.headless=true",
			"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-Dorg.slf4j.simpleLogger.log.ai.djl.util.cuda=error",
			"-Dorg.slf4j.simpleLogger.log.ai.djl.pytorch.jni=error", "-Dai.djl.pytorch.num_interop_threads=1",
			"-Dai.djl.pytorch.num_threads=1");
	/** This runtime's settings the child must share: data directory, MNIST, engine. */
	private static final List<String> SHARED_PROPERTIES = List.of("digitworkbench.data", "digitworkbench.mnist",
			"digitworkbench.fixtures", "ai.djl.offline", "OPT_OUT_TRACKING", "DJL_CACHE_DIR");

	private static Path configuration;

	private final Process process;
	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
	private final StringBuilder stdout = new StringBuilder();
	private final StringBuilder stderr = new StringBuilder();
	private final CompletableFuture<Void> outDone;
	private final CompletableFuture<Void> errDone;

	private Child(Process process) {
		this.process = process;
		this.outDone = CompletableFuture.runAsync(() -> pump(process.getInputStream(), stdout, true));
		this.errDone = CompletableFuture.runAsync(() -> pump(process.getErrorStream(), stderr, false));
	}

	/** {@code ./digits-workbench ARGS...} as a user runs it. */
	static Child commandLine(String... arguments) throws IOException {
		return start("org.digitworkbench.cli.app", arguments);
	}

	/** The suite's child: one store operation in a loop ({@link ChildApplication}). */
	static Child loop(String... arguments) throws IOException {
		return start("org.digitworkbench.reliability.tests.child", arguments);
	}

	/** The outcome of a command line run to its end. */
	record Result(int exit, String out, String err) {
		List<String> errLines() {
			return err.lines().toList();
		}
	}

	/** Runs {@code ./digits-workbench ARGS...} to its end (at most two minutes). */
	static Result run(String... arguments) throws IOException, InterruptedException {
		try (Child child = commandLine(arguments)) {
			child.process.getOutputStream().close();
			if (!child.process.waitFor(2, TimeUnit.MINUTES)) {
				throw new AssertionError("digits-workbench " + String.join(" ", arguments) + " did not end in 2 minutes");
			}
			child.outDone.join();
			child.errDone.join();
			return new Result(child.process.exitValue(), child.stdout.toString(), child.stderr.toString());
		}
	}

	private static synchronized Child start(String application, String... arguments) throws IOException {
		Properties runtime = runtimeConfiguration();
		List<String> command = new ArrayList<>();
		command.add(ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin",
				"java").toString()));
		command.addAll(PRODUCT_VM_OPTIONS);
		command.add("-Djava.util.logging.config.file=" + projectRoot().resolve("releng/logging.properties"));
		for (String name : SHARED_PROPERTIES) {
			String value = System.getProperty(name);
			if (value != null) {
				command.add("-D" + name + "=" + value);
			}
		}
		command.addAll(List.of("-jar", launcher(runtime).toString(), "-configuration", configuration.toUri().toString(),
				"-application", application, "-data", configuration.resolveSibling("child-workspace").toString(),
				"-nosplash"));
		command.addAll(Arrays.asList(arguments));
		return new Child(new ProcessBuilder(command).start());
	}

	/** The checkout this runtime was built from (the build points the tests at its {@code fixtures/}). */
	static Path projectRoot() {
		return Path.of(System.getProperty("digitworkbench.fixtures")).toAbsolutePath().getParent();
	}

	/** This runtime's {@code config.ini}, copied once into the children's configuration folder. */
	private static Properties runtimeConfiguration() throws IOException {
		Path area = Path.of(URI.create(System.getProperty("osgi.configuration.area")));
		Properties properties = new Properties();
		try (Reader in = Files.newBufferedReader(area.resolve("config.ini"))) {
			properties.load(in);
		}
		if (configuration == null) {
			configuration = Files.createDirectories(area.resolveSibling("child-configuration"));
			Files.copy(area.resolve("config.ini"), configuration.resolve("config.ini"),
					java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		return properties;
	}

	/** The Equinox launcher among this runtime's bundles. */
	private static Path launcher(Properties runtime) {
		for (String entry : runtime.getProperty("osgi.bundles").split(",")) {
			String location = entry.replaceFirst("^reference:", "").replaceFirst("@.*$", "");
			if (location.matches(".*/org\\.eclipse\\.equinox\\.launcher[-_][0-9][^/]*\\.jar")) {
				return Path.of(URI.create(location));
			}
		}
		throw new IllegalStateException("no org.eclipse.equinox.launcher in " + runtime.getProperty("osgi.bundles"));
	}

	private void pump(InputStream stream, StringBuilder into, boolean queue) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				synchronized (into) {
					into.append(line).append('\n');
				}
				if (queue) {
					lines.add(line);
				}
			}
		} catch (IOException e) {
			// the process was killed
		}
	}

	/** Waits (at most {@code seconds}) for the child to print {@code expected} as a line of its own. */
	void await(String expected, int seconds) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (System.nanoTime() < deadline) {
			String line = lines.poll(100, TimeUnit.MILLISECONDS);
			if (expected.equals(line)) {
				return;
			}
			if (line == null && !process.isAlive() && lines.isEmpty()) {
				break;
			}
		}
		throw new AssertionError("the child did not say '" + expected + "' (alive: " + process.isAlive() + ")\nstdout: "
				+ stdout + "\nstderr: " + stderr);
	}

	/** Sends one line to the child. */
	void tell(String line) throws IOException {
		OutputStream in = process.getOutputStream();
		in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
		in.flush();
	}

	long pid() {
		return process.pid();
	}

	boolean isAlive() {
		return process.isAlive();
	}

	String stderr() {
		synchronized (stderr) {
			return stderr.toString();
		}
	}

	/** {@code kill -9}, and waits until the process is gone (reaped). */
	void kill() throws InterruptedException {
		process.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no finally block runs
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			throw new AssertionError("child " + process.pid() + " outlived kill -9");
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (process.isAlive()) {
			kill();
		}
	}
}
