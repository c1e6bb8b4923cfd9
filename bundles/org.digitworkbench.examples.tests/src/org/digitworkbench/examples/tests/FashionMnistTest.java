package org.digitworkbench.examples.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.IdxFormatException;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelMetadata.ClassMetrics;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.training.Evaluation;
import org.digitworkbench.training.EvaluationEvents;
import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.jobs.Job;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The Fashion-MNIST plug-in on the real files of Debian's {@code dataset-fashion-mnist} package: both splits, and a
 * training of the plug-in architecture on them through the core's training service. Skipped, saying why, only where
 * the package is not installed; the tests of a missing or broken folder need no package.
 */
class FashionMnistTest {

	static final String PROPERTY = "digitworkbench.fashion";
	static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

	private static DatasetProvider fashion;

	@BeforeAll
	static void provider() throws Exception {
		Thread.currentThread().setContextClassLoader(null);
		var reference = Services.find(DatasetProvider.class, DatasetProvider::id, "fashion-mnist", 30_000).orElseThrow();
		fashion = Services.context().getService(reference);
	}

	private static void assumeDebianPackage() {
		assumeTrue(System.getProperty(PROPERTY) == null && Files.isDirectory(DEBIAN) && fashion.isAvailable(),
				"Fashion-MNIST is not installed: 'apt-get install dataset-fashion-mnist' puts it in " + DEBIAN);
	}

	@Test
	void bothSplitsLoadFromTheDebianPackageWithBalancedClassesAndClothingNames() throws Exception {
		assumeDebianPackage();
		assertEquals(DEBIAN, fashion.location());
		ImageSet train = fashion.load(Split.TRAIN, new NullProgressMonitor());
		ImageSet test = fashion.load(Split.TEST, new NullProgressMonitor());
		assertEquals(60_000, train.count());
		assertEquals(10_000, test.count());
		for (ImageSet set : List.of(train, test)) {
			assertEquals("fashion-mnist", set.datasetId());
			assertEquals(28, set.rows());
			assertEquals(28, set.columns());
			assertEquals(ExamplesContributeTest.FASHION_CLASSES, set.classNames());
			int[] perClass = new int[10];
			for (int i = 0; i < set.count(); i++) {
				perClass[set.label(i)]++;
			}
			int each = set.count() / 10;
			assertArrayEquals(new int[] { each, each, each, each, each, each, each, each, each, each }, perClass,
					set.split() + ": Fashion-MNIST has the same number of pictures of every class");
		}
		// the first pictures of each split, as Zalando's files have them: an ankle boot, two T-shirts, a dress, ...
		assertArrayEquals(new int[] { 9, 0, 0, 3, 0, 2, 7, 2, 5, 5 }, firstLabels(train, 10));
		assertArrayEquals(new int[] { 9, 2, 1, 1, 6, 1, 4, 6, 5, 7 }, firstLabels(test, 10));
		assertEquals("Ankle boot", train.classNames().get(train.label(0)));
		double meanInk = 0;
		for (byte b : train.image(0)) {
			meanInk += Byte.toUnsignedInt(b) / 255.0;
		}
		meanInk /= 784;
		assertTrue(meanInk > 0.1 && meanInk < 0.9, "the first picture has ink and background: mean " + meanInk);
	}

