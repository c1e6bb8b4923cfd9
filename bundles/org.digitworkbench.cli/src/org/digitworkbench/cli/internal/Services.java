package org.digitworkbench.cli.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.engine.EngineService;
import org.digitworkbench.model.EpochSnapshot;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelStore;

/** Look-ups several commands share: a dataset by id (fetched on demand), a model by name, path or the active one. */
final class Services {

	private Services() {
	}

	static DatasetProvider dataset(CommandContext context, String id) throws UsageException {
		List<DatasetProvider> all = context.services(DatasetProvider.class);
		return all.stream().filter(p -> p.id().equals(id)).findFirst()
				.orElseThrow(() -> new UsageException("unknown dataset '" + id + "'; available: "
						+ all.stream().map(DatasetProvider::id).sorted().collect(Collectors.joining(", "))));
	}

	static ModelArchitecture architecture(CommandContext context, String id) throws UsageException {
		List<ModelArchitecture> all = context.services(ModelArchitecture.class);
		return all.stream().filter(a -> a.id().equals(id)).findFirst()
				.orElseThrow(() -> new UsageException("unknown architecture '" + id + "'; available: "
						+ all.stream().map(ModelArchitecture::id).sorted().collect(Collectors.joining(", "))));
	}

	/** Loads a split, fetching the files first when they are not on this machine yet. */
	static ImageSet load(CommandContext context, DatasetProvider provider, Split split) throws IOException {
		if (!provider.isAvailable()) {
			context.err.println(provider.displayName() + " is not in " + provider.location() + "; fetching it.");
			provider.fetch(new ConsoleProgress(context.err));
		}
		return provider.load(split, new ConsoleProgress(context.err));
	}

	/**
	 * {@code --model} as a store name, a folder or exported zip, or (when absent) the active model. Waits for the
	 * engine first: nothing touches DJL before it has loaded.
	 */
	static LoadedModel model(CommandContext context, String argument) throws Exception {
		context.service(EngineService.class).awaitReady();
		ModelStore store = context.service(ModelStore.class);
		if (argument == null) {
			String active = store.activeModel().orElseThrow(() -> new UsageException(
					"no --model given and no active model; list them with 'models', choose one with 'activate NAME'"));
			return store.load(active);
		}
		if (store.find(argument).isPresent()) {
			return store.load(argument);
		}
		int at = argument.lastIndexOf(EpochSnapshot.SEPARATOR);
		if (at > 0 && store.find(argument.substring(0, at)).isPresent()) { // NAME@EPOCH: one of its kept epochs
			return store.load(argument);
		}
		Path path = Path.of(argument);
		if (Files.exists(path)) {
			return store.loadFrom(path);
		}
		throw new UsageException("no model named '" + argument + "' in " + store.directory() + " and no such file; "
				+ "saved models: " + store.list().stream().map(m -> m.name()).sorted(Comparator.naturalOrder())
						.collect(Collectors.joining(", ")));
	}
}
