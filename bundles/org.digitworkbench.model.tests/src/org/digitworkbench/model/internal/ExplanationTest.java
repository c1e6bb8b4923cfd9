package org.digitworkbench.model.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.digitworkbench.dataset.Normalization;
import org.digitworkbench.engine.EngineService;
import org.digitworkbench.model.Classifier;
import org.digitworkbench.model.Explanation;
import org.digitworkbench.model.LayerOutput;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelSummary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link LoadedModel#explain}: the store's models answer by autograd, and must agree with the interface's own answer
 * from finite differences of the probabilities (a different computation through the classifier).
 */
class ExplanationTest {

	private static ModelStore store;

	@BeforeAll
	static void services() throws Exception {
		Thread.currentThread().setContextClassLoader(null);
		store = Networks.service(ModelStore.class);
		Networks.service(EngineService.class).awaitReady();
	}

	/** A drawn-looking 7: a bar along the top and a stroke down to the bottom left, as 784 values in [0, 1]. */
	static float[] seven() {
		float[] ink = new float[784];
		for (int x = 7; x <= 21; x++) {
			for (int y = 6; y <= 7; y++) {
				ink[y * 28 + x] = 1;
			}
		}
		for (int y = 8; y <= 22; y++) {
			int x = 20 - (y - 8) * 8 / 14;
			ink[y * 28 + x] = 1;
			ink[y * 28 + x + 1] = 0.6f;
		}
		return ink;
	}

	@Test
	void inputGradientsAgreeWithFiniteDifferencesAndLeavePaperOutOfTheEvidence() throws Exception {
		for (ModelArchitecture architecture : List.of((ModelArchitecture) new MlpArchitecture(), new CnnArchitecture())) {
			String name = "explained-" + architecture.id();
			Networks.saveInitialised(store, architecture, name);
			try (LoadedModel model = store.load(name)) {
				Normalization normalization = model.metadata().normalization();
				float[] ink = seven();
				float[] input = normalization.apply(ink);
				Explanation exact = model.explain(input);
				Explanation differences = new DefaultOnly(model).explain(input);

				float[] probabilities;
				try (Classifier classifier = model.newClassifier()) {
					probabilities = classifier.probabilities(input);
				}
				assertArrayEquals(probabilities, exact.probabilities(), 1e-5f);
				assertEquals(argmax(probabilities), exact.digit());
				assertEquals(differences.digit(), exact.digit());
				assertEquals(differences.runnerUp(), exact.runnerUp());
				assertNotEquals(exact.digit(), exact.runnerUp());
				for (int i = 0; i < 784; i++) {
					if (ink[i] == 0) {
						assertEquals(0f, exact.evidence()[i], 0f, "paper is no evidence");
					}
				}
				double evidence = cosine(exact.evidence(), differences.evidence());
				double toward = cosine(exact.towardRunnerUp(), differences.towardRunnerUp());
				System.out.printf(Locale.ROOT, "%s: autograd vs finite differences, cosine %.4f (evidence), %.4f (toward "
						+ "the runner-up)%n", architecture.id(), evidence, toward);
				if (architecture.id().equals("mlp")) {
					// the cnn's max-pooling has ties (every window of blank paper is one), where autograd takes one
					// element's side and a one-sided difference another's, so only the mlp is compared value by value
					assertTrue(evidence > 0.99, "evidence: cosine " + evidence);
					assertTrue(toward > 0.99, "toward the runner-up: cosine " + toward);
				}
				assertTrue(Explanation.maxMagnitude(exact.towardRunnerUp()) > 0, "a gradient at all");
			}
		}
	}

	/** Per-stroke use on the canvas: printed, not judged (budgets belong to the benchmark). */
	@Test
	void measureOneExplanation() throws Exception {
		for (ModelArchitecture architecture : List.of((ModelArchitecture) new MlpArchitecture(), new CnnArchitecture())) {
			String name = "explained-" + architecture.id();
			Networks.saveInitialised(store, architecture, name);
			try (LoadedModel model = store.load(name)) {
				float[] input = model.metadata().normalization().apply(seven());
				long[] nanos = new long[200];
				for (int i = -20; i < nanos.length; i++) {
					long start = System.nanoTime();
					model.explain(input);
					if (i >= 0) {
						nanos[i] = System.nanoTime() - start;
					}
				}
				Arrays.sort(nanos);
				System.out.printf(Locale.ROOT, "explain, %s: median %.0f µs, p99 %.0f µs%n", architecture.id(),
						nanos[100] / 1e3, nanos[197] / 1e3);
			}
		}
	}

	private static int argmax(float[] values) {
		int best = 0;
		for (int i = 1; i < values.length; i++) {
			best = values[i] > values[best] ? i : best;
		}
		return best;
	}

	private static double cosine(float[] a, float[] b) {
		double ab = 0, aa = 0, bb = 0;
		for (int i = 0; i < a.length; i++) {
			ab += a[i] * b[i];
			aa += a[i] * a[i];
			bb += b[i] * b[i];
		}
		return ab / Math.sqrt(aa * bb);
	}

	/** The model, with the interface's own explain (finite differences through its classifier). */
	private record DefaultOnly(LoadedModel model) implements LoadedModel {
		@Override
		public ModelMetadata metadata() {
			return model.metadata();
		}

		@Override
		public ModelArchitecture architecture() {
			return model.architecture();
		}

		@Override
		public Classifier newClassifier() {
			return model.newClassifier();
		}

		@Override
		public ModelSummary summary() {
			return model.summary();
		}

		@Override
		public float[] parameterValues(String id, int maxRows) {
			return model.parameterValues(id, maxRows);
		}

		@Override
		public List<LayerOutput> activations(float[] normalizedImage) {
			return model.activations(normalizedImage);
		}

		@Override
		public void close() {
		}
	}
}
