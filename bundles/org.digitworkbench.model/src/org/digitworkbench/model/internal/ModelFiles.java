package org.digitworkbench.model.internal;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.digitworkbench.files.Sha256;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStoreException;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * A model's two files in a folder — {@code metadata.json} and {@code parameters.bin} — read and checked: the
 * metadata must record the parameters' SHA-256 and the parameters must have it, then they must be parameters of the
 * architecture the metadata names. Messages name the files as the user knows them ({@link Source}).
 */
final class ModelFiles {

	private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

	/** How messages name a model's two files: paths in the store, or the user's zip and the entry. */
	record Source(String metadata, String parameters) {

		static Source folder(Path folder) {
			return new Source(folder.resolve(MetadataJson.FILE).toString(),
					folder.resolve(FileModelStore.PARAMETERS).toString());
		}

		static Source zip(Path zip) {
			return new Source(zip + " (" + MetadataJson.FILE + ")", zip + " (" + FileModelStore.PARAMETERS + ")");
		}
	}

	private ModelFiles() {
	}

	/** The metadata of the model in {@code folder}, which must record its parameters' checksum. */
	static ModelMetadata metadata(Path folder) throws ModelStoreException {
		ModelMetadata metadata = MetadataJson.read(folder);
		requireChecksum(metadata, Source.folder(folder));
		return metadata;
	}

	/**
	 * Refuses metadata without a well-formed {@code parametersSha256}: the store always writes one, and without it
	 * damage to the parameters could never be found.
	 */
	static void requireChecksum(ModelMetadata metadata, Source source) throws ModelStoreException {
		String sha = metadata.parametersSha256();
		if (sha == null || !SHA256.matcher(sha).matches()) {
			throw new ModelStoreException(source.metadata() + ": "
					+ (sha == null ? "records no SHA-256 of the parameters (parametersSha256)"
							: "records '" + (sha.length() > 70 ? sha.substring(0, 70) + "…" : sha)
									+ "' as the SHA-256 of the parameters, which is not one")
					+ ", so damage to them could not be found: this is not a model the workbench saved or exported");
		}
	}

	/** The line for parameters whose checksum is not the recorded one. */
	static String damaged(String parameters, String actual, String recorded) {
		return parameters + ": damaged (SHA-256 " + actual + " differs from the " + recorded
				+ " recorded when it was saved)";
	}

	/** Checks the parameters file in {@code folder} against the checksum {@code metadata} records. */
	static void verify(Path folder, ModelMetadata metadata, Source source) throws ModelStoreException {
		Path parameters = folder.resolve(FileModelStore.PARAMETERS);
		if (!Files.isRegularFile(parameters)) {
			throw new ModelStoreException(source.parameters() + ": missing");
		}
		String sha;
		try {
			sha = Sha256.of(parameters);
		} catch (IOException e) {
			throw new ModelStoreException(source.parameters() + ": unreadable (" + e.getMessage() + ")", e);
		}
		if (!sha.equals(metadata.parametersSha256())) {
			throw new ModelStoreException(damaged(source.parameters(), sha, metadata.parametersSha256()));
		}
	}

	/**
	 * A new model of {@code architecture} holding the parameters in {@code folder} (checked already); the caller closes
	 * it. The engine must be ready.
	 *
	 * @param finite whether NaN and infinite values are refused (for models from outside: imports)
	 */
	static Model load(Path folder, ModelMetadata metadata, ModelArchitecture architecture, Source source,
			boolean finite) throws ModelStoreException {
		Model model = Model.newInstance(metadata.name());
		try (InputStream in = new BufferedInputStream(Files.newInputStream(folder.resolve(FileModelStore.PARAMETERS)))) {
			Block block = architecture.newBlock();
			model.setBlock(block);
			block.initialize(model.getNDManager(), DataType.FLOAT32, architecture.inputShape(1));
			block.loadParameters(model.getNDManager(), new DataInputStream(in));
			if (finite) {
				requireFinite(block, source.parameters());
			}
			return model;
		} catch (ModelStoreException e) {
			model.close();
			throw e;
		} catch (IOException | MalformedModelException | RuntimeException e) {
			model.close();
			throw new ModelStoreException(source.parameters() + ": not parameters of a '" + architecture.id()
					+ "' model (" + firstLine(e) + ")", e);
		}
	}

	/** Refuses parameters holding NaN or an infinity: such a model answers nonsense (digit 0 at confidence NaN). */
	static void requireFinite(Block block, String where) throws ModelStoreException {
		for (Pair<String, Parameter> parameter : block.getParameters()) {
			NDArray array = parameter.getValue().getArray();
			boolean nan;
			boolean infinite;
			try (NDArray isNaN = array.isNaN(); NDArray anyNaN = isNaN.any();
					NDArray isInfinite = array.isInfinite(); NDArray anyInfinite = isInfinite.any()) {
				nan = anyNaN.getBoolean();
				infinite = anyInfinite.getBoolean();
			}
			if (nan || infinite) {
				throw new ModelStoreException(where + ": parameter " + parameter.getKey() + " holds "
						+ (nan ? "NaN" : "infinite") + " values; such a model cannot predict");
			}
		}
	}

	private static String firstLine(Exception e) {
		String message = e.getMessage();
		if (e instanceof java.io.EOFException) {
			return "the file ends early";
		}
		if (message == null || message.isBlank()) {
			return "unreadable";
		}
		return message.lines().findFirst().orElse("").strip();
	}
}
