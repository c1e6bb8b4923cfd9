package org.digitworkbench.cli.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.FrameworkUtil;

/**
 * The headless entry: {@code ./digits-workbench <command> [options]}. Exit status 0 on success, 2 on a usage error,
 * 1 on failure with one clear line on stderr.
 */
public class CommandLineApplication implements IApplication {

	static final int OK = 0;
	static final int FAILURE = 1;
	static final int USAGE = 2;

	private final Map<String, Command> commands = new LinkedHashMap<>();

	public CommandLineApplication() {
		register(new InfoCommand());
		register(new TrainCommand());
		register(new EvaluateCommand());
		register(new PredictCommand());
		register(new ModelsCommand());
		StoreCommands.all().forEach(this::register);
		register(new DatasetsCommand());
		register(new BenchmarkCommand());
	}

	private void register(Command command) {
		commands.put(command.name(), command);
	}

	@Override
	public Object start(IApplicationContext application) {
		String[] raw = (String[]) application.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS, new String[0]);
		application.applicationRunning();
		CommandContext context = new CommandContext(FrameworkUtil.getBundle(getClass()).getBundleContext(), System.out,
				System.err);
		return run(Arrays.asList(raw), context);
	}

	int run(List<String> raw, CommandContext context) {
		if (raw.isEmpty() || raw.get(0).equals("help") || raw.get(0).equals("--help") || raw.get(0).equals("-h")) {
			printHelp(raw.isEmpty() ? context.err : context.out);
			return raw.isEmpty() ? USAGE : OK;
		}
		Command command = commands.get(raw.get(0));
		if (command == null) {
			context.err.println("digits-workbench: unknown command '" + raw.get(0) + "'");
			printHelp(context.err);
			return USAGE;
		}
		List<String> arguments = raw.subList(1, raw.size());
		if (arguments.contains("--help") || arguments.contains("-h")) {
			context.out.println("usage: digits-workbench " + command.usage());
			return OK;
		}
		try {
			return command.run(arguments, context);
		} catch (UsageException e) {
			context.err.println("digits-workbench " + command.name() + ": " + e.getMessage());
			context.err.println("usage: digits-workbench " + command.usage());
			return USAGE;
		} catch (Exception | Error e) {
			context.err.println("digits-workbench " + command.name() + ": " + oneLine(e));
			if (Boolean.getBoolean("digitworkbench.debug")) {
				e.printStackTrace(context.err);
			}
			return FAILURE;
		}
	}

	private static String oneLine(Throwable e) {
		String message = e.getMessage();
		if (message == null || message.isBlank()) {
			message = e.getClass().getSimpleName();
		}
		return message.lines().findFirst().orElse(message);
	}

	private void printHelp(java.io.PrintStream stream) {
		stream.println("usage: digits-workbench [<command> [options]]");
		stream.println("Without a command the workbench opens. Commands:");
		for (Command command : commands.values()) {
			stream.printf("  %-14s %s%n", command.name(), command.summary());
			stream.printf("  %-14s   %s%n", "", command.usage());
		}
	}

	@Override
	public void stop() {
		// Commands finish or fail on their own; nothing is held between them.
	}
}
