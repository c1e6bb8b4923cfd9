package org.digitworkbench.engine.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.digitworkbench.engine.DataDirectory;
import org.digitworkbench.engine.EngineInfo;
import org.digitworkbench.engine.EngineService;
import org.digitworkbench.engine.EngineSettings;
import org.digitworkbench.engine.EngineUnavailableException;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.service.component.annotations.Component;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.engine.PtEngineProvider;
import ai.djl.pytorch.jni.LibUtils;
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
		String chosenDevice = setting(EngineSettings.DEVICE, EngineSettings.DEVICE_AUTOMATIC);
		configureThreads(setting(EngineSettings.THREADS, ""), Runtime.getRuntime().availableProcessors());
		Thread thread = Thread.currentThread();
		ClassLoader previous = thread.getContextClassLoader();
		thread.setContextClassLoader(PtEngineProvider.class.getClassLoader());
		try {
			Engine.registerEngine(new PtEngineProvider());
			Engine engine = Engine.getEngine(ENGINE_NAME);
			Device device = engine.defaultDevice();
			long millis = (System.nanoTime() - start) / 1_000_000;
			ready.complete(new EngineInfo(engine.getEngineName(), engine.getVersion(), Engine.getDjlVersion(),
					device.toString(), deviceLabel(device), engine.getGpuCount(), millis,
					deviceNote(device, libtorchFlavor(), Files.exists(NVIDIA_DRIVER), chosenDevice)));
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

	static final String THREADS_PROPERTY = "ai.djl.pytorch.num_threads";

	/**
	 * The intra-op threads chosen in Preferences, read by DJL when the engine loads; a
	 * {@code -Dai.djl.pytorch.num_threads} given on the command line wins. 0, nothing or nonsense: libtorch's own
	 * choice (one per core); more than the cores: the cores.
	 */
	static void configureThreads(String chosen, int cores) {
		int threads;
		try {
			threads = Integer.parseInt(chosen.strip());
		} catch (NumberFormatException e) {
			return;
		}
		if (threads > 0 && System.getProperty(THREADS_PROPERTY) == null) {
			System.setProperty(THREADS_PROPERTY, Integer.toString(Math.min(threads, cores)));
		}
	}

	/** An engine setting from the workspace's preferences, or {@code absent} where there is no workspace. */
	private static String setting(String key, String absent) {
		try {
			return InstanceScope.INSTANCE.getNode(EngineSettings.NODE).get(key, absent);
		} catch (RuntimeException e) { // no instance location (-data @none): the defaults
			return absent;
		}
	}

	private static void setIfAbsent(String property, String environment, String value) {
		if (System.getProperty(property) == null && System.getenv(environment) == null) {
			System.setProperty(property, value);
		}
	}

	/** Present when the NVIDIA kernel driver is loaded (Linux). */
	static final Path NVIDIA_DRIVER = Path.of("/proc/driver/nvidia/version");

	/**
	 * Why DJL runs on {@code device}: the product ships libtorch's CPU build from Maven Central (its CUDA builds are
	 * not served there), so a GPU is used only when the user gives DJL a CUDA build (PYTORCH_LIBRARY_PATH with
	 * PYTORCH_VERSION and PYTORCH_FLAVOR, or DJL's own download with offline mode off).
	 *
	 * @param flavor        libtorch's build, e.g. {@code cpu} or {@code cu128}
	 * @param nvidiaPresent whether an NVIDIA driver is loaded on this machine
	 */
	static String deviceNote(Device device, String flavor, boolean nvidiaPresent) {
		if (device.isGpu()) {
			return "libtorch's " + flavor + " build on an NVIDIA GPU";
		}
		if (flavor.startsWith("cu")) {
			return "libtorch's " + flavor + " build is installed, but CUDA found no usable GPU (check the NVIDIA driver)";
		}
		if (nvidiaPresent) {
			return "an NVIDIA GPU is here, but only libtorch's CPU build is installed (README, GPU: how to add a CUDA build)";
		}
		return "no NVIDIA GPU found";
	}

	/**
	 * {@link #deviceNote(Device, String, boolean)} with the device chosen in Preferences ({@link EngineSettings#DEVICE}),
	 * which the launcher applies through {@code CUDA_VISIBLE_DEVICES} before the natives load.
	 */
	static String deviceNote(Device device, String flavor, boolean nvidiaPresent, String chosen) {
		String note = deviceNote(device, flavor, nvidiaPresent);
		if (EngineSettings.DEVICE_CPU.equals(chosen)) {
			return device.isGpu()
					? note + "; Preferences ask for the CPU, which applies when ./digits-workbench starts the product"
					: "the CPU is chosen in Preferences (" + note + ")";
		}
		if (chosen != null && chosen.startsWith("gpu") && !device.isGpu()) {
			return note + "; Preferences ask for " + chosen.replace("gpu", "GPU ");
		}
		return note;
	}

	/** The libtorch build DJL loaded: the user's PYTORCH_FLAVOR, else what its folder is named after. */
	private static String libtorchFlavor() {
		String flavor = System.getenv("PYTORCH_FLAVOR");
		if (flavor == null || flavor.isBlank()) {
			flavor = System.getProperty("PYTORCH_FLAVOR");
		}
		if (flavor != null && !flavor.isBlank()) {
			return flavor.replace("-precxx11", "");
		}
		String path = LibUtils.getLibtorchPath();
		java.util.regex.Matcher cuda = java.util.regex.Pattern.compile("-(cu\\d+)").matcher(path == null ? "" : path);
		return cuda.find() ? cuda.group(1) : "cpu";
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
