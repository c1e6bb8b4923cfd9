package org.digitworkbench.model.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.digitworkbench.files.AtomicFile;
import org.digitworkbench.model.ModelStoreException;

/**
 * A model's exported form: one zip holding its {@code metadata.json} and {@code parameters.bin}, nothing else. Only
 * those two names are ever read from a zip, so nothing in it chooses a path.
 */
final class ModelZip {

	static final List<String> ENTRIES = List.of(MetadataJson.FILE, FileModelStore.PARAMETERS);

	private ModelZip() {
	}

	/** Writes the model in {@code folder} to {@code zipFile}, atomically (replacing it). */
	static void write(Path folder, Path zipFile) throws IOException {
		AtomicFile.write(zipFile, out -> {
			ZipOutputStream zip = new ZipOutputStream(out);
			for (String entry : ENTRIES) {
				zip.putNextEntry(new ZipEntry(entry));
				Files.copy(folder.resolve(entry), zip);
				zip.closeEntry();
			}
			zip.finish();
		});
	}

	/** Copies the two entries of {@code zipFile} into {@code folder}. */
	static void extract(Path zipFile, Path folder) throws ModelStoreException {
		try (ZipFile zip = new ZipFile(zipFile.toFile())) {
			for (String entry : ENTRIES) {
				ZipEntry e = zip.getEntry(entry);
				if (e == null) {
					throw new ModelStoreException(zipFile + ": not an exported model (no " + entry + " inside)");
				}
				try (InputStream in = zip.getInputStream(e)) {
					Files.copy(in, folder.resolve(entry));
				}
			}
		} catch (ModelStoreException e) {
			throw e;
		} catch (IOException e) {
			throw new ModelStoreException(zipFile + ": not a readable zip (" + e.getMessage() + ")", e);
		}
	}
}
