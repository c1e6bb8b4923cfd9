package org.digitworkbench.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.digitworkbench.model.ModelNames;
import org.junit.jupiter.api.Test;

/** The one rule for model names, which are also folder names. */
class ModelNamesTest {

	@Test
	void namesAreSafeFolderNamesOfAtMost64Characters() {
		for (String good : new String[] { "a", "mlp-2026-11-25-0712", "C.v1_x", "9", "x".repeat(64) }) {
			assertTrue(ModelNames.isValid(good), good);
			assertNull(ModelNames.problem(good), good);
		}
		for (String bad : new String[] { null, "", "-x", ".hidden", "_x", "../escape", "a/b", "a b", "é", "x".repeat(65),
				"a\nb", "a\\b", "con:" }) {
			assertFalse(ModelNames.isValid(bad), String.valueOf(bad));
		}
		assertEquals("'../x' is not a valid model name: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter"
				+ " or digit", ModelNames.problem("../x"));
		assertEquals(64, ModelNames.MAX_LENGTH);
	}

	@Test
	void anyWishBecomesAValidName() {
		assertEquals("my-model-.pth", ModelNames.safe("..my model?.pth", 56));
		assertEquals("resnet-tiny", ModelNames.safe("resnet-tiny", 40));
		assertEquals("a-b", ModelNames.safe("a  /  b", 40), "a run of other characters is one '-'");
		assertEquals("model", ModelNames.safe("...", 40));
		assertEquals("model", ModelNames.safe(null, 40));
		assertEquals("abc", ModelNames.safe("abcdef", 3));
		assertEquals(64, ModelNames.safe("y".repeat(200), 1000).length(), "never longer than a name may be");
		for (String wish : new String[] { "ü", "-", "a\u0000b", "日本語", " lead", "x".repeat(100) }) {
			assertTrue(ModelNames.isValid(ModelNames.safe(wish, 56)), wish);
		}
	}

	@Test
	void namesThatDifferOnlyInCaseAreOneFolderOnSomeFileSystems() {
		assertTrue(ModelNames.sameFolder("Base", "base"));
		assertFalse(ModelNames.sameFolder("base", "base-2"));
		assertFalse(ModelNames.sameFolder(null, "base"));
	}
}
