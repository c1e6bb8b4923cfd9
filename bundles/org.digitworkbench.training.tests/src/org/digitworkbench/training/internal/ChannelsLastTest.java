package org.digitworkbench.training.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.digitworkbench.engine.EngineService;
import org.digitworkbench.model.internal.CnnArchitecture;
import org.digitworkbench.model.internal.MlpArchitecture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;

/**
 * The cnn run child by child with its convolutions' outputs reordered gives the plain forward pass's answers and
 * gradients; a block without convolutions runs as it is.
 */
class ChannelsLastTest {

	@BeforeAll
	static void engine() throws Exception {
		Thread.currentThread().setContextClassLoader(null);
		BundleContext context = FrameworkUtil.getBundle(ChannelsLastTest.class).getBundleContext();
		ServiceTracker<EngineService, EngineService> tracker = new ServiceTracker<>(context, EngineService.class, null);
		tracker.open();
		tracker.waitForService(30_000).awaitReady();
	}

	@Test
	void theCnnGivesTheSameOutputsAndGradientsInEitherOrder() {
		CnnArchitecture cnn = new CnnArchitecture();
		try (NDManager manager = NDManager.newBaseManager()) {
			Block block = cnn.newBlock();
			block.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
			block.initialize(manager, DataType.FLOAT32, cnn.inputShape(16));
			try (ChannelsLast layout = ChannelsLast.forBlock(block, manager); GradMode recording = GradMode.recording()) {
				assertNotNull(layout, "the cnn has convolutions");
				NDArray x = manager.randomNormal(cnn.inputShape(16));
				NDArray weight = block.getChildren().get(0).getValue().getParameters().get("weight").getArray();
				float[][] outputs = new float[2][];
				float[][] gradients = new float[2][];
				for (int run = 0; run < 2; run++) {
					try (NDManager pass = manager.newSubManager()) {
						NDArray input = x.duplicate();
						input.attach(pass);
						// training = false: batch norm and dropout as in evaluation, so that both passes compute the same
						NDArray logits = ChannelsLast.forward(run == 0 ? null : layout, block,
								new ParameterStore(pass, false), new NDList(input), false).singletonOrThrow();
						outputs[run] = logits.toFloatArray();
						JniUtils.backward((PtNDArray) logits.sum(), (PtNDArray) pass.ones(new ai.djl.ndarray.types.Shape()),
								false, false);
						gradients[run] = weight.getGradient().toFloatArray();
						JniUtils.zeroGrad((PtNDArray) weight);
					}
				}
				assertClose(outputs[0], outputs[1], "logits");
				assertClose(gradients[0], gradients[1], "the first convolution's weight gradient");
			}
		}
	}

	@Test
	void aBlockWithoutConvolutionsRunsAsItIs() {
		try (NDManager manager = NDManager.newBaseManager()) {
			assertNull(ChannelsLast.forBlock(new MlpArchitecture().newBlock(), manager));
		}
	}

	private static void assertClose(float[] expected, float[] actual, String what) {
		assertEquals(expected.length, actual.length, what);
		double scale = 0;
		for (float e : expected) {
			scale = Math.max(scale, Math.abs(e));
		}
		assertTrue(scale > 0, what + " are not all zero");
		for (int i = 0; i < expected.length; i++) {
			assertEquals(expected[i], actual[i], 1e-4 * scale, what + " [" + i + "]");
		}
	}
}