	@Test
	void theTinyResidualNetworkTrainsOnFashionMnistThroughTheCoreTrainingService() throws Exception {
		assumeDebianPackage();
		TrainingService training = Services.await(TrainingService.class);
		ModelStore store = Services.await(ModelStore.class);
		String name = "fashion-resnet-" + System.nanoTime();
		List<Event> evaluations = new CopyOnWriteArrayList<>();
		Hashtable<String, Object> topics = new Hashtable<>();
		topics.put(EventConstants.EVENT_TOPIC, EvaluationEvents.DONE);
		ServiceRegistration<EventHandler> listener = Services.context().registerService(EventHandler.class,
				evaluations::add, topics);
		long started = System.nanoTime();
		Evaluation evaluation = null;
		double seconds;
		try {
			Job job = training.train(new TrainingRequest(name, "resnet-tiny", "fashion-mnist",
					TrainingOptions.DEFAULTS.withEpochs(1)));
			job.schedule();
			assertTrue(job.join(TimeUnit.MINUTES.toMillis(10), null), "one epoch within ten minutes");
			assertTrue(job.getResult().isOK(), job.getResult().toString());
			seconds = (System.nanoTime() - started) / 1e9;
			// posted asynchronously: listen until it has arrived
			for (long end = System.currentTimeMillis() + 30_000; evaluation == null; Thread.sleep(50)) {
				evaluation = evaluations.stream().map(e -> (Evaluation) e.getProperty(EvaluationEvents.EVALUATION))
						.filter(e -> e.modelName().equals(name)).findFirst().orElse(null);
				assertTrue(evaluation != null || System.currentTimeMillis() < end, "the evaluation is announced");
			}
		} finally {
			listener.unregister();
		}
		ModelMetadata saved = store.find(name).orElseThrow();
		System.out.printf(Locale.ROOT, "resnet-tiny, 1 epoch of Fashion-MNIST: test accuracy %.2f %%, %.0f s%n",
				100 * saved.testAccuracy(), seconds);
		assertEquals("fashion-mnist", saved.datasetId());
		assertEquals("resnet-tiny", saved.architectureId());
		assertTrue(saved.testAccuracy() >= 0.80, "test accuracy after one epoch: " + saved.testAccuracy());
		assertEquals(ExamplesContributeTest.FASHION_CLASSES, saved.perClass().stream().map(ClassMetrics::className).toList());

		assertEquals("fashion-mnist", evaluation.datasetId());
		assertEquals(10_000, evaluation.count());
		assertEquals(ExamplesContributeTest.FASHION_CLASSES, evaluation.classNames(), "what the gallery shows");
		// shirts are the hard class of Fashion-MNIST, trousers the easy one
		double shirt = evaluation.perClass().get(6).recall();
		double trouser = evaluation.perClass().get(1).recall();
		assertTrue(trouser > shirt, "trouser recall " + trouser + " above shirt recall " + shirt);
	}

	@Test
	void aMissingFolderSaysHowToGetTheFilesAndFetchDownloadsNothing(@TempDir Path empty) {
		withLocation(empty, () -> {
			assertEquals(empty.toAbsolutePath(), fashion.location());
			assertFalse(fashion.isAvailable());
			IOException fetch = assertThrows(IOException.class, () -> fashion.fetch(new NullProgressMonitor()));
			assertTrue(fetch.getMessage().contains("apt-get install dataset-fashion-mnist"), fetch.getMessage());
			assertTrue(fetch.getMessage().contains(empty.toString()), fetch.getMessage());
			assertTrue(fetch.getMessage().contains("-D" + PROPERTY + "="), fetch.getMessage());
			try (var files = Files.list(empty)) {
				assertEquals(0, files.count(), "fetch wrote nothing");
			}
			IOException load = assertThrows(IOException.class, () -> fashion.load(Split.TEST, new NullProgressMonitor()));
			assertTrue(load.getMessage().contains("t10k-images-idx3-ubyte"), load.getMessage());
		});
	}

