package org.digitworkbench.drawings.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Normalization;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.drawings.DrawingLikeDigits;
import org.digitworkbench.drawings.DrawingLikeDigits.Style;
import org.digitworkbench.preprocess.InkImage;
import org.digitworkbench.preprocess.Pipelines;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

/** The {@code mnist-drawn} dataset's own figures. */
class DrawnDigitsProviderTest {

	/**
	 * The recorded figures were measured on all 60 000 drawings (57 s); every 30th of them, drawn here as the set draws
	 * it, comes within 0.005. A change to the drawing or the pipeline that moves them needs a new measurement and
	 * version.
	 */
	@Test
	void theRecordedFiguresAreThoseOfTheDrawnTrainingDigits() throws Exception {
		BundleContext context = FrameworkUtil.getBundle(DrawnDigitsProviderTest.class).getBundleContext();
		ServiceTracker<DatasetProvider, DatasetProvider> tracker = new ServiceTracker<>(context,
				context.createFilter("(dataset.id=mnist)"), null);
		tracker.open();
		DatasetProvider mnist = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
		assertNotNull(mnist, "the MNIST provider is registered");
		if (!mnist.isAvailable()) {
			mnist.fetch(new NullProgressMonitor());
		}
		ImageSet scans = mnist.load(Split.TRAIN, new NullProgressMonitor());
		int size = scans.pixelsPerImage();
		int stride = 30;
		byte[] pixels = new byte[scans.count() / stride * size];
		for (int n = 0; n < scans.count() / stride; n++) {
			int i = n * stride;
			Style style = DrawingLikeDigits.style(DrawnDigitsProvider.SEED + Split.TRAIN.ordinal(), i);
			InkImage drawing = DrawingLikeDigits.redraw(scans.image(i), scans.rows(), scans.columns(), style);
			float[] prepared = Pipelines.MNIST.apply(drawing).orElseThrow().pixels();
			for (int k = 0; k < size; k++) {
				pixels[n * size + k] = (byte) Math.round(255 * Math.max(0, Math.min(1, prepared[k])));
			}
		}
		Normalization measured = Normalization.measure(new ImageSet("sample", Split.TRAIN, 28, 28, pixels,
				new byte[pixels.length / size], scans.classNames()));
		System.out.println("mnist-drawn: every " + stride + "th training drawing measures " + measured);
		assertEquals(DrawnDigitsProvider.NORMALIZATION.mean(), measured.mean(), 0.005);
		assertEquals(DrawnDigitsProvider.NORMALIZATION.std(), measured.std(), 0.005);
	}

	@Test
	void aRedrawnSetKeepsItsSourcesFigures() {
		Normalization figures = new Normalization(0.2f, 0.3f);
		byte[] scan = new byte[28 * 28];
		for (int y = 4; y < 24; y++) {
			scan[y * 28 + 14] = (byte) 255;
		}
		ImageSet source = new ImageSet("s", Split.TEST, 28, 28, scan, new byte[] { 1 }, List.of("0", "1"), figures);
		ImageSet drawn = DrawingLikeDigits.redrawAll(source, Pipelines.MNIST, 1, "drawn", new NullProgressMonitor());
		assertEquals(figures, drawn.normalization(), "a redrawn set is a test of the source's models");
		assertEquals("drawn", drawn.datasetId());
		assertEquals(1, drawn.label(0));
	}
}
