package org.digitworkbench.reliability.tests;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import javax.imageio.ImageIO;

/**
 * Writes the suite's bad input: IDX files, zips (PyTorch's and the store's exported models), images — each made here
 * from scratch or from a good file by one change, so that every case is one fault.
 */
final class Corpus {

	private Corpus() {
	}

	// --- zips

	/** Every entry of {@code zip}, in order. */
	static Map<String, byte[]> entries(Path zip) throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipFile file = new ZipFile(zip.toFile())) {
			for (ZipEntry entry : file.stream().toList()) {
				entries.put(entry.getName(), file.getInputStream(entry).readAllBytes());
			}
		}
		return entries;
	}

	/** A zip of {@code entries}, uncompressed as torch.save writes them. */
	static Path stored(Path zip, Map<String, byte[]> entries) throws IOException {
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
			for (Map.Entry<String, byte[]> named : entries.entrySet()) {
				ZipEntry entry = new ZipEntry(named.getKey());
				entry.setMethod(ZipEntry.STORED);
				entry.setSize(named.getValue().length);
				CRC32 crc = new CRC32();
				crc.update(named.getValue());
				entry.setCrc(crc.getValue());
				out.putNextEntry(entry);
				out.write(named.getValue());
				out.closeEntry();
			}
		}
		return zip;
	}

	/** A zip of {@code entries}, deflated as the store exports. */
	static Path deflated(Path zip, Map<String, byte[]> entries) throws IOException {
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
			for (Map.Entry<String, byte[]> named : entries.entrySet()) {
				out.putNextEntry(new ZipEntry(named.getKey()));
				out.write(named.getValue());
				out.closeEntry();
			}
		}
		return zip;
	}

	/** A zip of {@code others}, then {@code name}: {@code zeros} zero bytes deflated (a bomb, 1000:1). */
	static Path withZeros(Path zip, Map<String, byte[]> others, String name, long zeros) throws IOException {
		try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
			for (Map.Entry<String, byte[]> named : others.entrySet()) {
				out.putNextEntry(new ZipEntry(named.getKey()));
				out.write(named.getValue());
				out.closeEntry();
			}
			out.putNextEntry(new ZipEntry(name));
			byte[] block = new byte[1 << 20];
			for (long left = zeros; left > 0; left -= block.length) {
				out.write(block, 0, (int) Math.min(block.length, left));
			}
			out.closeEntry();
		}
		return zip;
	}

	/** Changes the uncompressed size that {@code zip}'s central directory lists for {@code name}: the archive lies. */
	static Path declaredSize(Path zip, String name, int size) throws IOException {
		byte[] bytes = Files.readAllBytes(zip);
		ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
		for (int i = 0; i + 46 < bytes.length; i++) {
			if (buffer.getInt(i) == 0x02014b50 && buffer.getShort(i + 28) == wanted.length
					&& new String(bytes, i + 46, wanted.length, StandardCharsets.UTF_8).equals(name)) {
				buffer.putInt(i + 24, size);
				Files.write(zip, bytes);
				return zip;
			}
		}
		throw new IllegalArgumentException(name + " is not in " + zip);
	}

	/** A file of {@code length} bytes that takes no room (a hole): for limits on a file's length. */
	static Path sparse(Path file, long length) throws IOException {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
			channel.write(ByteBuffer.wrap(new byte[] { 'P', 'K', 3, 4 }));
			channel.write(ByteBuffer.wrap(new byte[] { 0 }), length - 1);
		}
		return file;
	}

	/** {@code bytes} with the 4 bytes at {@code offset} replaced by {@code value} (little-endian float32). */
	static byte[] withFloat(byte[] bytes, int offset, float value) {
		byte[] copy = bytes.clone();
		ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putFloat(offset, value);
		return copy;
	}

	/** {@code bytes} read as little-endian float32, each multiplied by {@code factor}. */
	static byte[] scaled(byte[] bytes, float factor) {
		byte[] copy = bytes.clone();
		ByteBuffer buffer = ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i + 4 <= copy.length; i += 4) {
			buffer.putFloat(i, buffer.getFloat(i) * factor);
		}
		return copy;
	}

	// --- IDX

	/** An IDX header: the magic, then one big-endian int per dimension. */
	static byte[] idxHeader(int magic, int... dimensions) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bytes);
		out.writeInt(magic);
		for (int dimension : dimensions) {
			out.writeInt(dimension);
		}
		return bytes.toByteArray();
	}

	/** {@code count} images of {@code rows × columns}: a bar down the middle of each, as a digit 1 is. */
	static byte[] idxImages(int count, int rows, int columns) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.write(idxHeader(0x803, count, rows, columns));
		byte[] image = new byte[rows * columns];
		for (int r = rows / 5; r < rows - rows / 5; r++) {
			for (int c = columns / 2 - 1; c <= columns / 2 + 1; c++) {
				image[r * columns + c] = (byte) 255;
			}
		}
		for (int i = 0; i < count; i++) {
			bytes.write(image);
		}
		return bytes.toByteArray();
	}

	static byte[] idxLabels(byte... labels) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		bytes.write(idxHeader(0x801, labels.length));
		bytes.write(labels);
		return bytes.toByteArray();
	}

	static byte[] gzip(byte[] data) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (OutputStream out = new GZIPOutputStream(bytes)) {
			out.write(data);
		}
		return bytes.toByteArray();
	}

	/** A gzip file of {@code header} followed by {@code zeros} zero bytes (blank images, compressed 1000:1). */
	static Path gzipWithZeros(Path file, byte[] header, long zeros) throws IOException {
		try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
			out.write(header);
			byte[] block = new byte[1 << 20];
			for (long left = zeros; left > 0; left -= block.length) {
				out.write(block, 0, (int) Math.min(block.length, left));
			}
		}
		return file;
	}

	// --- images

	/** A 1 as a person draws it: a thick vertical bar, ink {@code ink} on paper {@code paper} (ARGB). */
	static BufferedImage one(int size, int ink, int paper) {
		BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
		for (int y = 0; y < size; y++) {
			for (int x = 0; x < size; x++) {
				boolean stroke = x >= size * 45 / 100 && x < size * 55 / 100 && y >= size / 7 && y < size * 6 / 7;
				image.setRGB(x, y, stroke ? ink : paper);
			}
		}
		return image;
	}

	/** {@code image} without its alpha channel (for JPEG and BMP). */
	static BufferedImage opaque(BufferedImage image) {
		BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
		rgb.getGraphics().drawImage(image, 0, 0, null);
		return rgb;
	}

	static Path write(BufferedImage image, String format, Path file) throws IOException {
		if (!ImageIO.write(image, format, file.toFile())) {
			throw new IOException("no " + format + " writer");
		}
		return file;
	}

	/** The first {@code fraction} of {@code file}'s bytes: a file cut short by a download or a full disk. */
	static Path cut(Path file, double fraction, Path into) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		Files.write(into, java.util.Arrays.copyOf(bytes, (int) (bytes.length * fraction)));
		return into;
	}

	/** A 1-bit PNG of {@code width × height} white pixels (ImageIO writes it as such: a few hundred KB). */
	static Path hugePng(Path file, int width, int height) throws IOException {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_BINARY);
		return write(image, "png", file);
	}
}
