package org.digitworkbench.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import ai.djl.Device;

/** What the product says about the device it runs on: the CPU for a reason the user can act on. */
class DeviceNoteTest {

	@Test
	void withoutAnNvidiaDriverTheCpuIsTheOnlyChoice() {
		assertEquals("no NVIDIA GPU found", PyTorchEngineService.deviceNote(Device.cpu(), "cpu", false));
	}

	@Test
	void anNvidiaGpuWithTheShippedCpuBuildPointsToTheReadme() {
		String note = PyTorchEngineService.deviceNote(Device.cpu(), "cpu", true);
		assertTrue(note.contains("only libtorch's CPU build is installed") && note.contains("README"), note);
	}

	@Test
	void aCudaBuildWithoutAUsableGpuSaysToCheckTheDriver() {
		String note = PyTorchEngineService.deviceNote(Device.cpu(), "cu128", true);
		assertTrue(note.contains("cu128") && note.contains("driver"), note);
	}

	@Test
	void onAGpuTheNoteNamesTheBuild() {
		assertEquals("libtorch's cu128 build on an NVIDIA GPU", PyTorchEngineService.deviceNote(Device.gpu(), "cu128", true));
	}

	@Test
	void theCpuChosenInPreferencesIsSaidSo() {
		assertEquals("the CPU is chosen in Preferences (no NVIDIA GPU found)",
				PyTorchEngineService.deviceNote(Device.cpu(), "cpu", false, "cpu"));
		String ignored = PyTorchEngineService.deviceNote(Device.gpu(), "cu128", true, "cpu");
		assertTrue(ignored.contains("Preferences ask for the CPU") && ignored.contains("digits-workbench"), ignored);
		String missing = PyTorchEngineService.deviceNote(Device.cpu(), "cpu", false, "gpu1");
		assertTrue(missing.startsWith("no NVIDIA GPU found") && missing.endsWith("Preferences ask for GPU 1"), missing);
		assertEquals("no NVIDIA GPU found", PyTorchEngineService.deviceNote(Device.cpu(), "cpu", false, "auto"));
	}

	@Test
	void threadsChosenInPreferencesGoToDjlUnlessTheCommandLineSetThem() {
		String before = System.getProperty(PyTorchEngineService.THREADS_PROPERTY);
		try {
			System.clearProperty(PyTorchEngineService.THREADS_PROPERTY);
			PyTorchEngineService.configureThreads("0", 2);
			assertEquals(null, System.getProperty(PyTorchEngineService.THREADS_PROPERTY), "0: libtorch's own choice");
			PyTorchEngineService.configureThreads("two", 2);
			assertEquals(null, System.getProperty(PyTorchEngineService.THREADS_PROPERTY), "nonsense: libtorch's own choice");
			PyTorchEngineService.configureThreads("64", 2);
			assertEquals("2", System.getProperty(PyTorchEngineService.THREADS_PROPERTY), "no more than the cores");
			PyTorchEngineService.configureThreads("1", 2);
			assertEquals("2", System.getProperty(PyTorchEngineService.THREADS_PROPERTY), "what is set stays");
		} finally {
			if (before == null) {
				System.clearProperty(PyTorchEngineService.THREADS_PROPERTY);
			} else {
				System.setProperty(PyTorchEngineService.THREADS_PROPERTY, before);
			}
		}
	}
}
