package org.digitworkbench.cli.internal;

import java.util.List;

/** One verb of {@code ./digits-workbench <command>}. */
interface Command {

	String name();

	/** One line: the arguments it takes. */
	String usage();

	/** One line: what it does. */
	String summary();

	/** @return the process exit status: 0 success, 1 failure (the failure's message goes to stderr) */
	int run(List<String> arguments, CommandContext context) throws Exception;
}
