package org.digitworkbench.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The benchmark's child processes: the PyTorch peer runs without what the launcher set for libtorch. */
class ChildRunTest {

	@Test
	void aChildRunsWithoutTheVariablesItIsToldToUnset() throws Exception {
		// HOME is set in every environment the tests run in; PATH stays so that sh is found
		ChildRun.Result kept = ChildRun.run(List.of("sh", "-c", "echo \"${HOME:+home is set}\""), line -> {
		});
		assertEquals("home is set", kept.lastLine());
		ChildRun.Result without = ChildRun.run(List.of("sh", "-c", "echo \"${HOME-home is unset}\""), Set.of("HOME"),
				line -> {
				});
		assertEquals("home is unset", without.lastLine());
	}

	@Test
	void thePeerLeavesOutWhatTheLauncherSetItself() {
		assertEquals(Set.of(PyTorchPeer.LAUNCHER_SET, "MALLOC_ARENA_MAX", "MALLOC_TRIM_THRESHOLD_"),
				PyTorchPeer.launcherEnvironment(" MALLOC_ARENA_MAX  MALLOC_TRIM_THRESHOLD_"));
		assertEquals(Set.of(PyTorchPeer.LAUNCHER_SET), PyTorchPeer.launcherEnvironment(""));
		assertEquals(Set.of(PyTorchPeer.LAUNCHER_SET), PyTorchPeer.launcherEnvironment(null));
	}
}
