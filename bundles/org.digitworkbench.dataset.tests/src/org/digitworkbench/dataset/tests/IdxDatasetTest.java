package org.digitworkbench.dataset.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.digitworkbench.dataset.IdxDataset;
import org.digitworkbench.dataset.IdxFormatException;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Normalization;
import org.digitworkbench.dataset.Split;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX dataset support that MNIST and Fashion-MNIST share, on small IDX files written here. */
class IdxDatasetTest {

	private static final Normalization FIGURES = new Normalization(0.5f, 0.25f);
	private static final IdxDataset TINY = new IdxDataset("tiny", "Tiny", List.of("zero", "one", "two"), 2, 3, FIGURES);

	@TempDir
	Path temp;

	static byte[] images(int count, int rows, int columns) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.writeInt(0x803);
		out.writeInt(count);
		out.writeInt(rows);
		out.writeInt(columns);
		for (int i = 0; i < count * rows * columns; i++) {
			out.write(i * 7);
		}
		return bytes.toByteArray();
	}

	static byte[] labels(int... labels) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.writeInt(0x801);
		out.writeInt(labels.length);
		for (int label : labels) {
			out.write(label);
		}
		return bytes.toByteArray();
	}

	private Path folder(byte[] trainImages, byte[] trainLabels, boolean gzip) throws IOException {
		Path folder = Files.createDirectories(temp.resolve("set"));
		write(folder, IdxDataset.TRAIN_IMAGES, trainImages, gzip);
		write(folder, IdxDataset.TRAIN_LABELS, trainLabels, gzip);
		write(folder, IdxDataset.TEST_IMAGES, images(1, 2, 3), false);
		write(folder, IdxDataset.TEST_LABELS, labels(2), false);
		return folder;
	}

	private static void write(Path folder, String name, byte[] data, boolean gzip) throws IOException {
		if (!gzip) {
			Files.write(folder.resolve(name), data);
			return;
		}
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(folder.resolve(name + ".gz")))) {
			out.write(data);
		}
	}

	@Test
	void bothSplitsAreReadRawOrGzippedWithTheDatasetsFigures() throws IOException {
		Path folder = folder(images(4, 2, 3), labels(0, 1, 2, 1), true);
		assertTrue(IdxDataset.isComplete(folder));
		ImageSet train = TINY.read(folder, Split.TRAIN, new NullProgressMonitor());
		assertEquals(4, train.count());
		assertEquals("tiny", train.datasetId());
		assertEquals(List.of("zero", "one", "two"), train.classNames());
		assertEquals(FIGURES, train.normalization());
		assertEquals(2, train.label(2));
		assertEquals(7 * 7, train.pixel(1, 0, 1), "image 1, row 0, column 1 is byte 7");
		ImageSet test = TINY.read(folder, Split.TEST, null);
		assertEquals(1, test.count());
		assertEquals(FIGURES, test.normalization());
		assertEquals("t10k-images-idx3-ubyte", IdxDataset.imagesFile(Split.TEST));
		assertEquals("train-labels-idx1-ubyte", IdxDataset.labelsFile(Split.TRAIN));
	}

	@Test
	void missingFilesAreListed() throws IOException {
		Path folder = folder(images(1, 2, 3), labels(0), false);
		Files.delete(folder.resolve(IdxDataset.TEST_LABELS));
		Files.delete(folder.resolve(IdxDataset.TRAIN_IMAGES));
		assertEquals(List.of(IdxDataset.TRAIN_IMAGES, IdxDataset.TEST_LABELS), IdxDataset.missing(folder));
		assertFalse(IdxDataset.isComplete(folder));
		IOException e = assertThrows(IOException.class, () -> TINY.read(folder, Split.TRAIN, null));
		assertEquals("Tiny is not complete in " + folder
				+ ": train-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz] missing", e.getMessage());
		assertEquals(IdxDataset.FILES, IdxDataset.missing(temp.resolve("nowhere")));
	}

	@Test
	void imagesOfAnotherSizeLabelsThatDoNotMatchAndUnknownClassesAreRefusedNamingTheFile() throws IOException {
		Path folder = folder(images(2, 3, 2), labels(0, 1), false);
		IdxFormatException size = assertThrows(IdxFormatException.class, () -> TINY.read(folder, Split.TRAIN, null));
		assertEquals(folder.resolve(IdxDataset.TRAIN_IMAGES) + ": images are 3×2, Tiny's are 2×3", size.getMessage());

		Files.write(folder.resolve(IdxDataset.TRAIN_IMAGES), images(2, 2, 3));
		Files.write(folder.resolve(IdxDataset.TRAIN_LABELS), labels(0, 1, 1));
		IdxFormatException count = assertThrows(IdxFormatException.class, () -> TINY.read(folder, Split.TRAIN, null));
		assertEquals(folder.resolve(IdxDataset.TRAIN_LABELS) + ": 3 labels for 2 images in train-images-idx3-ubyte",
				count.getMessage());

		Files.write(folder.resolve(IdxDataset.TRAIN_LABELS), labels(0, 3));
		IdxFormatException label = assertThrows(IdxFormatException.class, () -> TINY.read(folder, Split.TRAIN, null));
		assertEquals(folder.resolve(IdxDataset.TRAIN_LABELS) + ": label 3 of item 1 is not one of the 3 classes",
				label.getMessage());
	}

	@Test
	void aDatasetNeedsClassesThatFitAByteAndImagesOfSomeSize() {
		assertThrows(IllegalArgumentException.class, () -> new IdxDataset("x", "X", List.of(), 28, 28, FIGURES));
		assertThrows(IllegalArgumentException.class,
				() -> new IdxDataset("x", "X", java.util.Collections.nCopies(257, "c"), 28, 28, FIGURES));
		assertThrows(IllegalArgumentException.class, () -> new IdxDataset("x", "X", List.of("a"), 0, 28, FIGURES));
	}
}
