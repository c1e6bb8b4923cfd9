package org.digitworkbench.dataset.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

import org.digitworkbench.dataset.IdxFiles;
import org.digitworkbench.dataset.IdxFormatException;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.dataset.internal.MnistProvider;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The IDX reader and the MNIST provider on the real files (folder: system property digitworkbench.mnist). */
class IdxAndMnistTest {

	@TempDir
	Path temp;

	private static Path mnist() throws IOException {
		MnistProvider provider = new MnistProvider();
		if (!provider.isAvailable()) {
			provider.fetch(new NullProgressMonitor()); // a fresh machine: fetched once into the shared cache
		}
		return provider.location();
	}

	@Test
	void theTestSplitLoadsWithUnsignedPixels() throws IOException {
		mnist();
		ImageSet test = new MnistProvider().load(Split.TEST, new NullProgressMonitor());
		assertEquals(10_000, test.count());
		assertEquals(28, test.rows());
		assertEquals(7, test.label(0));
		assertEquals(2, test.label(1));
		assertEquals(1, test.label(2));
		assertEquals(0, test.label(3));
		assertEquals(4, test.label(4));
		int max = 0;
		for (int i = 0; i < 784; i++) {
			max = Math.max(max, test.pixel(0, i / 28, i % 28));
		}
		assertTrue(max > 127, "pixels above 127 stay positive: " + max);
	}

	@Test
	void gzipFilesReadTheSame() throws IOException {
		Path labels = mnist().resolve("t10k-labels-idx1-ubyte");
		Path gz = temp.resolve("labels.gz");
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
			Files.copy(labels, out);
		}
		assertTrue(Arrays.equals(IdxFiles.readLabels(labels), IdxFiles.readLabels(gz)));
	}

	@Test
	void damagedFilesAreRefusedNamingTheFileAndTheProblem() throws IOException {
		byte[] images = Files.readAllBytes(mnist().resolve("t10k-images-idx3-ubyte"));
		Path truncated = write("truncated", Arrays.copyOf(images, 1000));
		IdxFormatException e = assertThrows(IdxFormatException.class, () -> IdxFiles.readImages(truncated));
		assertTrue(e.getMessage().startsWith(truncated.toString()), e.getMessage());
		assertTrue(e.getMessage().contains("truncated: the header promises 10000 images of 28×28 pixels, 7840016 bytes, the"
				+ " file has 1000"), e.getMessage());

		Path labels = mnist().resolve("t10k-labels-idx1-ubyte");
		e = assertThrows(IdxFormatException.class, () -> IdxFiles.readImages(labels));
		assertTrue(e.getMessage().contains("this is a label file"), e.getMessage());

		byte[] lying = Arrays.copyOf(images, 64);
		lying[4] = 0x7f; // claims two billion images
		Path liar = write("liar", lying);
		e = assertThrows(IdxFormatException.class, () -> IdxFiles.readImages(liar));
		assertTrue(e.getMessage().contains("image count"), e.getMessage());

		byte[] longer = Arrays.copyOf(images, images.length + 3);
		Path tooLong = write("long", longer);
		e = assertThrows(IdxFormatException.class, () -> IdxFiles.readImages(tooLong));
		assertTrue(e.getMessage().contains("longer than its header says"), e.getMessage());
	}

	/** Thousands of mutated file prefixes: each ends in a clear IOException naming the file; no hang, no OOM. */
	@Test
	void mutationsGiveClearErrors() throws IOException {
		byte[] images = Files.readAllBytes(mnist().resolve("t10k-images-idx3-ubyte"));
		byte[] labels = Files.readAllBytes(mnist().resolve("t10k-labels-idx1-ubyte"));
		Random random = new Random(1);
		long start = System.nanoTime();
		for (int i = 0; i < 3000; i++) {
			boolean imageFile = i % 2 == 0;
			byte[] source = imageFile ? images : labels;
			byte[] mutated = Arrays.copyOf(source, 16 + random.nextInt(4096));
			for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
				mutated[random.nextInt(Math.min(mutated.length, 24))] = (byte) random.nextInt(256);
			}
			if (random.nextBoolean()) {
				try (var buffer = new java.io.ByteArrayOutputStream(); OutputStream gz = new GZIPOutputStream(buffer)) {
					gz.write(mutated);
					gz.close();
					mutated = buffer.toByteArray();
					mutated[random.nextInt(mutated.length)] ^= (byte) (1 + random.nextInt(255));
				}
			}
			Path file = write("m" + i, mutated);
			try {
				if (imageFile) {
					IdxFiles.readImages(file);
				} else {
					IdxFiles.readLabels(file);
				}
				fail("a " + mutated.length + "-byte prefix of a real file cannot be whole: " + file);
			} catch (IOException e) {
				assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
			}
			Files.delete(file);
		}
		assertTrue(System.nanoTime() - start < 60_000_000_000L, "3000 damaged files read in under a minute");
	}

	private Path write(String name, byte[] bytes) throws IOException {
		Path file = temp.resolve(name);
		Files.write(file, bytes);
		return file;
	}
}
