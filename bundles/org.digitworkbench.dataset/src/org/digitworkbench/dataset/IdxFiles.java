package org.digitworkbench.dataset;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (the MNIST format), raw or gzip-compressed: a big-endian magic ({@code 0x00000803} images,
 * {@code 0x00000801} labels), one big-endian int per dimension, then unsigned bytes. Every header is checked before
 * anything is allocated, and the data must be exactly as long as the header says.
 */
public final class IdxFiles {

	public static final int IMAGES_MAGIC = 0x00000803;
	public static final int LABELS_MAGIC = 0x00000801;
	/**
	 * The most images (or labels) one file may hold: 1,000,000, over 16 times MNIST's training set.
	 *
	 * @since 0.1.3
	 */
	public static final int MAX_ITEMS = 1_000_000;
	/**
	 * The most pixel bytes one images file may hold: 1 GiB (MNIST's training images are 47 MB). A training holds them
	 * in memory more than once.
	 *
	 * @since 0.1.3
	 */
	public static final long MAX_PIXEL_BYTES = 1L << 30;
	private static final int MAX_SIDE = 4096;
	/** Deflate cannot expand data by more than this factor: a header claiming more than that is damaged. */
	private static final long MAX_DEFLATE_RATIO = 1032;
	/** Data of a gzip file is read into a buffer that grows as it arrives, from this size up to the header's. */
	private static final int FIRST_BUFFER = 1 << 24;

	/** The images of one IDX file: {@code count × rows × columns} unsigned bytes. */
	public record IdxImages(int count, int rows, int columns, byte[] pixels) {
	}

	private IdxFiles() {
	}

	/**
	 * The IDX file {@code name} in {@code folder} as distributions ship it, raw or gzip-compressed ({@code name.gz}),
	 * whichever exists (the raw one first); null when neither does.
	 */
	public static Path find(Path folder, String name) {
		Path raw = folder.resolve(name);
		if (Files.isRegularFile(raw)) {
			return raw;
		}
		Path gz = folder.resolve(name + ".gz");
		return Files.isRegularFile(gz) ? gz : null;
	}

	/**
	 * The images of {@code file}. The header is checked against the limits ({@link #MAX_ITEMS},
	 * {@link #MAX_PIXEL_BYTES}) and against the file's length before anything is allocated.
	 */
	public static IdxImages readImages(Path file) throws IOException {
		try (Source in = open(file)) {
			int magic = header(file, in, "magic number");
			if (magic != IMAGES_MAGIC) {
				throw new IdxFormatException(file, String.format("wrong magic 0x%08x, expected 0x%08x (images)%s", magic,
						IMAGES_MAGIC, magic == LABELS_MAGIC ? ": this is a label file" : ""));
			}
			int count = dimension(file, in, "image count", MAX_ITEMS);
			int rows = dimension(file, in, "row count", MAX_SIDE);
			int columns = dimension(file, in, "column count", MAX_SIDE);
			long size = (long) count * rows * columns;
			if (size > MAX_PIXEL_BYTES) {
				throw new IdxFormatException(file, "the header claims " + count + " images of " + rows + "×" + columns
						+ " pixels (" + size + " bytes), more than the " + MAX_PIXEL_BYTES + " bytes an images file may hold");
			}
			String what = count + " images of " + rows + "×" + columns + " pixels";
			return new IdxImages(count, rows, columns, data(file, in, (int) size, 16, what));
		}
	}

	/** The labels of {@code file}, checked as {@link #readImages} checks images. */
	public static byte[] readLabels(Path file) throws IOException {
		try (Source in = open(file)) {
			int magic = header(file, in, "magic number");
			if (magic != LABELS_MAGIC) {
				throw new IdxFormatException(file, String.format("wrong magic 0x%08x, expected 0x%08x (labels)%s", magic,
						LABELS_MAGIC, magic == IMAGES_MAGIC ? ": this is an image file" : ""));
			}
			int count = dimension(file, in, "label count", MAX_ITEMS);
			return data(file, in, count, 8, count + " labels");
		}
	}

	/** The file's bytes (unpacked when gzip), and how long the file itself is. */
	private record Source(DataInputStream in, boolean gzip, long length) implements AutoCloseable {
		@Override
		public void close() throws IOException {
			in.close();
		}
	}

	private static Source open(Path file) throws IOException {
		if (Files.isDirectory(file)) {
			throw new IOException(file + ": is a folder, not an IDX file");
		}
		InputStream raw;
		long length;
		try {
			length = Files.size(file);
			raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
		} catch (NoSuchFileException e) {
			throw new IOException(file + ": no such file", e);
		} catch (IOException e) {
			throw new IOException(file + ": cannot be read (" + e.getMessage() + ")", e);
		}
		raw.mark(2);
		int first = raw.read();
		int second = raw.read();
		raw.reset();
		if (first == 0x1f && second == 0x8b) {
			try {
				return new Source(new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16)),
						true, length);
			} catch (ZipException | EOFException e) {
				raw.close();
				throw new IdxFormatException(file, "damaged gzip data (" + e.getMessage() + ")");
			}
		}
		return new Source(new DataInputStream(raw), false, length);
	}

	private static int header(Path file, Source in, String what) throws IOException {
		try {
			return in.in().readInt();
		} catch (EOFException e) {
			throw new IdxFormatException(file, "truncated: the file ends inside the header (" + what + ")");
		} catch (ZipException e) {
			throw new IdxFormatException(file, "damaged gzip data (" + e.getMessage() + ")");
		}
	}

	private static int dimension(Path file, Source in, String what, int max) throws IOException {
		int value = header(file, in, what);
		if (value <= 0 || value > max) {
			throw new IdxFormatException(file, what + " " + Integer.toUnsignedString(value) + " is out of range 1.." + max);
		}
		return value;
	}

	/**
	 * Exactly {@code size} bytes, and nothing after them. A raw file must be exactly as long as its header says
	 * before a byte is allocated; a gzip file cannot say how long it unpacks, so its header must at least be possible
	 * for the file's length, and the buffer grows only as the data arrives.
	 */
	private static byte[] data(Path file, Source in, int size, int headerBytes, String what) throws IOException {
		long expected = headerBytes + (long) size;
		if (!in.gzip() && in.length() != expected) {
			throw new IdxFormatException(file, (in.length() < expected ? "truncated: " : "longer than its header says: ")
					+ "the header promises " + what + ", " + expected + " bytes, the file has " + in.length());
		}
		if (in.gzip() && expected > Math.max(in.length(), 1) * MAX_DEFLATE_RATIO) {
			throw new IdxFormatException(file, "the header promises " + what + " (" + expected + " bytes), more than "
					+ in.length() + " bytes of gzip data can hold: the file is damaged");
		}
		byte[] data = new byte[in.gzip() ? Math.min(size, FIRST_BUFFER) : size];
		int read = 0;
		try {
			while (read < size) {
				if (read == data.length) {
					data = Arrays.copyOf(data, (int) Math.min(size, 2L * data.length));
				}
				int n = in.in().read(data, read, data.length - read);
				if (n < 0) {
					throw new IdxFormatException(file, "truncated: the header promises " + what + ", " + expected
							+ " bytes, found " + (headerBytes + (long) read));
				}
				read += n;
			}
			if (in.in().read() >= 0) {
				throw new IdxFormatException(file, "longer than its header says: the header promises " + what + ", "
						+ expected + " bytes");
			}
		} catch (ZipException | EOFException e) {
			throw new IdxFormatException(file, "damaged gzip data (" + e.getMessage() + ")");
		}
		return data;
	}
}
