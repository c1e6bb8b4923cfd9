package org.digitworkbench.model.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import org.digitworkbench.files.AtomicFile;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStoreException;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

/**
 * A saved model's {@code metadata.json}: written pretty-printed, with NaN for what is not known (an imported model's
 * accuracy), instants as ISO-8601 text; read back with one line naming the file for every fault.
 */
final class MetadataJson {

	static final String FILE = "metadata.json";

	private static final Gson JSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
			.registerTypeAdapter(Instant.class, new TypeAdapter<Instant>() {
				@Override
				public void write(JsonWriter out, Instant value) throws IOException {
					if (value == null) {
						out.nullValue();
					} else {
						out.value(value.toString());
					}
				}

				@Override
				public Instant read(JsonReader in) throws IOException {
					if (in.peek() == JsonToken.NULL) {
						in.nextNull();
						return null;
					}
					return Instant.parse(in.nextString());
				}
			}).create();

	private MetadataJson() {
	}

	static String toJson(ModelMetadata metadata) {
		return JSON.toJson(metadata);
	}

	/**
	 * The metadata in {@code json}.
	 *
	 * @param source what the text was read from, for the message (the file, or the user's zip)
	 */
	static ModelMetadata fromJson(String json, Object source) throws ModelStoreException {
		ModelMetadata metadata;
		try {
			metadata = JSON.fromJson(json, ModelMetadata.class);
		} catch (RuntimeException e) { // Gson's parse errors, a bad instant, a value a record's constructor refuses
			throw new ModelStoreException(source + ": not valid model metadata (" + reason(e) + ")", e);
		}
		if (metadata == null || metadata.name() == null || metadata.architectureId() == null) {
			throw new ModelStoreException(source + ": incomplete metadata (no name or architecture)");
		}
		return metadata;
	}

	/**
	 * What went wrong, in one line: the refusal of a record's constructor that Gson wraps, else the message's first
	 * line (Gson appends a troubleshooting link on a line of its own).
	 */
	private static String reason(RuntimeException e) {
		String message = e.getCause() instanceof IllegalArgumentException refused && !(e instanceof JsonParseException)
				? refused.getMessage() : e.getMessage();
		return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("").strip();
	}

	/** The metadata of the model in {@code folder}. */
	static ModelMetadata read(Path folder) throws ModelStoreException {
		Path file = folder.resolve(FILE);
		if (!Files.isRegularFile(file)) {
			throw new ModelStoreException(file + ": missing; this folder is not a saved model");
		}
		String json;
		try {
			json = Files.readString(file);
		} catch (IOException e) {
			throw new ModelStoreException(file + ": not valid model metadata (" + e.getMessage() + ")", e);
		}
		return fromJson(json, file);
	}

	/** Writes (or replaces, atomically) the metadata of the model in {@code folder}. */
	static void write(Path folder, ModelMetadata metadata) throws IOException {
		AtomicFile.writeString(folder.resolve(FILE), toJson(metadata));
	}
}
