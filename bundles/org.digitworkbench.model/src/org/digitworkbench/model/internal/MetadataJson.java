package org.digitworkbench.model.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;

import org.digitworkbench.files.AtomicFile;
import org.digitworkbench.model.EpochSnapshot;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStoreException;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import com.google.gson.stream.MalformedJsonException;

/**
 * A saved model's {@code metadata.json}: strict JSON, written pretty-printed, with {@code null} for what is not known
 * (an imported model's accuracy; read back as NaN, as is the bare {@code NaN} older versions wrote), instants as
 * ISO-8601 text. Read back from at most {@link #MAX_BYTES} of UTF-8, with one line naming the file (or the user's zip)
 * and the field for every fault.
 */
final class MetadataJson {

	static final String FILE = "metadata.json";
	/** A model's metadata is a few kilobytes (ten classes' metrics and a 10×10 matrix); 1 MiB is plenty. */
	static final int MAX_BYTES = 1 << 20;

	/** Numbers that may be unknown: NaN and the infinities are written as null, and null reads as NaN. */
	private static final TypeAdapter<Double> UNKNOWN_AS_NULL = new TypeAdapter<>() {
		@Override
		public void write(JsonWriter out, Double value) throws IOException {
			if (value == null || value.isNaN() || value.isInfinite()) {
				out.nullValue();
			} else {
				out.value(value.doubleValue());
			}
		}

		@Override
		public Double read(JsonReader in) throws IOException {
			if (in.peek() == JsonToken.NULL) {
				in.nextNull();
				return Double.NaN;
			}
			return in.nextDouble();
		}
	};

