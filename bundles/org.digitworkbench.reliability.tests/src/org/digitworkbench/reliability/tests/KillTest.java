package org.digitworkbench.reliability.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelMetadata;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a process in the middle of each store operation that writes — save, import, rename, export —
 * {@value #RUNS} times each, at random points: a child repeats the operation until it is killed. After every kill the
 * next start of the product (the next child) must find every listed model loading and nothing left behind; a rename
 * must leave one of the two names, still active; an export a complete zip or none.
 */
@Timeout(300)
class KillTest {

	static final int RUNS = 20;
	/** The kill comes this long (at most) after the loop's first operation: a few to a few dozen operations in. */
	private static final int MAX_DELAY_MILLIS = 300;

	private final Random random = new Random(11);

	@TempDir
	Path temp;

	@BeforeEach
	void emptyStore() throws Exception {
		Store.empty();
	}

	/** One model, imported from the seed fixture, as the operations' material. */
	private static String someModel(String name) throws Exception {
		return Store.store().importPytorch(Store.seedPth(), "mlp", name).name();
	}

	/** Starts a child for {@code operation}, checks the store it swept, lets it work and kills it. */
	private Child killDuring(String when, String... operation) throws Exception {
		Child child = Child.loop(operation);
		child.await(ChildApplication.SWEPT, 60);
		Store.assertConsistent(when);
		child.tell(ChildApplication.GO);
		child.await(ChildApplication.ONCE, 60);
		Thread.sleep(random.nextInt(MAX_DELAY_MILLIS));
		assertTrue(child.isAlive(), when + ": the child died by itself: " + child.stderr());
		return child;
	}

	/** How many hidden entries a kill left in {@code folder}: what the next start must sweep. */
	private static long leftovers(Path folder) throws Exception {
		return Store.names(folder).stream().filter(n -> n.startsWith(".") && !n.equals(".lock")
				&& !n.equals(".checkpoints")).count();
	}

	/**
	 * The kills must land in the middle of writes, or the runs prove nothing: most of them leave something half-done
	 * behind (a save or an import spends most of its time writing its temporary folder).
	 */
	private static void assertKillsLandedMidWrite(String operation, int runsWithLeftovers) {
		System.out.println(operation + ": " + RUNS + " kills, " + runsWithLeftovers + " left something behind; all swept");
		assertTrue(runsWithLeftovers >= RUNS / 4, operation + ": only " + runsWithLeftovers + " of " + RUNS
				+ " kills came in the middle of a write");
	}

	@Test
	void aKilledSaveLeavesOnlyWholeModels() throws Exception {
		int leftBehind = 0;
		for (int run = 0; run < RUNS; run++) {
			killDuring("before save run " + run, "save").kill();
			leftBehind += leftovers(Store.store().directory()) > 0 ? 1 : 0;
		}
		try (Child last = Child.loop("check")) {
			last.await(ChildApplication.SWEPT, 60);
			Store.assertConsistent("after the last save run");
		}
		assertKillsLandedMidWrite("save", leftBehind);
	}

	@Test
	void aKilledImportLeavesOnlyWholeModels() throws Exception {
		Path zip = temp.resolve("import-me.zip");
		Store.store().exportZip(someModel("import-source"), zip);
		int leftBehind = 0;
		for (int run = 0; run < RUNS; run++) {
			killDuring("before import run " + run, "import", zip.toString()).kill();
			leftBehind += leftovers(Store.store().directory()) > 0 ? 1 : 0;
		}
		try (Child last = Child.loop("check")) {
			last.await(ChildApplication.SWEPT, 60);
			List<ModelMetadata> models = Store.assertConsistent("after the last import run");
			assertTrue(models.size() <= 2, "the loop keeps at most two imports: " + models);
		}
		assertKillsLandedMidWrite("import", leftBehind);
	}

	@Test
	void aKilledRenameLeavesOneOfTheNamesStillActive() throws Exception {
		someModel("rename-a");
		Store.store().setActiveModel("rename-a");
		int bothNames = 0;
		for (int run = 0; run <= RUNS; run++) {
			Child child = Child.loop("rename", "rename-a", "rename-b");
			child.await(ChildApplication.SWEPT, 60);
			List<ModelMetadata> models = Store.assertConsistent("after rename run " + (run - 1));
			assertEquals(1, models.size(), "one model, under one of its names: " + models);
			String name = models.getFirst().name();
			assertTrue(Set.of("rename-a", "rename-b").contains(name), name);
			assertEquals(name, Store.store().activeModel().orElse(null), "the active model follows its renames");
			if (run == RUNS) {
				child.close();
				break;
			}
			child.tell(ChildApplication.GO);
			child.await(ChildApplication.ONCE, 60);
			Thread.sleep(random.nextInt(MAX_DELAY_MILLIS));
			assertTrue(child.isAlive(), "the child died by itself: " + child.stderr());
			child.kill();
			Path active = Store.store().directory().resolve("active");
			bothNames += Files.isRegularFile(active) && Files.readAllLines(active).size() > 1 ? 1 : 0;
		}
		System.out.println("rename: " + RUNS + " kills, " + bothNames + " in the middle of a rename (the active file"
				+ " held both names); the model was found and active every time");
	}

	@Test
	void aKilledExportLeavesTheOldZipOrTheNewOneAndTheNextExportSweeps() throws Exception {
		String model = someModel("export-me");
		Path folder = Files.createDirectories(temp.resolve("exports"));
		Path zip = folder.resolve("model.zip");
		int leftBehind = 0;
		for (int run = 0; run <= RUNS; run++) {
			Child child = Child.loop("export", model, zip.toString());
			child.await(ChildApplication.SWEPT, 60);
			Store.assertConsistent("export run " + run);
			if (Files.exists(zip)) { // a complete zip, never a part of one
				try (LoadedModel loaded = Store.store().loadFrom(zip)) {
					assertEquals(model, loaded.metadata().name());
				}
			}
			child.tell(ChildApplication.GO);
			child.await(ChildApplication.ONCE, 60);
			// the first export of this run swept what the killed one left: at most this child's own file in flight
			String own = "." + child.pid() + "-";
			for (String name : Store.names(folder)) {
				assertTrue(name.equals("model.zip") || (name.startsWith(".model.zip.") && name.contains(own)),
						"run " + run + ": left next to the export: " + name + " in " + Store.names(folder));
			}
			if (run == RUNS) {
				child.close();
				break;
			}
			Thread.sleep(random.nextInt(MAX_DELAY_MILLIS));
			assertTrue(child.isAlive(), "the child died by itself: " + child.stderr());
			child.kill();
			leftBehind += leftovers(folder) > 0 ? 1 : 0;
		}
		assertTrue(Files.exists(zip));
		assertKillsLandedMidWrite("export", leftBehind);
	}
}
