package org.digitworkbench.engine;

/**
 * The engine's settings (Window › Preferences › Engine and Training), kept as instance-scope preferences in node
 * {@link #NODE}: the workspace's, which the workbench and the command line share. The engine reads them once, before
 * it loads, so a change applies at the next start.
 *
 * @since 0.1.2
 */
public final class EngineSettings {

	/** The preference node. */
	public static final String NODE = "org.digitworkbench.engine";

	/**
	 * libtorch's intra-op threads (DJL's {@code ai.djl.pytorch.num_threads}); 0 or absent: one per core. A
	 * {@code -Dai.djl.pytorch.num_threads} on the command line wins.
	 */
	public static final String THREADS = "threads";

	/**
	 * The device: {@link #DEVICE_AUTOMATIC}, {@link #DEVICE_CPU} or {@code gpu0}, {@code gpu1}... (DJL's names). The
	 * launcher applies it through {@code CUDA_VISIBLE_DEVICES}, which CUDA reads when the natives load.
	 */
	public static final String DEVICE = "device";

	/** The GPU when the engine finds one, else the CPU (DJL's default). */
	public static final String DEVICE_AUTOMATIC = "auto";

	/** The CPU even where a GPU is usable. */
	public static final String DEVICE_CPU = "cpu";

	private EngineSettings() {
	}
}
