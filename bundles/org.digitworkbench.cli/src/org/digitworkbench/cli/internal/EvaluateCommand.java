package org.digitworkbench.cli.internal;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.digitworkbench.files.AtomicFile;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelMetadata.ClassMetrics;
import org.digitworkbench.training.Evaluation;
import org.digitworkbench.training.EvaluationService;

/** {@code evaluate}: accuracy, per-class metrics and the confusion matrix on a dataset's test split. */
final class EvaluateCommand implements Command {

	@Override
	public String name() {
		return "evaluate";
	}

	@Override
	public String usage() {
		return "evaluate [--model NAME|PATH] [--dataset ID] [--json] [--predictions FILE.csv]";
	}

	@Override
	public String summary() {
		return "test a model: accuracy, per-class metrics, confusion matrix";
	}

	@Override
	public int run(List<String> raw, CommandContext context) throws Exception {
		Arguments arguments = Arguments.parse(raw, Set.of("model", "dataset", "predictions"), Set.of("json"));
		if (!arguments.positional().isEmpty()) {
			throw new UsageException("unexpected argument '" + arguments.positional().get(0) + "'");
		}
		try (LoadedModel model = Services.model(context, arguments.option("model"))) {
			String datasetId = arguments.option("dataset"); // null: the one the model was trained on
			if (datasetId != null) {
				Services.dataset(context, datasetId); // an unknown one is a usage error
			}
			Evaluation evaluation = context.service(EvaluationService.class).evaluate(model, datasetId, Split.TEST,
					new ConsoleProgress(context.err));
			String csv = arguments.option("predictions");
			if (csv != null) {
				writePredictions(evaluation, Path.of(csv));
			}
			if (arguments.flag("json")) {
				context.printJson(toJson(evaluation));
			} else {
				printText(evaluation, context);
			}
		}
		return CommandLineApplication.OK;
	}

	/** The documented JSON shape (README, "Command line"). */
	static Map<String, Object> toJson(Evaluation evaluation) {
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("model", evaluation.modelName());
		json.put("dataset", evaluation.datasetId());
		json.put("split", "test");
		json.put("count", evaluation.count());
		json.put("accuracy", evaluation.accuracy());
		json.put("loss", evaluation.loss());
		List<Map<String, Object>> perClass = new ArrayList<>();
		for (ClassMetrics metrics : evaluation.perClass()) {
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("class", metrics.className());
			row.put("precision", metrics.precision());
			row.put("recall", metrics.recall());
			row.put("f1", metrics.f1());
			row.put("support", metrics.support());
			perClass.add(row);
		}
		json.put("perClass", perClass);
		json.put("confusionMatrix", evaluation.confusion());
		json.put("millis", evaluation.millis());
		return json;
	}

	private static void printText(Evaluation evaluation, CommandContext context) {
		context.out.printf(Locale.ROOT, "%s on %s (test, %d images): accuracy %.2f %%, loss %.4f, %d ms%n",
				evaluation.modelName(), evaluation.datasetId(), evaluation.count(), 100 * evaluation.accuracy(),
				evaluation.loss(), evaluation.millis());
		context.out.println();
		context.out.println("class      precision  recall     f1  support");
		for (ClassMetrics m : evaluation.perClass()) {
			context.out.printf(Locale.ROOT, "%-10s %9.4f %7.4f %6.4f %8d%n", m.className(), m.precision(), m.recall(),
					m.f1(), m.support());
		}
		context.out.println();
		context.out.println("confusion matrix (rows: true class, columns: predicted)");
		int[][] confusion = evaluation.confusion();
		StringBuilder header = new StringBuilder("      ");
		for (int c = 0; c < confusion.length; c++) {
			header.append(String.format("%6s", abbreviate(evaluation.classNames().get(c))));
		}
		context.out.println(header);
		for (int r = 0; r < confusion.length; r++) {
			StringBuilder row = new StringBuilder(String.format("%6s", abbreviate(evaluation.classNames().get(r))));
			for (int count : confusion[r]) {
				row.append(String.format("%6d", count));
			}
			context.out.println(row);
		}
	}

	private static String abbreviate(String name) {
		return name.length() <= 5 ? name : name.substring(0, 5);
	}

	/** One row per image: {@code index,label,predicted,confidence,p0,…,p9}; written whole or not at all. */
	private static void writePredictions(Evaluation evaluation, Path file) throws IOException {
		Path absolute = file.toAbsolutePath();
		try {
			AtomicFile.write(absolute, stream -> {
				BufferedWriter out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
				StringBuilder header = new StringBuilder("index,label,predicted,confidence");
				for (int c = 0; c < evaluation.classes(); c++) {
					header.append(",p").append(c);
				}
				out.write(header.append('\n').toString());
				for (int i = 0; i < evaluation.count(); i++) {
					StringBuilder row = new StringBuilder();
					row.append(i).append(',').append(evaluation.labels()[i]).append(',').append(evaluation.predicted()[i])
							.append(',').append(format(evaluation.confidence(i)));
					for (int c = 0; c < evaluation.classes(); c++) {
						row.append(',').append(format(evaluation.probability(i, c)));
					}
					out.write(row.append('\n').toString());
				}
				out.flush();
			});
		} catch (IOException e) {
			throw new IOException("could not write " + absolute + ": " + e.getMessage(), e);
		}
	}

	private static String format(float probability) {
		return String.format(Locale.ROOT, "%.6f", probability);
	}
}
