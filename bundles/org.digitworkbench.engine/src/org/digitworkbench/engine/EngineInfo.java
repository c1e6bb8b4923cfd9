package org.digitworkbench.engine;

/**
 * What the deep-learning engine reports once it has loaded.
 *
 * @param name          engine name, e.g. {@code PyTorch}
 * @param version       engine (native library) version, e.g. {@code 2.7.1}
 * @param djlVersion    version of the DJL API in use
 * @param device        the device DJL chose by default, e.g. {@code cpu()} or {@code gpu(0)}
 * @param deviceLabel   the device for people: {@code CPU} or {@code GPU 0 (CUDA 12.8)}
 * @param gpuCount      number of CUDA devices the engine can use
 * @param loadMillis    time the engine took to start
 * @param deviceNote    why this device: e.g. {@code no NVIDIA GPU found}, or that a GPU is there but only libtorch's
 *                      CPU build is installed (README, "GPU", says how to give the product a CUDA build)
 */
public record EngineInfo(String name, String version, String djlVersion, String device, String deviceLabel,
		int gpuCount, long loadMillis, String deviceNote) {

	/** Without a note on the device. */
	public EngineInfo(String name, String version, String djlVersion, String device, String deviceLabel, int gpuCount,
			long loadMillis) {
		this(name, version, djlVersion, device, deviceLabel, gpuCount, loadMillis, "");
	}

	/** One line for a status bar: {@code PyTorch 2.7.1 · CPU}. */
	public String summary() {
		return name + " " + version + " \u00b7 " + deviceLabel;
	}
}
