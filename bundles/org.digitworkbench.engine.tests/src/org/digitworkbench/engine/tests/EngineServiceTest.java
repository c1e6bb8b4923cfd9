package org.digitworkbench.engine.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import org.digitworkbench.engine.EngineInfo;
import org.digitworkbench.engine.EngineService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;

/**
 * The engine as other bundles meet it: through the OSGi service, on a thread whose context class loader is what a
 * plain application thread has (Tycho's test runner would otherwise hide a class-loading fault).
 */
class EngineServiceTest {

	private static EngineInfo info;

	@BeforeAll
	static void startEngine() throws Exception {
		Thread.currentThread().setContextClassLoader(null);
		BundleContext context = FrameworkUtil.getBundle(EngineServiceTest.class).getBundleContext();
		ServiceTracker<EngineService, EngineService> tracker = new ServiceTracker<>(context, EngineService.class, null);
		tracker.open();
		try {
			EngineService service = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
			assertNotNull(service, "EngineService is registered through Declarative Services");
			info = service.awaitReady();
		} finally {
			tracker.close();
		}
	}

	@Test
	void reportsPyTorchOnTheCpu() {
		assertEquals("PyTorch", info.name());
		assertEquals("2.7.1", info.version());
		assertTrue(info.djlVersion().startsWith("0.36"), info.djlVersion());
		assertEquals(info.gpuCount() > 0 ? "GPU 0" : "CPU", info.deviceLabel().split(" \\(")[0]);
	}

	/**
	 * y = W·x + b, loss = ½·Σy². With W = [[1,2],[3,4]], b = [0.5,−0.5], x = [1,1]: y = [3.5, 6.5], loss = 27.25;
	 * dL/dy = y, so dL/dW = y ⊗ x = [[3.5,3.5],[6.5,6.5]], dL/db = [3.5,6.5], dL/dx = Wᵀ·y = [23, 33].
	 */
	@Test
	void forwardAndBackwardOfALinearBlockMatchHandArithmetic() {
		Thread.currentThread().setContextClassLoader(null);
		try (Model model = Model.newInstance("linear"); NDManager manager = model.getNDManager().newSubManager()) {
			Linear linear = Linear.builder().setUnits(2).build();
			model.setBlock(linear);
			linear.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, new Shape(1, 2));
			Parameter weight = linear.getParameters().get("weight");
			Parameter bias = linear.getParameters().get("bias");
			weight.getArray().set(new float[] { 1, 2, 3, 4 });
			bias.getArray().set(new float[] { 0.5f, -0.5f });

			NDArray x = manager.create(new float[] { 1, 1 }, new Shape(1, 2));
			x.setRequiresGradient(true);
			try (GradientCollector collector = ai.djl.engine.Engine.getInstance().newGradientCollector()) {
				NDArray y = linear.forward(new ParameterStore(manager, false), new NDList(x), true).singletonOrThrow();
				assertArrayEquals(new float[] { 3.5f, 6.5f }, y.toFloatArray(), 1e-6f);
				NDArray loss = y.square().sum().mul(0.5f);
				assertEquals(27.25f, loss.getFloat(), 1e-5f);
				collector.backward(loss);
			}
			assertArrayEquals(new float[] { 3.5f, 3.5f, 6.5f, 6.5f }, weight.getArray().getGradient().toFloatArray(), 1e-6f);
			assertArrayEquals(new float[] { 3.5f, 6.5f }, bias.getArray().getGradient().toFloatArray(), 1e-6f);
			assertArrayEquals(new float[] { 23f, 33f }, x.getGradient().toFloatArray(), 1e-6f);
		}
	}
}
