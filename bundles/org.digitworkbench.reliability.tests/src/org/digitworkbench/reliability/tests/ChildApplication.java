package org.digitworkbench.reliability.tests;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.digitworkbench.engine.EngineService;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;

/**
 * What a child process of the suite does ({@link Child} starts it): it gets the model store — which sweeps what
 * earlier, killed children left — says {@value #SWEPT}, waits for {@value #GO} on its input and then repeats one store
 * operation, as the product does it, until it is killed; it says {@value #ONCE} when the first one is done (from
 * then on a kill comes in the middle of the loop, not of its warming up):
 * <ul>
 * <li>{@code save}: saves a freshly initialised MLP under a new name, deletes the one before;</li>
 * <li>{@code import ZIP}: imports the zip under a new name, deletes the one before;</li>
 * <li>{@code rename A B}: renames whichever of the two exists to the other;</li>
 * <li>{@code export NAME ZIP}: exports the model to the zip, over and over;</li>
 * <li>{@code hold NAME}: asks the training service for a training of NAME, never starts it ({@value #HELD}) and
 * waits — the name stays reserved until the process ends;</li>
 * <li>{@code check}: only the start.</li>
 * </ul>
 */
public class ChildApplication implements IApplication {

	static final String SWEPT = "swept";
	static final String GO = "go";
	static final String ONCE = "once";
	static final String HELD = "held";

	@Override
	public Object start(IApplicationContext application) throws Exception {
		String[] args = (String[]) application.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS,
				new String[0]);
		application.applicationRunning();
		PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
		BundleContext bundles = FrameworkUtil.getBundle(getClass()).getBundleContext();
		ModelStore store = service(bundles, ModelStore.class); // its activation sweeps
		String operation = args.length == 0 ? "check" : args[0];
		if (operation.equals("save") || operation.equals("import") || operation.equals("hold")) {
			service(bundles, EngineService.class).awaitReady();
		}
		if (operation.equals("hold")) {
			service(bundles, TrainingService.class).train(new TrainingRequest(args[1], "mlp", "mnist",
					TrainingOptions.DEFAULTS.withEpochs(1)));
			out.println(HELD);
			Thread.sleep(TimeUnit.MINUTES.toMillis(5));
			return EXIT_OK;
		}
		out.println(SWEPT);
		if (operation.equals("check")) {
			return EXIT_OK;
		}
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		if (!GO.equals(in.readLine())) {
			return EXIT_OK;
		}
		String prefix = operation + "-" + ProcessHandle.current().pid() + "-";
		switch (operation) {
		case "save" -> {
			ModelArchitecture mlp = services(bundles, ModelArchitecture.class).stream()
					.filter(a -> a.id().equals("mlp")).findFirst().orElseThrow();
			deleteAll(store);
			for (int i = 0;; i++) {
				try (Model model = newModel(mlp, prefix + i)) {
					store.save(metadata(prefix + i), model);
				}
				if (i > 0) {
					store.delete(prefix + (i - 1));
				} else {
					out.println(ONCE);
				}
			}
		}
		case "import" -> {
			deleteAll(store);
			for (int i = 0;; i++) {
				store.importZip(Path.of(args[1]), prefix + i);
				if (i > 0) {
					store.delete(prefix + (i - 1));
				} else {
					out.println(ONCE);
				}
			}
		}
		case "rename" -> {
			for (int i = 0;; i++) {
				boolean first = store.find(args[1]).isPresent();
				store.rename(first ? args[1] : args[2], first ? args[2] : args[1]);
				if (i == 0) {
					out.println(ONCE);
				}
			}
		}
		case "export" -> {
			for (int i = 0;; i++) {
				store.exportZip(args[1], Path.of(args[2]));
				if (i == 0) {
					out.println(ONCE);
				}
			}
		}
		default -> throw new IllegalArgumentException("unknown operation " + operation);
		}
	}

	private static void deleteAll(ModelStore store) throws Exception {
		for (ModelMetadata model : store.list()) {
			store.delete(model.name());
		}
	}

	private static Model newModel(ModelArchitecture architecture, String name) {
		Model model = Model.newInstance(name);
		Block block = architecture.newBlock();
		model.setBlock(block);
		block.initialize(model.getNDManager(), DataType.FLOAT32, architecture.inputShape(1));
		return model;
	}

	private static ModelMetadata metadata(String name) {
		return new ModelMetadata(name, "mlp", "mnist", TrainingOptions.DEFAULTS, 0, Double.NaN, Double.NaN, Double.NaN,
				Double.NaN, List.of(), new int[0][], 0, Instant.now(), null, null, 0, null, "reliability suite");
	}

	static <S> S service(BundleContext bundles, Class<S> type) throws InterruptedException {
		ServiceTracker<S, S> tracker = new ServiceTracker<>(bundles, type, null);
		tracker.open();
		S service = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
		if (service == null) {
			throw new IllegalStateException(type.getSimpleName() + " is not registered");
		}
		return service; // the tracker stays open: closing it could let Declarative Services deactivate the service
	}

	static <S> List<S> services(BundleContext bundles, Class<S> type) throws Exception {
		service(bundles, type);
		return bundles.getServiceReferences(type, null).stream().map(bundles::getService).toList();
	}

	@Override
	public void stop() {
		// killed, never stopped
	}
}
