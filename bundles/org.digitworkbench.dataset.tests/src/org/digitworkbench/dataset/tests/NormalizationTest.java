package org.digitworkbench.dataset.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Normalization;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.dataset.internal.MnistProvider;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;

/** Each dataset's own mean and standard deviation, and how a pixel is standardised with them. */
class NormalizationTest {

	@Test
	void aPixelIsStandardisedWithTheMeanAndDeviation() {
		Normalization n = new Normalization(0.25f, 0.5f);
		assertEquals(-0.5f, n.apply(0f), 1e-7f);
		assertEquals(1.5f, n.apply(1f), 1e-7f);
		assertArrayEquals(new float[] { -0.5f, 0f, 1.5f }, n.apply(new float[] { 0, 0.25f, 1 }), 1e-7f);
		assertEquals((0.5f - 0.1307f) / 0.3081f, Normalization.MNIST.apply(0.5f), 1e-7f);
	}

	@Test
	void figuresThatCannotBePixelStatisticsAreRefused() {
		for (float[] bad : new float[][] { { 0.1f, 0 }, { 0.1f, -1 }, { -0.1f, 0.3f }, { 1.5f, 0.3f }, { Float.NaN, 0.3f },
				{ 0.1f, Float.POSITIVE_INFINITY } }) {
			IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Normalization(bad[0], bad[1]));
			assertEquals("a normalisation needs a mean in [0, 1] and a standard deviation in (0, 1], not " + bad[0] + " and "
					+ bad[1], e.getMessage());
		}
	}

	@Test
	void measuringASetGivesItsPixelsMeanAndPopulationDeviation() {
		// two 1×2 images: pixels 0, 255, 255, 255 → mean 0.75, deviation √(0.75·0.25) = 0.4330
		ImageSet set = new ImageSet("t", Split.TRAIN, 1, 2, new byte[] { 0, (byte) 255, (byte) 255, (byte) 255 },
				new byte[] { 0, 1 }, List.of("a", "b"));
		Normalization measured = Normalization.measure(set);
		assertEquals(0.75f, measured.mean(), 1e-6f);
		assertEquals((float) Math.sqrt(0.75 * 0.25), measured.std(), 1e-6f);
		assertEquals(Normalization.MNIST, set.normalization(), "a set made without figures carries MNIST's");
		ImageSet own = new ImageSet("t", Split.TEST, 1, 2, set.pixelData(), set.labelData(), set.classNames(), measured);
		assertEquals(measured, own.head(1).normalization(), "a part of a set keeps its figures");
		assertEquals(measured, own.subset(new int[] { 1, 0 }).normalization());
		assertArrayEquals(new byte[] { (byte) 255, (byte) 255, 0, (byte) 255 }, own.subset(new int[] { 1, 0 }).pixelData());
		assertArrayEquals(new byte[] { 1, 0 }, own.subset(new int[] { 1, 0 }).labelData());
	}

	/** The published figures (PyTorch's examples/mnist) are the training split's, to four digits. */
	@Test
	void mnistsFiguresAreItsTrainingSplits() throws IOException {
		DatasetProvider mnist = new MnistProvider();
		if (!mnist.isAvailable()) {
			mnist.fetch(new NullProgressMonitor());
		}
		ImageSet train = mnist.load(Split.TRAIN, new NullProgressMonitor());
		Normalization measured = Normalization.measure(train);
		assertEquals(0.1307f, measured.mean(), 5e-5f);
		assertEquals(0.3081f, measured.std(), 5e-5f);
		assertEquals(Normalization.MNIST, mnist.normalization());
		assertEquals(Normalization.MNIST, train.normalization());
		assertEquals(Normalization.MNIST, mnist.load(Split.TEST, new NullProgressMonitor()).normalization(),
				"the test split is fed with the training split's figures");
	}
}
