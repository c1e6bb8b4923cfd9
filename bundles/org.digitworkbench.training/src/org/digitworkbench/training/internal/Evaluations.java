package org.digitworkbench.training.internal;

import java.util.ArrayList;
import java.util.List;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Normalization;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata.ClassMetrics;
import org.digitworkbench.training.Evaluation;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * Runs a block over labelled images in inference mode and tallies the results. The pixels cross into libtorch as bytes
 * and are normalised there, with autograd off (a thread starts with it on, and then every evaluation kept a graph of
 * its activations).
 */
final class Evaluations {

	/**
	 * Images per forward pass. Flat inputs (the mlp): 1000, few calls. Images (the cnn): 250, whose first convolution's
	 * output is already 25 MB.
	 */
	static int batchSize(ModelArchitecture architecture) {
		return architecture.inputShape(1).dimension() > 2 ? 250 : 1000;
	}

	private Evaluations() {
	}

	/**
	 * @param normalization the figures the model was trained with (not necessarily {@code images}' own)
	 * @param staging the caller's, used again by its next evaluation
	 * @param layout the caller's for {@code block} ({@link ChannelsLast#forBlock}), null for none
	 */
	static Evaluation evaluate(String modelName, Block block, ModelArchitecture architecture, Normalization normalization,
			NDManager manager, Staging staging, ChannelsLast layout, ImageSet images, IProgressMonitor monitor) {
		long start = System.nanoTime();
		int count = images.count();
		int classes = images.classNames().size();
		int batchSize = batchSize(architecture);
		SubMonitor progress = SubMonitor.convert(monitor, "Evaluating " + modelName + " on " + count + " images",
				(count + batchSize - 1) / batchSize);
		float[] probabilities = new float[count * classes];
		int[] labels = new int[count];
		int[] predicted = new int[count];
		int[][] confusion = new int[classes][classes];
		double lossSum = 0;
		int size = images.pixelsPerImage();
		for (int from = 0; from < count; from += batchSize) {
			if (progress.isCanceled()) {
				throw new OperationCanceledException();
			}
			int to = Math.min(count, from + batchSize);
			try (NDManager batch = manager.newSubManager(); GradMode off = GradMode.off()) {
				NDArray pixels = staging.bytes(batch, images.pixelData(), from * size, (to - from) * size,
						new Shape(to - from, size), DataType.UINT8); // UINT8: never signed bytes
				NDArray x = pixels.toType(DataType.FLOAT32, false).divi(255f).subi(normalization.mean())
						.divi(normalization.std()).reshape(architecture.inputShape(to - from));
				NDArray logits = ChannelsLast.forward(layout, block, new ParameterStore(batch, false), new NDList(x), false)
						.singletonOrThrow();
				float[] p = logits.softmax(1).toFloatArray();
				System.arraycopy(p, 0, probabilities, from * classes, p.length);
			}
			for (int i = from; i < to; i++) {
				int label = images.label(i);
				int best = 0;
				for (int c = 1; c < classes; c++) {
					if (probabilities[i * classes + c] > probabilities[i * classes + best]) {
						best = c;
					}
				}
				labels[i] = label;
				predicted[i] = best;
				confusion[label][best]++;
				lossSum -= Math.log(Math.max(probabilities[i * classes + label], 1e-12f));
			}
			progress.worked(1);
		}
		int correct = 0;
		for (int c = 0; c < classes; c++) {
			correct += confusion[c][c];
		}
		return new Evaluation(modelName, images.datasetId(), count, count == 0 ? Double.NaN : (double) correct / count,
				count == 0 ? Double.NaN : lossSum / count, perClass(confusion, images.classNames()), confusion, labels,
				predicted, probabilities, images.classNames(), (System.nanoTime() - start) / 1_000_000);
	}

	static List<ClassMetrics> perClass(int[][] confusion, List<String> classNames) {
		List<ClassMetrics> metrics = new ArrayList<>();
		for (int c = 0; c < confusion.length; c++) {
			int truePositive = confusion[c][c];
			int support = 0;
			int predictedAs = 0;
			for (int k = 0; k < confusion.length; k++) {
				support += confusion[c][k];
				predictedAs += confusion[k][c];
			}
			double precision = predictedAs == 0 ? 0 : (double) truePositive / predictedAs;
			double recall = support == 0 ? 0 : (double) truePositive / support;
			double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
			metrics.add(new ClassMetrics(classNames.get(c), precision, recall, f1, support));
		}
		return metrics;
	}
}
