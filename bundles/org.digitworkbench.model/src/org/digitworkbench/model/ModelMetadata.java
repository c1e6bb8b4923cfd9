package org.digitworkbench.model;

import java.time.Instant;
import java.util.List;

import org.digitworkbench.dataset.Normalization;

/**
 * What a saved model knows about itself; stored as {@code metadata.json} beside its parameters.
 *
 * @param name              unique within the store; also the folder name
 * @param architectureId    {@link ModelArchitecture#id()}
 * @param datasetId         the dataset it was trained on (or {@code imported})
 * @param options           hyper-parameters and seed
 * @param epochsDone        completed epochs
 * @param trainLoss         last epoch's mean training loss (NaN when unknown, e.g. imported)
 * @param trainAccuracy     last epoch's training accuracy in [0, 1] (NaN when unknown)
 * @param testLoss          loss on the dataset's test split (NaN when not evaluated)
 * @param testAccuracy      accuracy on the test split in [0, 1] (NaN when not evaluated)
 * @param perClass          precision, recall and F1 per class on the test split (empty when not evaluated)
 * @param confusion         test-split confusion matrix, [true][predicted] (empty when not evaluated)
 * @param trainingMillis    wall time spent training
 * @param created           when it was saved first
 * @param engine            engine name and version, e.g. {@code PyTorch 2.7.1}
 * @param djlVersion        DJL version that wrote the parameters
 * @param parameterCount    number of trainable scalars
 * @param parametersSha256  SHA-256 of the parameters file, checked on load
 * @param source            how it came to be: {@code trained}, {@code imported:<file>}, …
 * @param normalization     the figures its inputs are standardised with: its training set's (since 0.1.2; a model
 *                          saved before, or given {@code null}, has MNIST's, which every model was trained with then)
 * @param parent            the model it was fine-tuned from ({@code name} or {@code name@epoch}), {@code null} for a
 *                          model trained from scratch or imported (since 0.2.2)
 */
public record ModelMetadata(String name, String architectureId, String datasetId, TrainingOptions options,
		int epochsDone, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
		List<ClassMetrics> perClass, int[][] confusion, long trainingMillis, Instant created, String engine,
		String djlVersion, long parameterCount, String parametersSha256, String source, Normalization normalization,
		String parent) {

	public ModelMetadata {
		if (normalization == null) {
			normalization = Normalization.MNIST;
		}
	}

	/** A model with no parent: trained from scratch or imported. */
	public ModelMetadata(String name, String architectureId, String datasetId, TrainingOptions options,
			int epochsDone, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
			List<ClassMetrics> perClass, int[][] confusion, long trainingMillis, Instant created, String engine,
			String djlVersion, long parameterCount, String parametersSha256, String source, Normalization normalization) {
		this(name, architectureId, datasetId, options, epochsDone, trainLoss, trainAccuracy, testLoss, testAccuracy,
				perClass, confusion, trainingMillis, created, engine, djlVersion, parameterCount, parametersSha256, source,
				normalization, null);
	}

	/** A model normalised with MNIST's figures. */
	public ModelMetadata(String name, String architectureId, String datasetId, TrainingOptions options,
			int epochsDone, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
			List<ClassMetrics> perClass, int[][] confusion, long trainingMillis, Instant created, String engine,
			String djlVersion, long parameterCount, String parametersSha256, String source) {
		this(name, architectureId, datasetId, options, epochsDone, trainLoss, trainAccuracy, testLoss, testAccuracy,
				perClass, confusion, trainingMillis, created, engine, djlVersion, parameterCount, parametersSha256, source,
				Normalization.MNIST);
	}

	/** One class's metrics on the test split. */
	public record ClassMetrics(String className, double precision, double recall, double f1, int support) {
	}

	/** This model with the results of an evaluation on its test split (since 0.2.3). */
	public ModelMetadata withTestResults(double newTestLoss, double newTestAccuracy, List<ClassMetrics> newPerClass,
			int[][] newConfusion) {
		return new ModelMetadata(name, architectureId, datasetId, options, epochsDone, trainLoss, trainAccuracy,
				newTestLoss, newTestAccuracy, newPerClass, newConfusion, trainingMillis, created, engine, djlVersion,
				parameterCount, parametersSha256, source, normalization, parent);
	}

	public ModelMetadata withName(String newName) {
		return new ModelMetadata(newName, architectureId, datasetId, options, epochsDone, trainLoss, trainAccuracy,
				testLoss, testAccuracy, perClass, confusion, trainingMillis, created, engine, djlVersion, parameterCount,
				parametersSha256, source, normalization, parent);
	}
}
