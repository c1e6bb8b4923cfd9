package org.digitworkbench.dataset;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
	private static final int MAX_ITEMS = 10_000_000;
	private static final int MAX_SIDE = 4096;
	private static final long MAX_BYTES = Integer.MAX_VALUE - 8;

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

	public static IdxImages readImages(Path file) throws IOException {
		try (DataInputStream in = open(file)) {
			int magic = header(file, in, "magic number");
			if (magic != IMAGES_MAGIC) {
				throw new IdxFormatException(file, String.format("wrong magic 0x%08x, expected 0x%08x (images)%s", magic,
						IMAGES_MAGIC, magic == LABELS_MAGIC ? ": this is a label file" : ""));
			}
			int count = dimension(file, in, "image count", MAX_ITEMS);
			int rows = dimension(file, in, "row count", MAX_SIDE);
			int columns = dimension(file, in, "column count", MAX_SIDE);
			long size = (long) count * rows * columns;
			if (size > MAX_BYTES) {
				throw new IdxFormatException(file, "header claims " + size + " bytes of pixels, more than this reader takes");
			}
			return new IdxImages(count, rows, columns, data(file, in, (int) size, 16));
		}
	}

	public static byte[] readLabels(Path file) throws IOException {
		try (DataInputStream in = open(file)) {
			int magic = header(file, in, "magic number");
			if (magic != LABELS_MAGIC) {
				throw new IdxFormatException(file, String.format("wrong magic 0x%08x, expected 0x%08x (labels)%s", magic,
						LABELS_MAGIC, magic == IMAGES_MAGIC ? ": this is an image file" : ""));
			}
			int count = dimension(file, in, "label count", MAX_ITEMS);
			return data(file, in, count, 8);
		}
	}

	private static DataInputStream open(Path file) throws IOException {
		InputStream raw;
		try {
			raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
		} catch (NoSuchFileException e) {
			throw new IOException(file + ": no such file", e);
		}
		raw.mark(2);
		int first = raw.read();
		int second = raw.read();
		raw.reset();
		if (first == 0x1f && second == 0x8b) {
			try {
				return new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
			} catch (ZipException | EOFException e) {
				raw.close();
				throw new IdxFormatException(file, "damaged gzip data (" + e.getMessage() + ")");
			}
		}
		return new DataInputStream(raw);
	}

	private static int header(Path file, DataInputStream in, String what) throws IOException {
		try {
			return in.readInt();
		} catch (EOFException e) {
			throw new IdxFormatException(file, "truncated: the file ends inside the header (" + what + ")");
		} catch (ZipException e) {
			throw new IdxFormatException(file, "damaged gzip data (" + e.getMessage() + ")");
		}
	}

	private static int dimension(Path file, DataInputStream in, String what, int max) throws IOException {
		int value = header(file, in, what);
		if (value <= 0 || value > max) {
			throw new IdxFormatException(file, what + " " + value + " is out of range 1.." + max);
		}
		return value;
	}

	/** Exactly {@code size} bytes, and nothing after them. */
	private static byte[] data(Path file, DataInputStream in, int size, int headerBytes) throws IOException {
		byte[] data = new byte[size];
		int read = 0;
		try {
			while (read < size) {
				int n = in.read(data, read, size - read);
				if (n < 0) {
					throw new IdxFormatException(file, "truncated: expected " + (headerBytes + (long) size)
							+ " bytes, found " + (headerBytes + (long) read));
				}
				read += n;
			}
			if (in.read() >= 0) {
				throw new IdxFormatException(file, "longer than its header says: expected " + (headerBytes + (long) size)
						+ " bytes");
			}
		} catch (ZipException | EOFException e) {
			throw new IdxFormatException(file, "damaged gzip data (" + e.getMessage() + ")");
		}
		return data;
	}
}
