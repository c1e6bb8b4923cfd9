package org.digitworkbench.model.internal.pth;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.digitworkbench.model.internal.pth.RestrictedUnpickler.PyDict;
import org.digitworkbench.model.internal.pth.RestrictedUnpickler.StorageRef;
import org.digitworkbench.model.internal.pth.RestrictedUnpickler.TensorSpec;

/**
 * Reads the tensors of a PyTorch state_dict saved with {@code torch.save(model.state_dict(), "model.pth")} (the zip
 * format, PyTorch 1.6 and later, including the extra entries of PyTorch 2.x) without Python, without Java
 * deserialisation and without ever running anything the file names: see {@link RestrictedUnpickler}.
 * <p>
 * Every problem, including a damaged or cut-short archive, ends in a {@link PthFormatException} whose message names
 * the file and says what is wrong.
 */
public final class PthStateDictReader {

	static final String RESAVE_ADVICE = "torch.save(model.state_dict(), \"model.pth\") with PyTorch 1.6 or later";

	/** 2^28 values (1 GiB of float32) in all: far beyond any digit model, small enough never to exhaust memory. */
	static final long MAX_TOTAL_VALUES = 1L << 28;
	/**
	 * The longest file read: {@link #MAX_TOTAL_VALUES} float32 values and the pickle, with room for the archive's
	 * records. Checked before the archive is opened (its central directory is read whole).
	 */
	static final long MAX_FILE_BYTES = 4 * MAX_TOTAL_VALUES + (32 << 20);
	/** Deflate cannot expand data by more than this factor; a claimed size beyond it is a lie. */
	private static final long MAX_DEFLATE_RATIO = 1032;
	private static final int READ_CHUNK = 1 << 16;
	private static final Pattern RECORD_PICKLE = Pattern.compile("([^/]+)/data\\.pkl");
	/** The first bytes of torch's pre-1.6 format: pickle PROTO 2, then LONG1 of the magic number 0x1950a86a20f9469cfc6c. */
	private static final byte[] LEGACY_MAGIC = { (byte) 0x80, 0x02, (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c,
			0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19 };

	private PthStateDictReader() {
	}

	/**
	 * The tensors of the state_dict in {@code file}, in the order the file lists them.
	 *
	 * @throws PthFormatException when the file cannot be read or is not a plain tensor state_dict of torch's zip
	 *                            format; the message reads {@code "<file name>: <problem>"}
	 */
	public static Map<String, PthTensor> read(Path file) throws PthFormatException {
		checkContainer(file);
		try (ZipFile zip = new ZipFile(file.toFile())) {
			return read(file, zip);
		} catch (PthFormatException e) {
			throw e;
		} catch (IOException e) {
			// ZipFile reports damage as ZipException or EOFException.
			throw new PthFormatException(file, "the zip archive is damaged or incomplete (" + reason(e)
					+ "); was the file cut short while downloading or copying?", e);
		}
	}

	/** Tells apart a missing file, torch's legacy format and things that are not zip archives at all. */
	private static void checkContainer(Path file) throws PthFormatException {
		if (Files.isDirectory(file)) {
			throw new PthFormatException(file, "is a folder, not a .pth file");
		}
		try {
			long size = Files.size(file);
			if (size > MAX_FILE_BYTES) {
				throw new PthFormatException(file, size + " bytes, more than the " + MAX_FILE_BYTES
						+ " this reader accepts (" + MAX_TOTAL_VALUES + " float32 values)");
			}
		} catch (NoSuchFileException e) {
			throw new PthFormatException(file, "the file does not exist", e);
		} catch (PthFormatException e) {
			throw e;
		} catch (IOException e) {
			throw new PthFormatException(file, "the file cannot be read (" + reason(e) + ")", e);
		}
		byte[] head;
		try (InputStream in = Files.newInputStream(file)) {
			head = in.readNBytes(LEGACY_MAGIC.length);
		} catch (NoSuchFileException e) {
			throw new PthFormatException(file, "the file does not exist", e);
		} catch (IOException e) {
			throw new PthFormatException(file, "the file cannot be read (" + reason(e) + ")", e);
		}
		if (head.length >= 4 && head[0] == 'P' && head[1] == 'K') {
			return;
		}
		if (Arrays.equals(head, LEGACY_MAGIC)) {
			throw new PthFormatException(file, "this is PyTorch's legacy (pre-1.6) serialisation format, which cannot"
					+ " be imported; load it in Python and save it again with " + RESAVE_ADVICE
					+ " (the zip format is the default there)");
		}
		if (head.length >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) {
			throw new PthFormatException(file, "this is a plain Python pickle, not a torch.save zip archive; save the"
					+ " weights with " + RESAVE_ADVICE);
		}
		throw new PthFormatException(file, head.length == 0 ? "the file is empty"
				: "this is not a PyTorch .pth file (it is not a zip archive); save the weights with " + RESAVE_ADVICE);
	}

	private static Map<String, PthTensor> read(Path file, ZipFile zip) throws IOException {
		String prefix = recordPrefix(file, zip);
		ByteOrder order = byteOrder(file, zip, prefix);
		String pickleName = prefix + "data.pkl";
		ZipEntry pickleEntry = zip.getEntry(pickleName);
		byte[] pickle = readSmallEntry(file, zip, pickleEntry, RestrictedUnpickler.MAX_PICKLE_BYTES);
		Object root = RestrictedUnpickler.load(file, pickleName, pickle);
		Map<String, TensorSpec> specs = tensorSpecs(file, root);
		checkTotals(file, specs);

		Map<String, Integer> uses = new HashMap<>();
		specs.values().forEach(spec -> uses.merge(spec.storage().key(), 1, Integer::sum));
		Map<String, float[]> storages = new HashMap<>();
		Map<String, PthTensor> tensors = new LinkedHashMap<>();
		for (Map.Entry<String, TensorSpec> named : specs.entrySet()) {
			TensorSpec spec = named.getValue();
			String key = spec.storage().key();
			float[] values = storages.get(key);
			if (values == null) {
				values = readStorage(file, zip, prefix, spec.storage(), order);
				storages.put(key, values);
			}
			boolean shared = uses.get(key) > 1;
			tensors.put(named.getKey(), gather(file, named.getKey(), spec, values, shared));
		}
		return Collections.unmodifiableMap(tensors);
	}

	/** torch writes every entry under one folder, {@code <name>/}; its {@code data.pkl} is the state. */
	private static String recordPrefix(Path file, ZipFile zip) throws PthFormatException {
		List<String> prefixes = new ArrayList<>();
		zip.stream().forEach(entry -> {
			var matcher = RECORD_PICKLE.matcher(entry.getName());
			if (matcher.matches()) {
				prefixes.add(matcher.group(1) + "/");
			}
		});
		if (prefixes.isEmpty()) {
			throw new PthFormatException(file, "the zip archive holds no <name>/data.pkl, so it was not written by"
					+ " torch.save; save the weights with " + RESAVE_ADVICE);
		}
		if (prefixes.size() > 1) {
			throw new PthFormatException(file, "the zip archive holds " + prefixes.size()
					+ " data.pkl records instead of one");
		}
		return prefixes.getFirst();
	}

	/** PyTorch 2.x writes {@code byteorder}; older versions always wrote little-endian. */
	private static ByteOrder byteOrder(Path file, ZipFile zip, String prefix) throws IOException {
		ZipEntry entry = zip.getEntry(prefix + "byteorder");
		if (entry == null) {
			return ByteOrder.LITTLE_ENDIAN;
		}
		String text = new String(readSmallEntry(file, zip, entry, 64), StandardCharsets.US_ASCII).strip();
		return switch (text) {
		case "little" -> ByteOrder.LITTLE_ENDIAN;
		case "big" -> ByteOrder.BIG_ENDIAN;
		default -> throw new PthFormatException(file, "the archive's byteorder entry says '"
				+ RestrictedUnpickler.printable(text) + "' instead of 'little' or 'big'");
		};
	}

	/** The state_dict itself: a (Ordered)Dict from names to tensors. */
	private static Map<String, TensorSpec> tensorSpecs(Path file, Object root) throws PthFormatException {
		if (!(root instanceof PyDict dict)) {
			throw new PthFormatException(file, "the file holds " + RestrictedUnpickler.describe(root)
					+ " rather than a state_dict of tensors; save the weights with " + RESAVE_ADVICE);
		}
		Map<String, TensorSpec> specs = new LinkedHashMap<>();
		for (Map.Entry<Object, Object> entry : dict.entries.entrySet()) {
			if (!(entry.getKey() instanceof String name)) {
				throw new PthFormatException(file, "the state_dict has " + RestrictedUnpickler.describe(entry.getKey())
						+ " as a key instead of a parameter name");
			}
			if (!(entry.getValue() instanceof TensorSpec spec)) {
				String hint = entry.getValue() instanceof PyDict
						? " (this looks like a training checkpoint; save only the model's state_dict: " + RESAVE_ADVICE
								+ ")"
						: "";
				throw new PthFormatException(file, "the entry '" + RestrictedUnpickler.printable(name) + "' is "
						+ RestrictedUnpickler.describe(entry.getValue()) + ", not a tensor" + hint);
			}
			specs.put(name, spec);
		}
		return specs;
	}

	/** Before any storage is read: what all tensors and storages claim must stay within the bound. */
	private static void checkTotals(Path file, Map<String, TensorSpec> specs) throws PthFormatException {
		long tensorValues = 0;
		long storageValues = 0;
		Map<String, StorageRef> distinct = new HashMap<>();
		for (Map.Entry<String, TensorSpec> named : specs.entrySet()) {
			long numel = numel(file, named.getKey(), named.getValue().size());
			tensorValues += numel;
			StorageRef storage = named.getValue().storage();
			if (distinct.putIfAbsent(storage.key(), storage) == null) {
				storageValues += Math.min(storage.numel(), MAX_TOTAL_VALUES + 1);
			}
			if (tensorValues > MAX_TOTAL_VALUES || storageValues > MAX_TOTAL_VALUES) {
				throw new PthFormatException(file, "the state_dict claims more than " + MAX_TOTAL_VALUES
						+ " values in all, more than this reader accepts (the file may be damaged)");
			}
		}
	}

	private static long numel(Path file, String name, long[] size) throws PthFormatException {
		long numel = 1;
		for (long dimension : size) {
			if (dimension != 0 && numel > MAX_TOTAL_VALUES / dimension) {
				throw new PthFormatException(file, "tensor '" + RestrictedUnpickler.printable(name) + "' has size "
						+ Arrays.toString(size) + ", more values than this reader accepts (the file may be damaged)");
			}
			numel *= dimension;
		}
		return numel;
	}

	/** Reads {@code <prefix>data/<key>} into float32, element by element in the archive's byte order. */
	private static float[] readStorage(Path file, ZipFile zip, String prefix, StorageRef storage, ByteOrder order)
			throws IOException {
		String name = prefix + "data/" + storage.key();
		ZipEntry entry = zip.getEntry(name);
		if (entry == null) {
			throw new PthFormatException(file, "the archive lacks the storage entry " + name);
		}
		long expectedBytes = storage.numel() * storage.type().elementBytes;
		if (entry.getSize() != expectedBytes) {
			throw new PthFormatException(file, name + " holds " + entry.getSize() + " bytes, but " + storage.numel()
					+ " values of " + storage.type().qualifiedName() + " need " + expectedBytes);
		}
		checkPlausibleSize(file, entry);
		float[] values = new float[(int) storage.numel()];
		CRC32 crc = new CRC32();
		byte[] chunk = new byte[READ_CHUNK];
		ByteBuffer buffer = ByteBuffer.wrap(chunk).order(order);
		try (InputStream in = zip.getInputStream(entry)) {
			int index = 0;
			long remaining = expectedBytes;
			while (remaining > 0) {
				int length = (int) Math.min(chunk.length, remaining);
				if (in.readNBytes(chunk, 0, length) != length) {
					throw new PthFormatException(file, name + " ends early (the archive is damaged or cut short)");
				}
				crc.update(chunk, 0, length);
				buffer.clear().limit(length);
				while (buffer.hasRemaining()) {
					values[index++] = storage.type().next(buffer);
				}
				remaining -= length;
			}
			checkCrc(file, entry, crc);
		}
		return values;
	}

	/** Small entries (data.pkl, byteorder) are read whole, but never more than {@code limit} bytes. */
	private static byte[] readSmallEntry(Path file, ZipFile zip, ZipEntry entry, int limit) throws IOException {
		if (entry.getSize() > limit) {
			throw new PthFormatException(file, entry.getName() + " is " + entry.getSize()
					+ " bytes long, more than the " + limit + " this reader accepts");
		}
		checkPlausibleSize(file, entry);
		byte[] bytes;
		try (InputStream in = zip.getInputStream(entry)) {
			bytes = in.readNBytes(limit + 1);
		}
		if (bytes.length > limit || (entry.getSize() >= 0 && bytes.length != entry.getSize())) {
			throw new PthFormatException(file, entry.getName() + " does not have the size the archive lists for it");
		}
		CRC32 crc = new CRC32();
		crc.update(bytes);
		checkCrc(file, entry, crc);
		return bytes;
	}

	/** A damaged directory can claim any size; refuse sizes the file's own length cannot back. */
	private static void checkPlausibleSize(Path file, ZipEntry entry) throws IOException {
		long fileSize = Files.size(file);
		long compressed = entry.getCompressedSize();
		long size = entry.getSize();
		boolean plausible = size >= 0 && compressed >= 0 && compressed <= fileSize
				&& (entry.getMethod() == ZipEntry.STORED ? size == compressed
						: size <= Math.max(compressed, 1) * MAX_DEFLATE_RATIO);
		if (!plausible) {
			throw new PthFormatException(file, "the archive lists impossible sizes for " + entry.getName()
					+ " (the archive is damaged)");
		}
	}

	private static void checkCrc(Path file, ZipEntry entry, CRC32 crc) throws PthFormatException {
		if (entry.getCrc() != -1 && entry.getCrc() != crc.getValue()) {
			throw new PthFormatException(file, entry.getName() + " fails its checksum (the archive is damaged)");
		}
	}

	/**
	 * The tensor's values in row-major order, gathered through its offset and strides; a storage that other tensors
	 * view too is copied, so no two tensors share an array.
	 */
	private static PthTensor gather(Path file, String name, TensorSpec spec, float[] storage, boolean shared)
			throws PthFormatException {
		long[] size = spec.size();
		long[] stride = spec.stride();
		int numel = (int) numel(file, name, size);
		if (numel == 0) {
			return new PthTensor(size.clone(), new float[0]);
		}
		long last = spec.offset();
		try {
			for (int d = 0; d < size.length; d++) {
				last = Math.addExact(last, Math.multiplyExact(size[d] - 1, stride[d]));
			}
		} catch (ArithmeticException e) {
			last = Long.MAX_VALUE;
		}
		if (last >= storage.length) {
			throw new PthFormatException(file, "tensor '" + RestrictedUnpickler.printable(name) + "' (size "
					+ Arrays.toString(size) + ", stride " + Arrays.toString(stride) + ", offset " + spec.offset()
					+ ") reaches beyond its storage of " + storage.length + " values");
		}
		int offset = (int) spec.offset();
		if (isContiguous(size, stride)) {
			if (offset == 0 && numel == storage.length) {
				// the usual case: one tensor per storage, handed over without a copy
				return new PthTensor(size.clone(), shared ? storage.clone() : storage);
			}
			return new PthTensor(size.clone(), Arrays.copyOfRange(storage, offset, offset + numel));
		}
		// A view with other strides (e.g. a transposed weight): walk the index like an odometer.
		float[] values = new float[numel];
		int rank = size.length;
		long[] index = new long[rank];
		long source = offset;
		for (int i = 0; i < numel; i++) {
			values[i] = storage[(int) source];
			for (int d = rank - 1; d >= 0; d--) {
				if (++index[d] < size[d]) {
					source += stride[d];
					break;
				}
				source -= (size[d] - 1) * stride[d];
				index[d] = 0;
			}
		}
		return new PthTensor(size.clone(), values);
	}

	/** Row-major strides; a dimension of size 1 may have any stride, as in torch. */
	private static boolean isContiguous(long[] size, long[] stride) {
		long expected = 1;
		for (int d = size.length - 1; d >= 0; d--) {
			if (size[d] != 1 && stride[d] != expected) {
				return false;
			}
			expected *= size[d];
		}
		return true;
	}

	private static String reason(Exception e) {
		if (e instanceof java.io.EOFException) {
			return "unexpected end of data";
		}
		String message = e.getMessage();
		return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
	}
}