	private static final Gson JSON = new GsonBuilder().setPrettyPrinting().serializeNulls()
			.registerTypeAdapter(double.class, UNKNOWN_AS_NULL).registerTypeAdapter(Double.class, UNKNOWN_AS_NULL)
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
					String text = in.nextString();
					try {
						return Instant.parse(text);
					} catch (DateTimeParseException e) {
						throw new JsonParseException("'" + printable(text) + "' is not a time (ISO-8601, e.g. "
								+ "2026-11-25T07:12:00Z)", e);
					}
				}
			}).create();

	private MetadataJson() {
	}

	static String toJson(ModelMetadata metadata) {
		return JSON.toJson(metadata);
	}

	/** A kept epoch's metrics, with {@code null} for what is not known. */
	static String toJson(EpochSnapshot epoch) {
		return JSON.toJson(epoch);
	}

	/** A kept epoch's metrics from {@code json}, which must name its epoch and its parameters' SHA-256. */
	static EpochSnapshot epochFromJson(String json, Object source) throws ModelStoreException {
		EpochSnapshot epoch;
		JsonReader reader = new JsonReader(new StringReader(json));
		try {
			epoch = JSON.fromJson(reader, EpochSnapshot.class);
		} catch (RuntimeException e) {
			throw new ModelStoreException(source + ": not valid epoch metrics (" + reason(e, reader.getPath()) + ")", e);
		}
		if (epoch == null || epoch.epoch() < 1 || epoch.parametersSha256() == null) {
			throw new ModelStoreException(source + ": incomplete epoch metrics (no epoch or no parametersSha256)");
		}
		return epoch;
	}

	/**
	 * The metadata in {@code json}, checked: a name and an architecture, counts that are not negative, accuracies in
	 * [0, 1] or unknown.
	 *
	 * @param source what the text was read from, for the message (the file, or the user's zip)
	 */
	static ModelMetadata fromJson(String json, Object source) throws ModelStoreException {
		ModelMetadata metadata;
		JsonReader reader = new JsonReader(new StringReader(json));
		reader.setStrictness(Strictness.LENIENT); // older versions wrote a bare NaN for unknown numbers
		try {
			metadata = JSON.fromJson(reader, ModelMetadata.class);
		} catch (RuntimeException e) { // Gson's parse errors, a bad instant, a value a record's constructor refuses
			throw new ModelStoreException(source + ": not valid model metadata (" + reason(e, reader.getPath()) + ")", e);
		}
		if (metadata == null || metadata.name() == null || metadata.architectureId() == null) {
			throw new ModelStoreException(source + ": incomplete metadata (no name or architecture)");
		}
		String problem = problem(metadata);
		if (problem != null) {
			throw new ModelStoreException(source + ": not valid model metadata (" + problem + ")");
		}
		return withDefaults(metadata);
	}

	/** What a parsed file must still hold to be a model's metadata, or null. */
	private static String problem(ModelMetadata m) {
		if (m.architectureId().isBlank()) {
			return "the architecture is empty";
		}
		if (m.options() == null) {
			return "no training options";
		}
		if (m.epochsDone() < 0 || m.parameterCount() < 0 || m.trainingMillis() < 0) {
			return "a negative count (epochsDone " + m.epochsDone() + ", parameterCount " + m.parameterCount()
					+ ", trainingMillis " + m.trainingMillis() + ")";
		}
		for (double accuracy : new double[] { m.trainAccuracy(), m.testAccuracy() }) {
			if (!Double.isNaN(accuracy) && !(accuracy >= 0 && accuracy <= 1)) {
				return "an accuracy of " + accuracy + ", outside [0, 1]";
			}
		}
		if (m.perClass() != null && m.perClass().stream().anyMatch(Objects::isNull)) {
			return "an empty entry in perClass";
		}
		if (m.confusion() != null && List.of(m.confusion()).stream().anyMatch(Objects::isNull)) {
			return "an empty row in confusion";
		}
		return null;
	}

	/** Absent lists as empty ones. */
	private static ModelMetadata withDefaults(ModelMetadata m) {
		if (m.perClass() != null && m.confusion() != null) {
			return m;
		}
		return new ModelMetadata(m.name(), m.architectureId(), m.datasetId(), m.options(), m.epochsDone(), m.trainLoss(),
				m.trainAccuracy(), m.testLoss(), m.testAccuracy(), m.perClass() == null ? List.of() : m.perClass(),
				m.confusion() == null ? new int[0][] : m.confusion(), m.trainingMillis(), m.created(), m.engine(),
				m.djlVersion(), m.parameterCount(), m.parametersSha256(), m.source(), m.normalization(), m.parent());
	}

	/**
	 * What went wrong, in one line, with where in the file: the refusal of a record's constructor that Gson wraps,
	 * else Gson's own message without its second line (a troubleshooting link).
	 */
	private static String reason(RuntimeException e, String path) {
		String at = path == null || path.equals("$") ? "" : " at " + path;
		Throwable cause = e.getCause();
		if (cause instanceof NumberFormatException) {
			return "a number was expected" + at;
		}
		if (cause instanceof EOFException) {
			return "the text ends early" + at;
		}
		if (cause instanceof MalformedJsonException malformed) {
			return "not JSON: " + firstLine(malformed.getMessage());
		}
		if (cause instanceof IllegalArgumentException refused && !(e instanceof JsonParseException)) {
			return firstLine(refused.getMessage()) + at; // a record's constructor: "epochs must be between 1 and 1000…"
		}
		if (e instanceof JsonParseException && cause instanceof DateTimeParseException) {
			return firstLine(e.getMessage()) + at;
		}
		String message = e.getMessage();
		return message == null || message.isBlank() ? e.getClass().getSimpleName() + at : firstLine(message);
	}

	private static String firstLine(String text) {
		return text == null ? "" : text.lines().findFirst().orElse("").strip();
	}

	private static String printable(String text) {
		String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
		return shown.replaceAll("\\p{Cntrl}", "?");
	}

	/** The metadata of the model in {@code folder}. */
	static ModelMetadata read(Path folder) throws ModelStoreException {
		Path file = folder.resolve(FILE);
		if (!Files.isRegularFile(file)) {
			throw new ModelStoreException(file + ": missing; this folder is not a saved model");
		}
		try (InputStream in = Files.newInputStream(file)) {
			return parse(in.readNBytes(MAX_BYTES + 1), file);
		} catch (NoSuchFileException e) {
			throw new ModelStoreException(file + ": missing; this folder is not a saved model", e);
		} catch (ModelStoreException e) {
			throw e;
		} catch (IOException e) {
			throw new ModelStoreException(file + ": not valid model metadata (" + e.getMessage() + ")", e);
		}
	}

	/**
	 * The metadata in {@code bytes} (at most {@link #MAX_BYTES} of them, UTF-8).
	 *
	 * @param source what the bytes were read from, for the message
	 */
	static ModelMetadata parse(byte[] bytes, Object source) throws ModelStoreException {
		if (bytes.length > MAX_BYTES) {
			throw new ModelStoreException(source + ": more than the " + MAX_BYTES
					+ " bytes model metadata may have; this is not a saved model's metadata");
		}
		String json;
		try {
			json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
					.onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
		} catch (CharacterCodingException e) {
			throw new ModelStoreException(source + ": not valid model metadata (not UTF-8 text)", e);
		}
		return fromJson(json, source);
	}

	/** Writes (or replaces, atomically) the metadata of the model in {@code folder}. */
	static void write(Path folder, ModelMetadata metadata) throws IOException {
		AtomicFile.writeString(folder.resolve(FILE), toJson(metadata));
	}
}
