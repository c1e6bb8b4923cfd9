package org.digitworkbench.model.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.digitworkbench.engine.EngineService;
import org.digitworkbench.model.Classifier;
import org.digitworkbench.model.LayerOutput;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelSummary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.ParallelBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/**
 * What the model API tells a view about a loaded network, in plain values: readable layer names, output shapes,
 * parameters named by their layer, their values, and each layer's output for an image — checked against DJL itself.
 */
class LoadedModelTest {

	private static ModelStore store;

	@BeforeAll
	static void services() throws Exception {
		Thread.currentThread().setContextClassLoader(null);
		store = Networks.service(ModelStore.class);
		Networks.service(EngineService.class).awaitReady();
	}

	/** Saves a freshly initialised network of {@code architecture} under {@code name} and opens it. */
	private static LoadedModel initialised(ModelArchitecture architecture, String name) throws Exception {
		Networks.saveInitialised(store, architecture, name);
		return store.load(name);
	}

	@Test
	void theMlpIsDescribedLayerByLayerInReadableWords() throws Exception {
		try (LoadedModel loaded = initialised(new MlpArchitecture(), "summary-mlp")) {
			ModelSummary summary = loaded.summary();
			assertEquals(List.of("1 Flatten [784]", "2 Linear 784\u2192512 [512]", "3 Function [512]", "4 Dropout 0.2 [512]",
					"5 Linear 512\u2192256 [256]", "6 Function [256]", "7 Dropout 0.2 [256]", "8 Linear 256\u2192128 [128]",
					"9 Function [128]", "10 Linear 128\u219210 [10]"), rows(summary));
			assertEquals(567_434, summary.trainableParameters());
			assertEquals(0, summary.fixedParameters());
			assertEquals(List.of("Linear 784\u2192512 \u00b7 weight", "Linear 784\u2192512 \u00b7 bias"),
					summary.layers().get(1).parameters().stream().map(ModelSummary.Parameter::name).toList());
			ModelSummary.Parameter weight = summary.layers().get(1).parameters().get(0);
			assertEquals("2/weight", weight.id());
			assertArrayEquals(new long[] { 512, 784 }, weight.shape());
			assertTrue(weight.trainable());

			// the values are DJL's, row-major, the first rows only when asked
			float[] djl = DjlModels.model(loaded).getBlock().getParameters().get("02Linear_weight").getArray().toFloatArray();
			assertArrayEquals(djl, loaded.parameterValues("2/weight", 10_000));
			assertArrayEquals(Arrays.copyOf(djl, 3 * 784), loaded.parameterValues("2/weight", 3));
			assertEquals(10, loaded.parameterValues("10/bias", 64).length);
			assertThrows(IllegalArgumentException.class, () -> loaded.parameterValues("02Linear_weight", 1));

			// each top-level layer's output; the last is what the classifier answers
			float[] image = randomImage(7);
			List<LayerOutput> outputs = loaded.activations(image);
			assertEquals(10, outputs.size());
			assertEquals("Linear 128\u219210", outputs.get(9).name());
			assertArrayEquals(new long[] { 512 }, outputs.get(1).shape());
			for (float v : outputs.get(2).values()) {
				assertTrue(v >= 0, "ReLU puts out nothing negative");
			}
			try (Classifier classifier = loaded.newClassifier()) {
				assertArrayEquals(classifier.probabilities(image), softmax(outputs.get(9).values()), 1e-5f);
			}
		}
	}

	@Test
	void theCnnsConvolutionsAndBatchNormsSayTheirSizesAndRunningStatisticsAreNotTrained() throws Exception {
		try (LoadedModel loaded = initialised(new CnnArchitecture(), "summary-cnn")) {
			ModelSummary summary = loaded.summary();
			assertEquals(List.of("1 Conv2d 1\u219232, 5\u00d75 [32, 28, 28]", "2 BatchNorm 32 [32, 28, 28]",
					"3 Function [32, 28, 28]", "4 MaxPool2d [32, 14, 14]", "5 Conv2d 32\u219264, 5\u00d75 [64, 14, 14]",
					"6 BatchNorm 64 [64, 14, 14]", "7 Function [64, 14, 14]", "8 MaxPool2d [64, 7, 7]", "9 Flatten [3136]",
					"10 Linear 3136\u2192256 [256]", "11 Function [256]", "12 Dropout 0.25 [256]", "13 Linear 256\u219210 [10]"),
					rows(summary));
			ModelSummary.Layer norm = summary.layers().get(1);
			assertEquals(List.of("gamma", "beta", "runningMean", "runningVar"),
					norm.parameters().stream().map(ModelSummary.Parameter::kind).toList());
			assertEquals(64, norm.trainable());
			assertEquals(64, norm.fixed(), "running mean and variance");
			assertEquals(summary.layers().stream().mapToLong(ModelSummary.Layer::fixed).sum(), summary.fixedParameters());
		}
	}

	@Test
	void aResidualUnitIsOneLayerWhoseInnerParametersAreNamedByTheirOwnBlocks() throws Exception {
		try (NDManager manager = NDManager.newBaseManager()) {
			Block branch = new SequentialBlock()
					.add(Conv2d.builder().setKernelShape(new Shape(3, 3)).optPadding(new Shape(1, 1)).setFilters(4).build())
					.add(BatchNorm.builder().build()).add(Activation.reluBlock());
			Block network = new SequentialBlock()
					.add(new ParallelBlock(list -> new NDList(list.get(0).singletonOrThrow().add(list.get(1).singletonOrThrow())),
							List.of(branch, Blocks.identityBlock())))
					.add(new SequentialBlock().add(Blocks.batchFlattenBlock()).add(Activation::relu));
			Shape input = new Shape(1, 4, 6, 6);
			network.initialize(manager, DataType.FLOAT32, input);
			ModelSummary summary = BlockSummaries.summarize(network, input).summary();
			assertEquals(List.of("1 Residual unit [4, 6, 6]", "2.1 Flatten [144]", "2.2 Function [144]"), rows(summary),
					"a nested sequence is unfolded, an unnamed function says so");
			assertEquals(List.of("Conv2d 4\u21924, 3\u00d73 \u00b7 weight", "Conv2d 4\u21924, 3\u00d73 \u00b7 bias",
					"BatchNorm 4 \u00b7 gamma", "BatchNorm 4 \u00b7 beta", "BatchNorm 4 \u00b7 runningMean",
					"BatchNorm 4 \u00b7 runningVar"),
					summary.layers().get(0).parameters().stream().map(ModelSummary.Parameter::name).toList());
			assertEquals("1.1.1/weight", summary.layers().get(0).parameters().get(0).id());
		}
	}

	private static List<String> rows(ModelSummary summary) {
		return summary.layers().stream().map(l -> l.index() + " " + l.name() + " "
				+ (l.outputShapes().isEmpty() ? "?" : Arrays.toString(l.outputShapes().get(0)))).toList();
	}

	private static float[] randomImage(long seed) {
		Random random = new Random(seed);
		float[] image = new float[784];
		for (int i = 0; i < image.length; i++) {
			image[i] = (float) random.nextGaussian();
		}
		return image;
	}

	private static float[] softmax(float[] logits) {
		double max = Double.NEGATIVE_INFINITY;
		for (float v : logits) {
			max = Math.max(max, v);
		}
		double sum = 0;
		for (float v : logits) {
			sum += Math.exp(v - max);
		}
		float[] p = new float[logits.length];
		for (int i = 0; i < p.length; i++) {
			p[i] = (float) (Math.exp(logits[i] - max) / sum);
		}
		return p;
	}
}
