package org.digitworkbench.cli.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.digitworkbench.engine.EngineService;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;

/** The small store verbs: import, export, delete, rename, activate. */
final class StoreCommands {

	private StoreCommands() {
	}

	static List<Command> all() {
		return List.of(new Import(), new Export(), new Delete(), new Rename(), new Activate());
	}

	private abstract static class StoreCommand implements Command {
		final ModelStore store(CommandContext context) {
			return context.service(ModelStore.class);
		}

		static List<String> positional(Arguments arguments, int count, String what) throws UsageException {
			if (arguments.positional().size() != count) {
				throw new UsageException("expected " + what);
			}
			return arguments.positional();
		}
	}

	static final class Import extends StoreCommand {
		@Override
		public String name() {
			return "import";
		}

		@Override
		public String usage() {
			return "import --arch mlp --name NAME FILE.pth   |   import [--name NAME] FILE.zip";
		}

		@Override
		public String summary() {
			return "import a PyTorch state_dict (.pth) or an exported model (.zip)";
		}

		@Override
		public int run(List<String> raw, CommandContext context) throws Exception {
			Arguments arguments = Arguments.parse(raw, Set.of("arch", "name"), Set.of());
			Path file = Path.of(positional(arguments, 1, "one file").get(0));
			context.service(EngineService.class).awaitReady();
			ModelMetadata imported;
			if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
				imported = store(context).importZip(file, arguments.option("name"));
			} else {
				String arch = arguments.option("arch");
				String name = arguments.option("name");
				if (arch == null || name == null) {
					throw new UsageException("a .pth import needs --arch and --name");
				}
				imported = store(context).importPytorch(file, arch, name);
			}
			context.out.printf("Imported %s as model %s (%s, %d parameters)%n", file, imported.name(),
					imported.architectureId(), imported.parameterCount());
			return CommandLineApplication.OK;
		}
	}

	static final class Export extends StoreCommand {
		@Override
		public String name() {
			return "export";
		}

		@Override
		public String usage() {
			return "export [--model NAME] FILE.zip";
		}

		@Override
		public String summary() {
			return "write a model (parameters and metadata) to one zip";
		}

		@Override
		public int run(List<String> raw, CommandContext context) throws Exception {
			Arguments arguments = Arguments.parse(raw, Set.of("model"), Set.of());
			Path file = Path.of(positional(arguments, 1, "the zip file to write").get(0));
			ModelStore store = store(context);
			String name = arguments.option("model");
			if (name == null) {
				name = store.activeModel().orElseThrow(() -> new UsageException("no --model given and no active model"));
			}
			store.exportZip(name, file);
			context.out.println("Exported " + name + " to " + file.toAbsolutePath());
			return CommandLineApplication.OK;
		}
	}

	static final class Delete extends StoreCommand {
		@Override
		public String name() {
			return "delete";
		}

		@Override
		public String usage() {
			return "delete NAME";
		}

		@Override
		public String summary() {
			return "delete a saved model";
		}

		@Override
		public int run(List<String> raw, CommandContext context) throws Exception {
			String name = positional(Arguments.parse(raw, Set.of(), Set.of()), 1, "the model's name").get(0);
			store(context).delete(name);
			context.out.println("Deleted " + name);
			return CommandLineApplication.OK;
		}
	}

	static final class Rename extends StoreCommand {
		@Override
		public String name() {
			return "rename";
		}

		@Override
		public String usage() {
			return "rename NAME NEW-NAME";
		}

		@Override
		public String summary() {
			return "rename a saved model";
		}

		@Override
		public int run(List<String> raw, CommandContext context) throws Exception {
			List<String> names = positional(Arguments.parse(raw, Set.of(), Set.of()), 2, "the old and the new name");
			store(context).rename(names.get(0), names.get(1));
			context.out.println("Renamed " + names.get(0) + " to " + names.get(1));
			return CommandLineApplication.OK;
		}
	}

	static final class Activate extends StoreCommand {
		@Override
		public String name() {
			return "activate";
		}

		@Override
		public String usage() {
			return "activate NAME";
		}

		@Override
		public String summary() {
			return "choose the model the canvas and predict use by default";
		}

		@Override
		public int run(List<String> raw, CommandContext context) throws Exception {
			String name = positional(Arguments.parse(raw, Set.of(), Set.of()), 1, "the model's name").get(0);
			store(context).setActiveModel(name);
			context.out.println("Active model: " + name);
			return CommandLineApplication.OK;
		}
	}
}
