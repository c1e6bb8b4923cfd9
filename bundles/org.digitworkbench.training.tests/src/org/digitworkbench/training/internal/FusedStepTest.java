package org.digitworkbench.training.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.digitworkbench.engine.EngineService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;

/**
 * The fused step is PyTorch's Adam: twenty steps on a fixed problem give PyTorch's own losses and parameters
 * ({@code fixtures/adam-reference.json}, written by {@code fixtures/adam-reference.py} with Debian's PyTorch 1.13,
 * whose Adam is the plain for-loop one; ours is libtorch 2.7's fused kernel).
 */
class FusedStepTest {

	@BeforeAll
	static void engine() throws Exception {
		Thread.currentThread().setContextClassLoader(null);
		BundleContext context = FrameworkUtil.getBundle(FusedStepTest.class).getBundleContext();
		ServiceTracker<EngineService, EngineService> tracker = new ServiceTracker<>(context, EngineService.class, null);
		tracker.open();
		tracker.waitForService(30_000).awaitReady();
	}

	@Test
	void twentyStepsMatchPyTorchsAdam() throws IOException {
		JsonObject reference = reference();
		JsonArray betas = reference.getAsJsonArray("betas");
		FusedStep.Hyper hyper = new FusedStep.Hyper(reference.get("lr").getAsDouble(), betas.get(0).getAsDouble(),
				betas.get(1).getAsDouble(), reference.get("eps").getAsDouble(), 0, 0);
		try (NDManager manager = NDManager.newBaseManager()) {
			SequentialBlock block = new SequentialBlock().add(Linear.builder().setUnits(5).build())
					.add(Activation::relu).add(Linear.builder().setUnits(3).build());
			block.initialize(manager, DataType.FLOAT32, new Shape(8, 6));
			List<NDArray> parameters = new ArrayList<>();
			int i = 0;
			for (Parameter parameter : block.getParameters().values()) {
				NDArray array = parameter.getArray();
				array.set(values((int) array.size(), 0.3 * ++i));
				array.setRequiresGradient(true);
				parameters.add(array);
			}
			NDArray x = manager.create(values(48, 2.0), new Shape(8, 6));
			long[] classes = new long[8];
			for (int n = 0; n < classes.length; n++) {
				classes[n] = n % 3;
			}
			NDArray y = manager.create(classes);
			JsonArray losses = reference.getAsJsonArray("losses");
			try (FusedStep step = new FusedStep(manager, parameters)) {
				for (int s = 0; s < reference.get("steps").getAsInt(); s++) {
					try (NDManager batch = manager.newSubManager(); GradMode recording = GradMode.recording()) {
						NDArray logits = block.forward(new ParameterStore(batch, false), new NDList(x), true)
								.singletonOrThrow();
						logits.attach(batch);
						step.step(logits, y, hyper);
					}
					FusedStep.Stats stats = step.takeStats();
					assertEquals(losses.get(s).getAsDouble(), stats.lastLoss(), 1e-5, "loss of step " + (s + 1));
					assertEquals(8, stats.seen());
				}
			}
			JsonArray expected = reference.getAsJsonArray("parameters");
			for (int p = 0; p < parameters.size(); p++) {
				JsonArray values = expected.get(p).getAsJsonArray();
				float[] want = new float[values.size()];
				for (int k = 0; k < want.length; k++) {
					want[k] = values.get(k).getAsFloat();
				}
				assertArrayEquals(want, parameters.get(p).toFloatArray(), 1e-5f, "parameter " + p + " after 20 steps");
			}
		}
	}

	/**
	 * In mixed precision the same twenty steps train the 32-bit parameters through their bfloat16 copies: the losses
	 * follow PyTorch's float32 ones to within bfloat16's rounding (8 bits of mantissa), and the parameters stay float32.
	 */
	@Test
	void mixedPrecisionTrainsTheFloat32ParametersThroughBfloat16Copies() throws IOException {
		assumeTrue(MixedPrecisionStore.supported(), "this CPU has no bfloat16 instructions");
		JsonObject reference = reference();
		JsonArray betas = reference.getAsJsonArray("betas");
		FusedStep.Hyper hyper = new FusedStep.Hyper(reference.get("lr").getAsDouble(), betas.get(0).getAsDouble(),
				betas.get(1).getAsDouble(), reference.get("eps").getAsDouble(), 0, 0);
		try (NDManager manager = NDManager.newBaseManager()) {
			SequentialBlock block = new SequentialBlock().add(Linear.builder().setUnits(5).build())
					.add(Activation::relu).add(Linear.builder().setUnits(3).build());
			block.initialize(manager, DataType.FLOAT32, new Shape(8, 6));
			List<NDArray> parameters = new ArrayList<>();
			List<Parameter> rounded = new ArrayList<>();
			int i = 0;
			for (Parameter parameter : block.getParameters().values()) {
				NDArray array = parameter.getArray();
				array.set(values((int) array.size(), 0.3 * ++i));
				array.setRequiresGradient(true);
				parameters.add(array);
				rounded.add(parameter);
			}
			NDArray x = manager.create(values(48, 2.0), new Shape(8, 6));
			long[] classes = new long[8];
			for (int n = 0; n < classes.length; n++) {
				classes[n] = n % 3;
			}
			NDArray y = manager.create(classes);
			JsonArray losses = reference.getAsJsonArray("losses");
			MixedPrecisionStore store = new MixedPrecisionStore(manager);
			try (FusedStep step = new FusedStep(manager, parameters)) {
				for (int s = 0; s < reference.get("steps").getAsInt(); s++) {
					try (NDManager batch = manager.newSubManager(); GradMode recording = GradMode.recording()) {
						store.use(rounded, step.bfloat16(batch, parameters));
						NDArray input = step.bfloat16(batch, List.of(x)).get(0);
						NDArray logits = block.forward(store, new NDList(input), true).singletonOrThrow();
						logits.attach(batch);
						step.step(logits, y, hyper);
					}
					double expected = losses.get(s).getAsDouble();
					assertEquals(expected, step.takeStats().lastLoss(), 0.02 * expected, "loss of step " + (s + 1));
				}
			}
			for (NDArray parameter : parameters) {
				assertEquals(DataType.FLOAT32, parameter.getDataType());
			}
		}
	}

	/** The fixture's formula: {@code sin(1.7 i + phase) / 2}. */
	private static float[] values(int count, double phase) {
		float[] values = new float[count];
		for (int i = 0; i < count; i++) {
			values[i] = (float) (Math.sin(1.7 * i + phase) * 0.5);
		}
		return values;
	}

	private static JsonObject reference() throws IOException {
		try (InputStream in = FusedStepTest.class.getResourceAsStream("/fixtures/adam-reference.json")) {
			if (in == null) {
				throw new IOException("fixtures/adam-reference.json is not in the test bundle");
			}
			return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
		}
	}
}
