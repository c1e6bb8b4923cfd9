package org.digitworkbench.cli.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.digitworkbench.dataset.DatasetProvider;

/** {@code datasets [--fetch ID] [--json]}: the registered datasets, where their files are, and fetching them. */
final class DatasetsCommand implements Command {

	@Override
	public String name() {
		return "datasets";
	}

	@Override
	public String usage() {
		return "datasets [--json] [--fetch ID] [--use ID FOLDER | --use ID default]";
	}

	@Override
	public String summary() {
		return "list datasets and where their files are; --fetch downloads one, --use reads one from your folder";
	}

	@Override
	public int run(List<String> raw, CommandContext context) throws Exception {
		Arguments arguments = Arguments.parse(raw, Set.of("fetch", "use"), Set.of("json"));
		String use = arguments.option("use");
		if (use != null) {
			if (arguments.positional().size() != 1) {
				throw new UsageException("--use " + use + " needs a folder (or 'default')");
			}
			DatasetProvider provider = Services.dataset(context, use);
			String folder = arguments.positional().get(0);
			try {
				provider.useFolder(folder.equals("default") ? null : java.nio.file.Path.of(folder));
			} catch (UnsupportedOperationException e) {
				throw new UsageException(e.getMessage());
			}
			context.err.println(provider.displayName() + " is read from " + provider.location());
		} else if (!arguments.positional().isEmpty()) {
			throw new UsageException("unexpected argument '" + arguments.positional().get(0) + "'");
		}
		String fetch = arguments.option("fetch");
		if (fetch != null) {
			DatasetProvider provider = Services.dataset(context, fetch);
			provider.fetch(new ConsoleProgress(context.err));
			context.err.println(provider.displayName() + " is in " + provider.location());
		}
		List<DatasetProvider> providers = new ArrayList<>(context.services(DatasetProvider.class));
		providers.sort(Comparator.comparing(DatasetProvider::id));
		if (arguments.flag("json")) {
			List<Map<String, Object>> json = new ArrayList<>();
			for (DatasetProvider p : providers) {
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("id", p.id());
				row.put("name", p.displayName());
				row.put("classes", p.classNames());
				row.put("imageSize", List.of(p.imageRows(), p.imageColumns()));
				row.put("available", p.isAvailable());
				row.put("location", p.location().toString());
				json.add(row);
			}
			context.printJson(json);
		} else {
			for (DatasetProvider p : providers) {
				context.out.printf("%-12s %-32s %s  %s%n", p.id(), p.displayName(),
						p.isAvailable() ? "present" : "missing", p.location());
			}
		}
		return CommandLineApplication.OK;
	}
}
