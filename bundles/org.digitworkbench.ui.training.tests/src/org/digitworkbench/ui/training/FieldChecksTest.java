package org.digitworkbench.ui.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The form's reading of what is typed, and the names it proposes: plain functions, no widgets. */
class FieldChecksTest {

	@Test
	void numbersAreReadAndRefusedInWordsWithTheOptionsOwnRanges() {
		assertEquals(5, FieldChecks.epochs(" 5 ").value());
		assertEquals("Epochs is needed", FieldChecks.epochs("").error());
		assertEquals("Epochs must be a whole number", FieldChecks.epochs("2.5").error());
		assertEquals("Epochs must be between 1 and 1000, not 0", FieldChecks.epochs("0").error());
		assertEquals("Epochs must be between 1 and 1000, not 2147483647", FieldChecks.epochs("99999999999").error(),
				"huge numbers are clamped, not wrapped");
		assertEquals("Batch size must be between 1 and 60000, not 60001", FieldChecks.batchSize("60001").error());
		assertEquals(0.001, FieldChecks.learningRate("1e-3").value());
		assertEquals("Learning rate must be a number such as 0.001 or 1e-3", FieldChecks.learningRate("0.1d").error(),
				"Java's suffixes are not numbers to a person");
		assertEquals("Learning rate must be a number such as 0.001 or 1e-3", FieldChecks.learningRate("NaN").error());
		assertEquals("Learning rate must be above 0 and at most 1, not 0.0", FieldChecks.learningRate("0").error());
		assertEquals(-7L, FieldChecks.seed("-7").value());
		assertEquals("Validation fraction must be at least 0 and below 0.5, not 0.5",
				FieldChecks.validationFraction("0.5").error());
		assertTrue(FieldChecks.validationFraction("0.1").ok());
	}

	@Test
	void aModelNameMustBeSafeNewAndNotAResumableRunsName() {
		Set<String> saved = Set.of("mlp-1");
		Set<String> resumable = Set.of("cnn-2");
		assertEquals("mlp-2", FieldChecks.modelName(" mlp-2 ", saved, resumable).value());
		assertEquals("Give the model a name", FieldChecks.modelName("  ", saved, resumable).error());
		assertEquals("Letters, digits, '.', '_' and '-' only, starting with a letter or digit",
				FieldChecks.modelName("../x", saved, resumable).error());
		assertEquals("At most 64 characters", FieldChecks.modelName("m".repeat(65), saved, resumable).error());
		assertEquals("A saved model is called mlp-1 already", FieldChecks.modelName("mlp-1", saved, resumable).error());
		assertTrue(FieldChecks.modelName("cnn-2", saved, resumable).error().contains("can be resumed"));
		assertFalse(FieldChecks.modelName("cnn-2", saved, resumable).ok());
		assertEquals("Not allowed", FieldChecks.sentence(null));
	}

	@Test
	void proposedNamesAreTheArchitectureAndTheMinuteAndNeverTaken() {
		LocalDateTime now = LocalDateTime.of(2026, 11, 25, 7, 12);
		assertEquals("mlp-2026-11-25-0712", ModelNames.propose("mlp", now, Set.of()));
		assertEquals("mlp-2026-11-25-0712-3",
				ModelNames.propose("mlp", now, Set.of("mlp-2026-11-25-0712", "mlp-2026-11-25-0712-2")));
		assertEquals("my-net-2026-11-25-0712", ModelNames.propose("__my net", now, Set.of()),
				"an id is made safe for a file name");
		assertEquals("model-2026-11-25-0712", ModelNames.propose(null, now, Set.of()));
		assertTrue(org.digitworkbench.model.ModelNames.isValid(ModelNames.propose("r".repeat(90), now, Set.of())),
				"a long id is cut to a valid name");
	}

	@Test
	void namesThatDifferOnlyInCaseAreTaken() {
		assertEquals("A saved model is called Base already (names that differ only in case are one folder)",
				FieldChecks.modelName("base", Set.of("Base"), Set.of()).error());
		assertEquals("A cancelled run called Run-1 can be resumed; choose another name",
				FieldChecks.modelName("run-1", Set.of(), Set.of("Run-1")).error());
		assertTrue(FieldChecks.modelName("base2", Set.of("Base"), Set.of()).ok());
	}

	@Test
	void theRunKeepsWhatTheRecipeSetsWithoutAField() {
		var quick = new org.digitworkbench.model.TrainingOptions(1, 256, 0.008, 42, false, 0,
				org.digitworkbench.model.TrainingOptions.Schedule.ONE_CYCLE, 0.7, 0.9,
				org.digitworkbench.model.TrainingOptions.Precision.MIXED_BFLOAT16);
		var options = FieldChecks.options(quick, 2, 128, 0.005, 7, true, 0.1);
		assertEquals(org.digitworkbench.model.TrainingOptions.Schedule.ONE_CYCLE, options.schedule());
		assertEquals(0.7, options.beta1());
		assertEquals(0.9, options.beta2());
		assertEquals(org.digitworkbench.model.TrainingOptions.Precision.MIXED_BFLOAT16, options.precision());
		assertEquals(2, options.epochs());
		assertEquals(128, options.batchSize());
		assertEquals("one-cycle schedule, Adam betas 0.7 / 0.9, mixed bfloat16 (float32 where the CPU has no bfloat16)",
				Recipes.hidden(quick));
		assertEquals("Quick", Recipes.label("quick"));
	}
}