	/**
	 * {@code DatasetProvider.useFolder}, what {@code datasets --use fashion-mnist FOLDER} calls. Called by name: the
	 * method came to the core's API on a branch beside this one, and the provider declares it either way.
	 */
	@Test
	void aChosenFolderIsReadBeforeItIsRememberedAndTheDefaultComesBack(@TempDir Path folder) throws Exception {
		Method useFolder = fashion.getClass().getMethod("useFolder", Path.class);
		Path before = fashion.location();
		Throwable refused = assertThrows(InvocationTargetException.class, () -> useFolder.invoke(fashion, folder)).getCause();
		assertTrue(refused instanceof IOException && refused.getMessage().contains("train-images-idx3-ubyte"),
				"an empty folder is refused, naming what is missing: " + refused);
		assertEquals(before, fashion.location(), "nothing remembered");
		Files.write(folder.resolve("train-images-idx3-ubyte"), header(0x803, 2, 28, 28)); // no pictures after the header
		for (String name : List.of("train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte")) {
			Files.write(folder.resolve(name), new byte[0]);
		}
		refused = assertThrows(InvocationTargetException.class, () -> useFolder.invoke(fashion, folder)).getCause();
		assertTrue(refused instanceof IdxFormatException && refused.getMessage().contains("train-images-idx3-ubyte"),
				"a broken file is refused by name: " + refused);
		assertEquals(before, fashion.location(), "nothing remembered");

		assumeDebianPackage();
		Path copy = Files.createDirectories(folder.resolve("copy"));
		for (String name : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
				"t10k-labels-idx1-ubyte")) {
			Files.copy(DEBIAN.resolve(name + ".gz"), copy.resolve(name + ".gz"));
		}
		try {
			useFolder.invoke(fashion, copy);
			assertEquals(copy.toAbsolutePath(), fashion.location());
			assertEquals(10_000, fashion.load(Split.TEST, new NullProgressMonitor()).count());
		} finally {
			useFolder.invoke(fashion, (Object) null);
		}
		assertEquals(DEBIAN, fashion.location(), "back to the default");
	}

	@Test
	void aTruncatedFileInAChosenFolderIsReportedByName(@TempDir Path folder) {
		withLocation(folder, () -> {
			// headers promise 10 images of 28×28 and 10 labels; the image data stops after one picture
			writeGzip(folder.resolve("t10k-images-idx3-ubyte.gz"), header(0x803, 10, 28, 28), new byte[784]);
			writeGzip(folder.resolve("t10k-labels-idx1-ubyte.gz"), header(0x801, 10), new byte[10]);
			writeGzip(folder.resolve("train-images-idx3-ubyte.gz"), header(0x803, 1, 28, 28), new byte[784]);
			Files.write(folder.resolve("train-labels-idx1-ubyte"), concat(header(0x801, 1), new byte[] { 3 }));
			assertTrue(fashion.isAvailable(), "raw and gzip files both count");
			IdxFormatException broken = assertThrows(IdxFormatException.class,
					() -> fashion.load(Split.TEST, new NullProgressMonitor()));
			assertTrue(broken.getMessage().contains("t10k-images-idx3-ubyte.gz") && broken.getMessage().contains("truncated"),
					broken.getMessage());
			ImageSet one = fashion.load(Split.TRAIN, new NullProgressMonitor());
			assertEquals(1, one.count());
			assertEquals("Dress", one.classNames().get(one.label(0)));
		});
	}

	interface Body {
		void run() throws Exception;
	}

	private static void withLocation(Path folder, Body body) {
		String before = System.getProperty(PROPERTY);
		System.setProperty(PROPERTY, folder.toString());
		try {
			body.run();
		} catch (Exception e) {
			throw new AssertionError(e);
		} finally {
			if (before == null) {
				System.clearProperty(PROPERTY);
			} else {
				System.setProperty(PROPERTY, before);
			}
		}
	}

	private static int[] firstLabels(ImageSet set, int n) {
		int[] labels = new int[n];
		for (int i = 0; i < n; i++) {
			labels[i] = set.label(i);
		}
		return labels;
	}

	private static byte[] header(int... ints) {
		byte[] bytes = new byte[ints.length * 4];
		for (int i = 0; i < ints.length; i++) {
			bytes[4 * i] = (byte) (ints[i] >>> 24);
			bytes[4 * i + 1] = (byte) (ints[i] >>> 16);
			bytes[4 * i + 2] = (byte) (ints[i] >>> 8);
			bytes[4 * i + 3] = (byte) ints[i];
		}
		return bytes;
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] all = new byte[a.length + b.length];
		System.arraycopy(a, 0, all, 0, a.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}

	private static void writeGzip(Path file, byte[] header, byte[] data) throws IOException {
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
			out.write(header);
			out.write(data);
		}
	}
}
