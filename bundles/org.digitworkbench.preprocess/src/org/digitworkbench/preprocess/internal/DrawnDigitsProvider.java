package org.digitworkbench.preprocess.internal;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.IdxFiles;
import org.digitworkbench.dataset.IdxFormatException;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.engine.DataDirectory;
import org.digitworkbench.preprocess.DrawingLikeDigits;
import org.digitworkbench.preprocess.ModelInput;
import org.digitworkbench.preprocess.Pipelines;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * MNIST's digits redrawn like canvas drawings ({@link DrawingLikeDigits}: anywhere, any size, slanted, one pen width)
 * and then prepared by the MNIST-style pipeline, exactly as the canvas prepares a drawing. Evaluating a model on its
 * test split measures how well it recognises drawings rather than scans. The sets are made once (seeded, so always
 * the same images) and kept as IDX files in the data directory.
 */
@Component(service = DatasetProvider.class)
public class DrawnDigitsProvider implements DatasetProvider {

	public static final String ID = "mnist-drawn";
	/** Bump when the drawing or the pipeline changes, so old sets are made again. */
	static final String VERSION = "v1";
	static final long SEED = 20261125L;

	@Reference(target = "(dataset.id=mnist)")
	DatasetProvider mnist;

	@Override
	public String id() {
		return ID;
	}

	@Override
	public String displayName() {
		return "MNIST redrawn like canvas drawings";
	}

	@Override
	public List<String> classNames() {
		return mnist.classNames();
	}

	@Override
	public int imageRows() {
		return ModelInput.SIZE;
	}

	@Override
	public int imageColumns() {
		return ModelInput.SIZE;
	}

	@Override
	public Path location() {
		return DataDirectory.resolve("datasets/" + ID);
	}

	@Override
	public boolean isAvailable() {
		return mnist.isAvailable();
	}

	@Override
	public void fetch(IProgressMonitor monitor) throws IOException {
		mnist.fetch(monitor);
	}

	@Override
	public ImageSet load(Split split, IProgressMonitor monitor) throws IOException {
		String prefix = VERSION + "-" + split.name().toLowerCase(java.util.Locale.ROOT);
		Path images = location().resolve(prefix + "-images-idx3-ubyte");
		Path labels = location().resolve(prefix + "-labels-idx1-ubyte");
		SubMonitor progress = SubMonitor.convert(monitor, "Drawing-like MNIST " + split.name().toLowerCase(), 100);
		if (Files.isRegularFile(images) && Files.isRegularFile(labels)) {
			try {
				var read = IdxFiles.readImages(images);
				return new ImageSet(ID, split, read.rows(), read.columns(), read.pixels(), IdxFiles.readLabels(labels),
						classNames());
			} catch (IdxFormatException | IllegalArgumentException broken) {
				// made again below
			}
		}
		ImageSet source = mnist.load(split, progress.split(5));
		ImageSet drawn = DrawingLikeDigits.redrawAll(source, Pipelines.MNIST, SEED + split.ordinal(), ID, progress.split(90));
		Files.createDirectories(location());
		writeAtomically(images, drawn.count(), drawn.rows(), drawn.columns(), drawn.pixelData());
		writeAtomically(labels, drawn.count(), 0, 0, drawn.labelData());
		return drawn;
	}

	/** IDX with a temporary file and a rename: a killed process leaves no half-written set. */
	private static void writeAtomically(Path file, int count, int rows, int columns, byte[] data) throws IOException {
		Path temporary = file.resolveSibling(file.getFileName() + ".part");
		try (OutputStream raw = Files.newOutputStream(temporary); DataOutputStream out = new DataOutputStream(raw)) {
			out.writeInt(rows > 0 ? IdxFiles.IMAGES_MAGIC : IdxFiles.LABELS_MAGIC);
			out.writeInt(count);
			if (rows > 0) {
				out.writeInt(rows);
				out.writeInt(columns);
			}
			out.write(data);
		}
		Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
	}
}
