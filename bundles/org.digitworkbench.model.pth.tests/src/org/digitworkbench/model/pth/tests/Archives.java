package org.digitworkbench.model.pth.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/** Zip archives laid out like torch.save's: uncompressed entries under one folder. */
final class Archives {

	private Archives() {
	}

	static byte[] storedZip(Map<String, byte[]> entries) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			for (Map.Entry<String, byte[]> named : entries.entrySet()) {
				ZipEntry entry = new ZipEntry(named.getKey());
				entry.setMethod(ZipEntry.STORED);
				entry.setSize(named.getValue().length);
				CRC32 crc = new CRC32();
				crc.update(named.getValue());
				entry.setCrc(crc.getValue());
				zip.putNextEntry(entry);
				zip.write(named.getValue());
				zip.closeEntry();
			}
		}
		return bytes.toByteArray();
	}

	static Map<String, byte[]> entriesOf(Path file) throws IOException {
		Map<String, byte[]> entries = new LinkedHashMap<>();
		try (ZipFile zip = new ZipFile(file.toFile())) {
			for (ZipEntry entry : zip.stream().toList()) {
				entries.put(entry.getName(), zip.getInputStream(entry).readAllBytes());
			}
		}
		return entries;
	}

	static byte[] floats(ByteOrder order, float... values) {
		ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(order);
		for (float value : values) {
			buffer.putFloat(value);
		}
		return buffer.array();
	}
}
