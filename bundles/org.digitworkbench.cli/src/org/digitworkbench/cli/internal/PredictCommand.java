package org.digitworkbench.cli.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.digitworkbench.model.Classifier;
import org.digitworkbench.model.Explanation;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.preprocess.ImageFiles;
import org.digitworkbench.preprocess.InkImage;
import org.digitworkbench.preprocess.ModelInput;
import org.digitworkbench.preprocess.Pipeline;
import org.digitworkbench.preprocess.Pipelines;

/** {@code predict}: the digit in each image file, through the same preprocessing as the drawing canvas. */
final class PredictCommand implements Command {

	@Override
	public String name() {
		return "predict";
	}

	@Override
	public String usage() {
		return "predict [--model NAME|PATH] [--pipeline mnist|simple] [--json] IMAGE...   |   "
				+ "predict [--model M] --explain OUT.png IMAGE";
	}

	@Override
	public String summary() {
		return "recognise the digit in PNG, JPEG or BMP files";
	}

	@Override
	public int run(List<String> raw, CommandContext context) throws Exception {
		Arguments arguments = Arguments.parse(raw, Set.of("model", "pipeline", "explain"), Set.of("json"));
		if (arguments.positional().isEmpty()) {
			throw new UsageException("name at least one image file");
		}
		String explain = arguments.option("explain");
		if (explain != null && arguments.positional().size() != 1) {
			throw new UsageException("--explain writes the overlay of one image: name one image file");
		}
		String pipelineId = arguments.option("pipeline", "mnist");
		Pipeline pipeline = Pipelines.byId(pipelineId).orElseThrow(() -> new UsageException("unknown pipeline '"
				+ pipelineId + "'; choose " + Pipelines.all().stream().map(Pipeline::id).collect(Collectors.joining(" or "))));
		List<Map<String, Object>> results = new ArrayList<>();
		int failures = 0;
		try (LoadedModel model = Services.model(context, arguments.option("model"));
				Classifier classifier = model.newClassifier()) {
			for (String name : arguments.positional()) {
				Map<String, Object> result = new LinkedHashMap<>();
				result.put("file", name);
				result.put("pipeline", pipeline.id());
				try {
					InkImage ink = ImageFiles.read(Path.of(name));
					Optional<ModelInput> input = pipeline.apply(ink);
					if (input.isEmpty()) {
						result.put("digit", null);
						result.put("noDigit", true);
					} else {
						// with the figures of the model's own training set (MNIST's for a digit model)
						float[] normalized = input.get().normalized(model.metadata().normalization());
						float[] probabilities = classifier.probabilities(normalized);
						if (!allFinite(probabilities)) {
							throw new IOException(name + ": the model's answer is not a number (NaN): its weights are"
									+ " too large or damaged");
						}
						int best = argmax(probabilities);
						result.put("digit", best);
						result.put("confidence", probabilities[best]);
						result.put("probabilities", probabilities);
						if (explain != null) {
							Explanation explanation = model.explain(normalized);
							try {
								ExplanationPng.write(Path.of(explain), input.get().pixels(), explanation);
							} catch (IOException e) {
								throw new IOException(explain + ": could not write the overlay (" + e.getMessage() + ")", e);
							}
							result.put("explanation", explain);
							result.put("runnerUp", explanation.runnerUp());
						}
					}
				} catch (IOException | RuntimeException e) { // one image's fault; the others are still answered
					failures++;
					result.put("error", e instanceof IOException ? e.getMessage() : name + ": " + e);
				} catch (OutOfMemoryError e) {
					failures++;
					result.put("error", name + ": too large to read in the memory available");
				}
				results.add(result);
			}
		}
		if (arguments.flag("json")) {
			context.printJson(results);
		} else {
			for (Map<String, Object> result : results) {
				context.out.println(describe(result));
			}
		}
		for (Map<String, Object> result : results) {
			if (result.containsKey("error")) {
				context.err.println("digits-workbench predict: " + result.get("error"));
			}
		}
		return failures == 0 ? CommandLineApplication.OK : CommandLineApplication.FAILURE;
	}

	private static String describe(Map<String, Object> result) {
		if (result.containsKey("error")) {
			return result.get("file") + ": error";
		}
		if (result.get("digit") == null) {
			return result.get("file") + ": no digit (the image is blank)";
		}
		float confidence = (Float) result.get("confidence");
		String line = String.format(Locale.ROOT, "%s: %s (%.1f %%%s)", result.get("file"), result.get("digit"),
				100 * confidence, confidence < 0.5f ? ", uncertain" : "");
		if (result.containsKey("explanation")) {
			line += String.format(Locale.ROOT, "; %s: left, the ink that says %s (green) or against it (red); right, "
					+ "where ink would make it say %s (blue) or whose removal would (orange)", result.get("explanation"),
					result.get("digit"), result.get("runnerUp"));
		}
		return line;
	}

	private static boolean allFinite(float[] values) {
		for (float value : values) {
			if (!Float.isFinite(value)) {
				return false;
			}
		}
		return true;
	}

	static int argmax(float[] values) {
		int best = 0;
		for (int i = 1; i < values.length; i++) {
			if (values[i] > values[best]) {
				best = i;
			}
		}
		return best;
	}
}
