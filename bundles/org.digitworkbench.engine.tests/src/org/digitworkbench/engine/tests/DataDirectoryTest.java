package org.digitworkbench.engine.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.digitworkbench.engine.DataDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The data folder chosen for the next start: kept in a file outside the data folder, read back, forgotten. */
class DataDirectoryTest {

	private String configBefore;
	private Path config;

	@BeforeEach
	void ownConfigFolder() throws IOException {
		configBefore = System.getProperty(DataDirectory.CONFIG_PROPERTY);
		config = Files.createTempDirectory("dw-config");
		System.setProperty(DataDirectory.CONFIG_PROPERTY, config.toString());
	}

	@AfterEach
	void restore() throws IOException {
		if (configBefore == null) {
			System.clearProperty(DataDirectory.CONFIG_PROPERTY);
		} else {
			System.setProperty(DataDirectory.CONFIG_PROPERTY, configBefore);
		}
		try (var files = Files.walk(config)) {
			files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
		}
	}

	@Test
	void aChosenFolderIsKeptForTheNextStartAndForgotten() throws IOException {
		assertEquals(config.resolve("data-folder"), DataDirectory.settingsFile());
		assertEquals(Optional.empty(), DataDirectory.chosen());
		Path chosen = config.resolve("elsewhere/../data");
		DataDirectory.choose(chosen);
		assertEquals(Optional.of(config.resolve("data")), DataDirectory.chosen());
		try (var left = Files.list(config)) {
			assertEquals(1, left.count(), "no temporary file left beside the setting");
		}
		// the test runtime names its data folder with -Ddigitworkbench.data: that wins over the choice
		assertTrue(DataDirectory.overridden());
		assertEquals(Path.of(System.getProperty(DataDirectory.PROPERTY)).toAbsolutePath(), DataDirectory.root());
		assertTrue(DataDirectory.origin().contains("-Ddigitworkbench.data"), DataDirectory.origin());
		DataDirectory.choose(null);
		assertFalse(Files.exists(DataDirectory.settingsFile()));
		assertEquals(Optional.empty(), DataDirectory.chosen());
	}

	@Test
	void anOddSettingsFileIsNoChoice() throws IOException {
		Files.writeString(DataDirectory.settingsFile(), "relative/path\n");
		assertEquals(Optional.empty(), DataDirectory.chosen(), "a relative path");
		Files.writeString(DataDirectory.settingsFile(), "");
		assertEquals(Optional.empty(), DataDirectory.chosen(), "an empty file");
		Files.write(DataDirectory.settingsFile(), new byte[] { (byte) 0xff, (byte) 0xfe, 0, '/' });
		assertEquals(Optional.empty(), DataDirectory.chosen(), "bytes that are no UTF-8");
		Files.writeString(DataDirectory.settingsFile(), "/" + "a".repeat(10_000));
		assertEquals(Optional.empty(), DataDirectory.chosen(), "a file far longer than a path");
	}

	@Test
	void theLauncherSaysWhereItsFolderCameFrom() {
		String before = System.getProperty(DataDirectory.ORIGIN_PROPERTY);
		try {
			System.setProperty(DataDirectory.ORIGIN_PROPERTY, "environment");
			assertTrue(DataDirectory.origin().contains("DIGIT_WORKBENCH_DATA"), DataDirectory.origin());
			assertTrue(DataDirectory.overridden());
			System.setProperty(DataDirectory.ORIGIN_PROPERTY, "settings");
			assertTrue(DataDirectory.origin().contains("chosen in Preferences"), DataDirectory.origin());
			assertFalse(DataDirectory.overridden());
			System.setProperty(DataDirectory.ORIGIN_PROPERTY, "default");
			assertEquals("the default location", DataDirectory.origin());
		} finally {
			if (before == null) {
				System.clearProperty(DataDirectory.ORIGIN_PROPERTY);
			} else {
				System.setProperty(DataDirectory.ORIGIN_PROPERTY, before);
			}
		}
	}
}
