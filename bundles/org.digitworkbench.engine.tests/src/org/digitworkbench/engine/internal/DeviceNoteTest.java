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
}
