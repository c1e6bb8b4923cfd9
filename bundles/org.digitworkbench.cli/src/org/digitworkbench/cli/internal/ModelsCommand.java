package org.digitworkbench.cli.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;

/** {@code models}: the saved models, the active one marked. */
final class ModelsCommand implements Command {

	private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
			.withZone(ZoneId.systemDefault());

	@Override
	public String name() {
		return "models";
	}

	@Override
	public String usage() {
		return "models [--json]";
	}

	@Override
	public String summary() {
		return "list saved models (* = active)";
	}

	@Override
	public int run(List<String> raw, CommandContext context) throws Exception {
		Arguments arguments = Arguments.parse(raw, Set.of(), Set.of("json"));
		if (!arguments.positional().isEmpty()) {
			throw new UsageException("models takes no arguments");
		}
		ModelStore store = context.service(ModelStore.class);
		String active = store.activeModel().orElse(null);
		List<ModelMetadata> models = store.list();
		if (arguments.flag("json")) {
			List<Map<String, Object>> json = new ArrayList<>();
			for (ModelMetadata m : models) {
				json.add(toJson(m, m.name().equals(active)));
			}
			context.printJson(json);
			return CommandLineApplication.OK;
		}
		if (models.isEmpty()) {
			context.out.println("No saved models in " + store.directory()
					+ ". Train one (train --arch mlp --name NAME) or import one (import --arch mlp --name NAME FILE.pth).");
			return CommandLineApplication.OK;
		}
		context.out.printf("  %-24s %-6s %-12s %9s %10s %6s %9s  %s%n", "name", "arch", "dataset", "test acc",
				"parameters", "epochs", "training", "created");
		for (ModelMetadata m : models) {
			context.out.printf(Locale.ROOT, "%s %-24s %-6s %-12s %9s %10d %6d %8.1fs  %s%n",
					m.name().equals(active) ? "*" : " ", m.name(), m.architectureId(), m.datasetId(),
					Double.isNaN(m.testAccuracy()) ? "-" : String.format(Locale.ROOT, "%.2f %%", 100 * m.testAccuracy()),
					m.parameterCount(), m.epochsDone(), m.trainingMillis() / 1000.0,
					m.created() == null ? "-" : CREATED.format(m.created()));
			if (m.parent() != null) {
				context.out.printf("    (fine-tuned from %s)%n", m.parent());
			}
		}
		return CommandLineApplication.OK;
	}

	/** The documented JSON shape of one model (README, "Command line"). */
	static Map<String, Object> toJson(ModelMetadata m, boolean active) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("name", m.name());
		json.put("active", active);
		json.put("architecture", m.architectureId());
		json.put("dataset", m.datasetId());
		json.put("testAccuracy", m.testAccuracy());
		json.put("parameters", m.parameterCount());
		json.put("epochs", m.epochsDone());
		json.put("trainingMillis", m.trainingMillis());
		json.put("created", m.created() == null ? null : m.created().toString());
		json.put("source", m.source());
		json.put("parent", m.parent());
		json.put("options", m.options());
		return json;
	}
}
