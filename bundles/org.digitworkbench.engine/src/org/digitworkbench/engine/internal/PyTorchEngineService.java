package org.digitworkbench.engine.internal;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.digitworkbench.engine.DataDirectory;
import org.digitworkbench.engine.EngineInfo;
import org.digitworkbench.engine.EngineService;
import org.digitworkbench.engine.EngineUnavailableException;
import org.osgi.service.component.annotations.Component;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtEngineProvider;
import ai.djl.util.cuda.CudaUtils;

/**
 * Loads DJL's PyTorch engine on a thread of its own when it is first asked for.
 * <p>
 * Inside OSGi, DJL finds its native libraries through the thread context class loader, which must be the engine
 * bundle's loader (that is where the native fragments attach) while {@code Engine} initialises. That happens once
 * per framework, here.
 */
@Component(service = EngineService.class)
public class PyTorchEngineService implements EngineService {

	static final String ENGINE_NAME = "PyTorch";

	private final CompletableFuture<EngineInfo> ready = new CompletableFuture<>();
	private final AtomicBoolean started = new AtomicBoolean();

	/** The first caller starts the load; a command that never needs the engine never pays for it. */
	private CompletableFuture<EngineInfo> start() {
		if (started.compareAndSet(false, true)) {
			Thread loader = new Thread(this::load, "Digit Workbench engine start-up");
			loader.setDaemon(true);
			loader.start();
		}
		return ready;
	}

	private void load() {
		long start = System.nanoTime();
		configureOffline();
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(PtEngineProvider.class.getClassLoader());
		try {
			Engine.registerEngine(new PtEngineProvider());
			Engine engine = Engine.getEngine(ENGINE_NAME);
			Device device = engine.defaultDevice();
			long millis = (System.nanoTime() - start) / 1_000_000;
			ready.complete(new EngineInfo(engine.getEngineName(), engine.getVersion(), Engine.getDjlVersion(),
					device.toString(), deviceLabel(device), engine.getGpuCount(), millis));
		} catch (Throwable e) { // natives failing to link surface as Errors; the user must still see why
			ready.completeExceptionally(new EngineUnavailableException(
					"The PyTorch engine could not be loaded: " + rootMessage(e), e));
		} finally {
			thread.setContextClassLoader(previous);
		}
	}

	/** Nothing is downloaded and nothing phones home unless the user asked for it. */
	private static void configureOffline() {
		setIfAbsent("ai.djl.offline", "DJL_OFFLINE", "true");
		setIfAbsent("OPT_OUT_TRACKING", "OPT_OUT_TRACKING", "true");
		setIfAbsent("DJL_CACHE_DIR", "DJL_CACHE_DIR", DataDirectory.resolve("cache").toString());
	}

	private static void setIfAbsent(String property, String environment, String value) {
		if (System.getProperty(property) == null && System.getenv(environment) == null) {
			System.setProperty(property, value);
		}
	}

	static String deviceLabel(Device device) {
		if (device.isGpu()) {
			String cuda = CudaUtils.hasCuda() ? " (CUDA " + CudaUtils.getCudaVersionString() + ")" : "";
			return "GPU " + device.getDeviceId() + cuda;
		}
		return "CPU";
	}

	private static String rootMessage(Throwable e) {
		Throwable root = e;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		return message == null ? root.getClass().getSimpleName() : message;
	}

	@Override
	public CompletionStage<EngineInfo> ready() {
		return start().minimalCompletionStage();
	}

	@Override
	public EngineInfo awaitReady() throws EngineUnavailableException {
		try {
			return start().get();
		} catch (ExecutionException e) {
			if (e.getCause() instanceof EngineUnavailableException unavailable) {
				throw unavailable;
			}
			throw new EngineUnavailableException("The PyTorch engine could not be loaded", e.getCause());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new EngineUnavailableException("Interrupted while the engine was loading", e);
		}
	}

	@Override
	public Optional<EngineInfo> current() {
		return ready.isDone() && !ready.isCompletedExceptionally() ? Optional.of(ready.join()) : Optional.empty();
	}
}
