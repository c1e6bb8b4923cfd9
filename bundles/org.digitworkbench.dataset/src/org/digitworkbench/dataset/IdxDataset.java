package org.digitworkbench.dataset;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.digitworkbench.dataset.IdxFiles.IdxImages;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

/**
 * A dataset that comes the way MNIST does: four IDX files in one folder, named as MNIST's are ({@link #FILES}), each
 * raw or gzip-compressed. What MNIST, Fashion-MNIST and their kin share: a provider keeps one of these, asks it which
 * files a folder lacks and has it read a split; where the folder is and how the files get there is the provider's.
 *
 * @param id            the provider's {@link DatasetProvider#id()}
 * @param displayName   for messages, e.g. {@code Fashion-MNIST}
 * @param classNames    one per label, index = label
 * @param rows          every image's height
 * @param columns       every image's width
 * @param normalization the training split's figures, carried by every {@link ImageSet} read
 * @since 0.1.2
 */
public record IdxDataset(String id, String displayName, List<String> classNames, int rows, int columns,
		Normalization normalization) {

	public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
	public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
	public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
	public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
	/** The four files, training split first. */
	public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);

	public IdxDataset {
		Objects.requireNonNull(id);
		Objects.requireNonNull(displayName);
		Objects.requireNonNull(normalization);
		classNames = List.copyOf(classNames);
		if (classNames.isEmpty() || classNames.size() > 256) {
			throw new IllegalArgumentException("an IDX label is one byte: 1 to 256 classes, not " + classNames.size());
		}
		if (rows <= 0 || columns <= 0) {
			throw new IllegalArgumentException("images of " + rows + "×" + columns + " pixels");
		}
	}

	/** The images file of {@code split}, e.g. {@value #TEST_IMAGES}. */
	public static String imagesFile(Split split) {
		return split == Split.TRAIN ? TRAIN_IMAGES : TEST_IMAGES;
	}

	/** The labels file of {@code split}, e.g. {@value #TEST_LABELS}. */
	public static String labelsFile(Split split) {
		return split == Split.TRAIN ? TRAIN_LABELS : TEST_LABELS;
	}

	/** The {@link #FILES} that {@code folder} holds in neither form (raw or {@code .gz}), in that order. */
	public static List<String> missing(Path folder) {
		return FILES.stream().filter(name -> IdxFiles.find(folder, name) == null).toList();
	}

	/** Whether {@code folder} holds all four files. */
	public static boolean isComplete(Path folder) {
		return missing(folder).isEmpty();
	}

	/**
	 * Reads {@code split} from {@code folder} and checks it: every image {@code rows × columns}, one label per image,
	 * every label a class.
	 *
	 * @throws IOException        naming the folder and the missing files when a file is missing (a provider that can
	 *                            say more, e.g. how to get the files, checks {@link #missing} first)
	 * @throws IdxFormatException naming the file and what is wrong with it
	 */
	public ImageSet read(Path folder, Split split, IProgressMonitor monitor) throws IOException {
		SubMonitor progress = SubMonitor.convert(monitor,
				"Reading " + displayName + " " + split.name().toLowerCase(Locale.ROOT), 2);
		Path imagesFile = IdxFiles.find(folder, imagesFile(split));
		Path labelsFile = IdxFiles.find(folder, labelsFile(split));
		if (imagesFile == null || labelsFile == null) {
			throw new IOException(displayName + " is not complete in " + folder + ": "
					+ String.join(", ", missing(folder).stream().map(name -> name + "[.gz]").toList()) + " missing");
		}
		IdxImages images = IdxFiles.readImages(imagesFile);
		if (images.rows() != rows || images.columns() != columns) {
			throw new IdxFormatException(imagesFile, "images are " + images.rows() + "×" + images.columns() + ", "
					+ displayName + "'s are " + rows + "×" + columns);
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
			if (label >= classNames.size()) {
				throw new IdxFormatException(labelsFile, "label " + label + " of item " + i + " is not one of the "
						+ classNames.size() + " classes");
			}
		}
		return new ImageSet(id, split, rows, columns, images.pixels(), labels, classNames, normalization);
	}
}
