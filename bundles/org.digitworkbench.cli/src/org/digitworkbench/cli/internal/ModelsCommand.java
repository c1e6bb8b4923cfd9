package org.digitworkbench.cli.internal;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.digitworkbench.model.EpochSnapshot;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreException;

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
		return "models [--json] [--epochs NAME]";
	}

	@Override
	public String summary() {
		return "list saved models (* = active)";
	}

	@Override
	public int run(List<String> raw, CommandContext context) throws Exception {
		Arguments arguments = Arguments.parse(raw, Set.of("epochs"), Set.of("json"));
		if (!arguments.positional().isEmpty()) {
			throw new UsageException("models takes no arguments");
		}
		ModelStore store = context.service(ModelStore.class);
		if (arguments.option("epochs") != null) {
			return epochs(store, arguments.option("epochs"), arguments.flag("json"), context);
		}
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

	/** {@code models --epochs NAME}: the epochs kept with a model, each loadable as {@code NAME@EPOCH}. */
	private static int epochs(ModelStore store, String name, boolean json, CommandContext context)
			throws ModelStoreException {
		List<EpochSnapshot> epochs = store.epochs(name);
		if (json) {
			List<Map<String, Object>> all = new ArrayList<>();
			for (EpochSnapshot e : epochs) {
				Map<String, Object> one = new LinkedHashMap<>();
				one.put("model", EpochSnapshot.reference(name, e.epoch()));
				one.put("epoch", e.epoch());
				one.put("trainLoss", e.trainLoss());
				one.put("trainAccuracy", e.trainAccuracy());
				one.put("testLoss", e.testLoss());
				one.put("testAccuracy", e.testAccuracy());
				one.put("validationAccuracy", e.validationAccuracy());
				all.add(one);
			}
			context.printJson(all);
			return CommandLineApplication.OK;
		}
		if (epochs.isEmpty()) {
			context.out.println(name + " kept no epochs (trainings keep them unless told not to, for runs up to "
					+ "20 epochs; an imported model has none).");
			return CommandLineApplication.OK;
		}
		context.out.printf("  %-28s %10s %9s %10s %9s %10s%n", "epoch", "train loss", "train acc", "test loss",
				"test acc", "validation");
		for (EpochSnapshot e : epochs) {
			context.out.printf(Locale.ROOT, "  %-28s %10.4f %9s %10.4f %9s %10s%n", EpochSnapshot.reference(name, e.epoch()),
					e.trainLoss(), percent(e.trainAccuracy()), e.testLoss(), percent(e.testAccuracy()),
					percent(e.validationAccuracy()));
		}
		return CommandLineApplication.OK;
	}

	private static String percent(double value) {
		return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f %%", 100 * value);
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
