package org.digitworkbench.model.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import org.digitworkbench.files.AtomicFile;
import org.digitworkbench.files.Sha256;
import org.digitworkbench.files.TooLargeException;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStoreException;

/**
 * A model's exported form: one zip holding its {@code metadata.json} and {@code parameters.bin}, nothing else. Only
 * those two names are ever read from a zip, so nothing in it chooses a path; each is checked against its limit from
 * the size the archive declares before it is inflated, and inflated no further than that (an archive may lie).
 */
final class ModelZip {

	static final List<String> ENTRIES = List.of(MetadataJson.FILE, FileModelStore.PARAMETERS);
	/**
	 * The most a model's parameters may take: 256 MiB, 64 million float32 values (the seed MLP has 567,434, the CNN a
	 * few hundred thousand).
	 */
	static final long MAX_PARAMETERS_BYTES = 256L << 20;
	/** The most a model zip may take: both entries at their limits, and the archive's own records. */
	static final long MAX_ZIP_BYTES = MAX_PARAMETERS_BYTES + MetadataJson.MAX_BYTES + (1 << 20);
	/** Deflate cannot expand data by more than this factor: an entry that claims more lies. */
	private static final long MAX_DEFLATE_RATIO = 1032;

	/** What was read from a zip: the metadata as written and the checksum of the parameters as unpacked. */
	record Unpacked(ModelMetadata metadata, String parametersSha256) {
	}

	private ModelZip() {
	}

	/**
	 * Writes the model in {@code folder} to {@code zipFile}, atomically (an existing file is replaced only by a
	 * complete one), with {@code metadata} as its metadata. The parameters are checked on the way against the
	 * checksum the metadata records: a damaged model is never exported.
	 */
	static void write(Path folder, ModelMetadata metadata, Path zipFile) throws IOException {
		Path parameters = folder.resolve(FileModelStore.PARAMETERS);
		AtomicFile.write(zipFile, out -> {
			ZipOutputStream zip = new ZipOutputStream(out);
			zip.putNextEntry(new ZipEntry(MetadataJson.FILE));
			zip.write(MetadataJson.toJson(metadata).getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
			zip.putNextEntry(new ZipEntry(FileModelStore.PARAMETERS));
			String sha;
			try (InputStream in = Files.newInputStream(parameters)) {
				sha = Sha256.copy(in, zip, Long.MAX_VALUE);
			}
			zip.closeEntry();
			if (!sha.equals(metadata.parametersSha256())) {
				throw new ModelStoreException(ModelFiles.damaged(parameters.toString(), sha, metadata.parametersSha256()));
			}
			zip.finish();
		});
	}

	/**
	 * Copies the two entries of {@code zipFile} into {@code folder}, within their limits; returns the metadata and
	 * the parameters' checksum. Every refusal names {@code zipFile}.
	 */
	static Unpacked extract(Path zipFile, Path folder) throws ModelStoreException {
		checkFile(zipFile);
		try (ZipFile zip = new ZipFile(zipFile.toFile())) {
			ZipEntry metadataEntry = entry(zipFile, zip, MetadataJson.FILE);
			ZipEntry parametersEntry = entry(zipFile, zip, FileModelStore.PARAMETERS);
			ByteArrayOutputStream json = new ByteArrayOutputStream();
			copy(zipFile, zip, metadataEntry, json, MetadataJson.MAX_BYTES, "model metadata");
			ModelMetadata metadata = MetadataJson.parse(json.toByteArray(), zipFile + " (" + MetadataJson.FILE + ")");
			String sha;
			try (OutputStream out = Files.newOutputStream(folder.resolve(FileModelStore.PARAMETERS))) {
				sha = copy(zipFile, zip, parametersEntry, out, MAX_PARAMETERS_BYTES, "a model's parameters");
			}
			return new Unpacked(metadata, sha);
		} catch (ModelStoreException e) {
			throw e;
		} catch (ZipException e) {
			throw new ModelStoreException(zipFile + ": not a zip archive, or a damaged one (" + e.getMessage() + ")", e);
		} catch (IOException e) {
			throw new ModelStoreException(zipFile + ": could not be read (" + e.getMessage() + ")", e);
		}
	}

	/** What can be told from the file alone: that it is one, readable, not empty, not beyond the limit. */
	private static void checkFile(Path zipFile) throws ModelStoreException {
		if (Files.isDirectory(zipFile)) {
			throw new ModelStoreException(zipFile + ": is a folder, not a zip file");
		}
		long size;
		try {
			size = Files.size(zipFile);
		} catch (NoSuchFileException e) {
			throw new ModelStoreException(zipFile + ": no such file", e);
		} catch (IOException e) {
			throw new ModelStoreException(zipFile + ": could not be read (" + e.getMessage() + ")", e);
		}
		if (size == 0) {
			throw new ModelStoreException(zipFile + ": the file is empty");
		}
		if (size > MAX_ZIP_BYTES) {
			throw new ModelStoreException(zipFile + ": " + size + " bytes, more than the " + MAX_ZIP_BYTES
					+ " an exported model may have");
		}
	}

	private static ZipEntry entry(Path zipFile, ZipFile zip, String name) throws ModelStoreException {
		ZipEntry entry = zip.getEntry(name);
		if (entry == null || entry.isDirectory()) {
			throw new ModelStoreException(zipFile + ": not an exported model (no " + name + " inside)");
		}
		return entry;
	}

	/**
	 * Inflates {@code entry} into {@code out}: refused from its declared size when that is beyond {@code limit} or
	 * beyond what its compressed size can hold, and stopped where the declared size ends.
	 *
	 * @return the SHA-256 of what was copied
	 */
	private static String copy(Path zipFile, ZipFile zip, ZipEntry entry, OutputStream out, long limit, String what)
			throws IOException {
		long declared = entry.getSize();
		long compressed = entry.getCompressedSize();
		if (declared > limit) {
			throw new ModelStoreException(zipFile + ": " + entry.getName() + " unpacks to " + declared
					+ " bytes, more than the " + limit + " " + what + " may have");
		}
		if (declared < 0 || (compressed >= 0 && declared > Math.max(compressed, 1) * MAX_DEFLATE_RATIO)) {
			throw new ModelStoreException(zipFile + ": the archive lists impossible sizes for " + entry.getName()
					+ " (it is damaged)");
		}
		long[] count = { 0 };
		OutputStream counting = new OutputStream() {
			@Override
			public void write(int b) throws IOException {
				out.write(b);
				count[0]++;
			}

			@Override
			public void write(byte[] b, int off, int len) throws IOException {
				out.write(b, off, len);
				count[0] += len;
			}
		};
		String sha;
		try (InputStream in = zip.getInputStream(entry)) {
			sha = Sha256.copy(in, counting, declared);
		} catch (TooLargeException e) {
			throw new ModelStoreException(zipFile + ": " + entry.getName() + " holds more than the " + declared
					+ " bytes the archive lists for it (it is damaged)", e);
		} catch (ZipException | java.io.EOFException e) {
			throw new ModelStoreException(zipFile + ": " + entry.getName() + " is damaged (" + e.getMessage() + ")", e);
		}
		if (count[0] != declared) {
			throw new ModelStoreException(zipFile + ": " + entry.getName() + " holds " + count[0] + " of the "
					+ declared + " bytes the archive lists for it (it is damaged or cut short)");
		}
		return sha;
	}
}
