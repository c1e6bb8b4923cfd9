package org.digitworkbench.examples.fashion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.digitworkbench.dataset.ChosenFolder;
import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.IdxDataset;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Normalization;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.engine.DataDirectory;
import org.eclipse.core.runtime.IProgressMonitor;
import org.osgi.service.component.annotations.Component;

/**
 * Zalando's Fashion-MNIST: 70 000 greyscale 28×28 pictures of clothing in ten classes, in the same IDX format as
 * MNIST. A worked example of a plug-in dataset: this class is all there is, and the core finds it only because
 * Declarative Services registers it as a {@link DatasetProvider}. Reading and checking the four IDX files is the
 * dataset API's {@link IdxDataset}; remembering the user's folder is its {@link ChosenFolder}.
 * <p>
 * The files are looked for, in this order, in the folder named by system property {@value #LOCATION_PROPERTY}, by
 * environment variable {@value #LOCATION_ENVIRONMENT}, in the folder the user chose ({@link #useFolder}), in
 * {@code <data>/datasets/fashion-mnist} when that holds them, and in {@value #DEBIAN_FOLDER}, where Debian's
 * {@code dataset-fashion-mnist} package installs them. Each file may be raw or gzip-compressed
 * ({@code train-images-idx3-ubyte} or {@code train-images-idx3-ubyte.gz}).
 */
@Component(service = DatasetProvider.class)
public class FashionMnistProvider implements DatasetProvider {

	public static final String ID = "fashion-mnist";
	public static final String LOCATION_PROPERTY = "digitworkbench.fashion";
	public static final String LOCATION_ENVIRONMENT = "DIGIT_WORKBENCH_FASHION";
	public static final String DEBIAN_FOLDER = "/usr/share/datasets/fashion-mnist";
	public static final String DEBIAN_PACKAGE = "dataset-fashion-mnist";

	/** Label → name, as Zalando's README lists them. */
	static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
			"Shirt", "Sneaker", "Bag", "Ankle boot");
	/**
	 * The training split's pixel mean and standard deviation (measured: 0.28604, 0.35302), not MNIST's: clothes cover
	 * more of the picture than digits do.
	 */
	static final Normalization NORMALIZATION = new Normalization(0.2860f, 0.3530f);
	static final IdxDataset FASHION = new IdxDataset(ID, "Fashion-MNIST", CLASSES, 28, 28, NORMALIZATION);
	private static final ChosenFolder CHOSEN = new ChosenFolder("org.digitworkbench.examples.fashion", "folder");

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
		return FASHION.rows();
	}

	@Override
	public int imageColumns() {
		return FASHION.columns();
	}

	@Override
	public Normalization normalization() {
		return NORMALIZATION;
	}

	/** The folder the user named or chose; else the data directory's copy when there is one; else Debian's folder. */
	@Override
	public Path location() {
		String chosen = CHOSEN.get().map(Path::toString).orElse(null);
		for (String configured : new String[] { System.getProperty(LOCATION_PROPERTY), System.getenv(LOCATION_ENVIRONMENT), chosen }) {
			if (configured != null && !configured.isBlank()) {
				return Path.of(configured.strip()).toAbsolutePath();
			}
		}
		Path own = DataDirectory.resolve("datasets/" + ID);
		return IdxDataset.isComplete(own) ? own : Path.of(DEBIAN_FOLDER);
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
		if (folder != null) {
			Path absolute = folder.toAbsolutePath().normalize();
			read(absolute, Split.TRAIN, null); // the whole files, as a training would read them
			read(absolute, Split.TEST, null);
		}
		CHOSEN.set(folder);
	}

	@Override
	public boolean isAvailable() {
		return IdxDataset.isComplete(location());
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
		List<String> missing = IdxDataset.missing(folder).stream().map(name -> name + "[.gz]").toList();
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
		if (!IdxDataset.isComplete(folder)) {
			throw new IOException(missingMessage(folder));
		}
		return FASHION.read(folder, split, monitor);
	}
}
