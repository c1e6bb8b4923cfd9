package org.digitworkbench.examples.fashion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.IdxFiles;
import org.digitworkbench.dataset.IdxFiles.IdxImages;
import org.digitworkbench.dataset.IdxFormatException;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.engine.DataDirectory;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.prefs.BackingStoreException;

/**
 * Zalando's Fashion-MNIST: 70 000 greyscale 28×28 pictures of clothing in ten classes, in the same IDX format as
 * MNIST. A worked example of a plug-in dataset: this class is all there is, and the core finds it only because
 * Declarative Services registers it as a {@link DatasetProvider}.
 * <p>
 * The files are looked for, in this order, in the folder named by system property {@value #LOCATION_PROPERTY}, by
 * environment variable {@value #LOCATION_ENVIRONMENT}, in the folder the user chose ({@link #useFolder}, remembered
 * as an instance-scope preference, like the core's MNIST folder), in {@code <data>/datasets/fashion-mnist} when that
 * holds them, and in {@value #DEBIAN_FOLDER}, where Debian's {@code dataset-fashion-mnist} package installs them.
 * Each file may be raw or gzip-compressed ({@code train-images-idx3-ubyte} or {@code train-images-idx3-ubyte.gz}).
 */
@Component(service = DatasetProvider.class)
public class FashionMnistProvider implements DatasetProvider {

	public static final String ID = "fashion-mnist";
	public static final String LOCATION_PROPERTY = "digitworkbench.fashion";
	public static final String LOCATION_ENVIRONMENT = "DIGIT_WORKBENCH_FASHION";
	public static final String DEBIAN_FOLDER = "/usr/share/datasets/fashion-mnist";
	public static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";
	static final String PREFERENCE_NODE = "org.digitworkbench.examples.fashion";
	static final String FOLDER_PREFERENCE = "folder";

	static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
	static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
	static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
	static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
	static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

	/** Label → name, as Zalando's README lists them. */
	static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
			"Shirt", "Sneaker", "Bag", "Ankle boot");

	private static final int SIDE = 28;

	@Override
	public String id() {
		return ID;
	}

	@Override
	public String displayName() {
		return "Fashion-MNIST clothing";
	}

	@Override
	public List<String> classNames() {
		return CLASSES;
	}

	@Override
	public int imageRows() {
		return SIDE;
	}

	@Override
	public int imageColumns() {
		return SIDE;
	}

	/** The folder the user named or chose; else the data directory's copy when there is one; else Debian's folder. */
	@Override
	public Path location() {
		String chosen = preferences().get(FOLDER_PREFERENCE, "");
		for (String configured : new String[] { System.getProperty(LOCATION_PROPERTY), System.getenv(LOCATION_ENVIRONMENT), chosen }) {
			if (configured != null && !configured.isBlank()) {
				return Path.of(configured.strip()).toAbsolutePath();
			}
		}
		Path own = DataDirectory.resolve("datasets/" + ID);
		return complete(own) ? own : Path.of(DEBIAN_FOLDER);
	}

	private static IEclipsePreferences preferences() {
		return InstanceScope.INSTANCE.getNode(PREFERENCE_NODE);
	}

	/**
	 * Reads Fashion-MNIST from {@code folder} from now on (also after a restart), once its four files have been read
	 * without fault (about a second); {@code null} goes back to the default places. What the command line's
	 * {@code datasets --use fashion-mnist FOLDER} calls ({@code DatasetProvider.useFolder}).
	 *
	 * @throws IOException naming the folder and the missing or wrong file; the setting is then unchanged
	 */
	@Override
	public void useFolder(Path folder) throws IOException {
		IEclipsePreferences preferences = preferences();
		if (folder == null) {
			preferences.remove(FOLDER_PREFERENCE);
		} else {
			Path absolute = folder.toAbsolutePath().normalize();
			read(absolute, Split.TRAIN, null); // the whole files, as a training would read them
			read(absolute, Split.TEST, null);
			preferences.put(FOLDER_PREFERENCE, absolute.toString());
		}
		try {
			preferences.flush();
		} catch (BackingStoreException e) {
			throw new IOException("the Fashion-MNIST folder setting could not be saved: " + e.getMessage(), e);
		}
	}

	@Override
	public boolean isAvailable() {
		return complete(location());
	}

	private static boolean complete(Path folder) {
		return FILES.stream().allMatch(name -> IdxFiles.find(folder, name) != null);
	}

	/**
	 * Nothing is downloaded: Fashion-MNIST comes from the operating system's package or from a folder the user names.
	 * Returns at once when the files are there.
	 */
	@Override
	public void fetch(IProgressMonitor monitor) throws IOException {
		if (!isAvailable()) {
			throw new IOException(missingMessage(location()));
		}
	}

	private static String missingMessage(Path folder) {
		List<String> missing = new ArrayList<>();
		for (String name : FILES) {
			if (IdxFiles.find(folder, name) == null) {
				missing.add(name + "[.gz]");
			}
		}
		return "Fashion-MNIST is not in " + folder + " (missing " + String.join(", ", missing)
				+ ") and is not downloaded by Digit Workbench: install it with 'sudo apt-get install " + DEBIAN_PACKAGE
				+ "' (Debian, Ubuntu), or put the four IDX files in a folder and choose it (command line: datasets --use "
				+ ID + " FOLDER) or name it with -D" + LOCATION_PROPERTY + "=FOLDER or " + LOCATION_ENVIRONMENT + "=FOLDER";
	}

	@Override
	public ImageSet load(Split split, IProgressMonitor monitor) throws IOException {
		return read(location(), split, monitor);
	}

	private static ImageSet read(Path folder, Split split, IProgressMonitor monitor) throws IOException {
		SubMonitor progress = SubMonitor.convert(monitor, "Reading Fashion-MNIST " + split.name().toLowerCase(), 2);
		Path imagesFile = IdxFiles.find(folder, split == Split.TRAIN ? TRAIN_IMAGES : TEST_IMAGES);
		Path labelsFile = IdxFiles.find(folder, split == Split.TRAIN ? TRAIN_LABELS : TEST_LABELS);
		if (imagesFile == null || labelsFile == null) {
			throw new IOException(missingMessage(folder));
		}
		IdxImages images = IdxFiles.readImages(imagesFile);
		if (images.rows() != SIDE || images.columns() != SIDE) {
			throw new IdxFormatException(imagesFile, "images are " + images.rows() + "×" + images.columns()
					+ ", Fashion-MNIST's are " + SIDE + "×" + SIDE);
		}
		progress.worked(1);
		if (progress.isCanceled()) {
			throw new OperationCanceledException();
		}
		byte[] labels = IdxFiles.readLabels(labelsFile);
		progress.worked(1);
		if (images.count() != labels.length) {
			throw new IdxFormatException(labelsFile, labels.length + " labels for " + images.count() + " images in "
					+ imagesFile.getFileName());
		}
		for (int i = 0; i < labels.length; i++) {
			int label = Byte.toUnsignedInt(labels[i]);
			if (label >= CLASSES.size()) {
				throw new IdxFormatException(labelsFile, "label " + label + " of item " + i + " is not one of the "
						+ CLASSES.size() + " classes");
			}
		}
		return new ImageSet(ID, split, images.rows(), images.columns(), images.pixels(), labels, CLASSES);
	}
}
