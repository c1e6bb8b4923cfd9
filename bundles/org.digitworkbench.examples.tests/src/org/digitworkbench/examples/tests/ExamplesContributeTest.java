package org.digitworkbench.examples.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.digitworkbench.app.DefaultLayout;
import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.engine.EngineService;
import org.digitworkbench.model.ModelArchitecture;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.IExtension;
import org.eclipse.core.runtime.RegistryFactory;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.descriptor.basic.MPartDescriptor;
import org.eclipse.e4.ui.model.application.ui.MUIElement;
import org.eclipse.e4.ui.model.application.ui.basic.MPartStack;
import org.eclipse.e4.ui.model.fragment.MModelFragment;
import org.eclipse.e4.ui.model.fragment.MModelFragments;
import org.eclipse.e4.ui.model.fragment.MStringModelFragment;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

/**
 * With the example plug-ins installed, the product has a new dataset, a new architecture and a new view, each
 * contributed by a bundle outside the core through the core's public extension points.
 */
class ExamplesContributeTest {

	static final List<String> FASHION_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal",
			"Shirt", "Sneaker", "Bag", "Ankle boot");

	@BeforeAll
	static void djlUsesItsOwnClassLoader() {
		Thread.currentThread().setContextClassLoader(null);
	}

	@Test
	void theFashionBundleRegistersTheFashionMnistDataset() throws Exception {
		ServiceReference<DatasetProvider> reference = Services.find(DatasetProvider.class, DatasetProvider::id,
				"fashion-mnist", 30_000).orElseThrow(() -> new AssertionError("no DatasetProvider 'fashion-mnist'; registered: "
						+ Services.ids(DatasetProvider.class, DatasetProvider::id)));
		assertEquals(Services.FASHION_BUNDLE, reference.getBundle().getSymbolicName(), "registered by");
		DatasetProvider fashion = Services.context().getService(reference);
		try {
			assertEquals(FASHION_CLASSES, fashion.classNames());
			assertEquals(28, fashion.imageRows());
			assertEquals(28, fashion.imageColumns());
			assertTrue(fashion.displayName().contains("Fashion"), fashion.displayName());
		} finally {
			Services.context().ungetService(reference);
		}
		assertTrue(Services.ids(DatasetProvider.class, DatasetProvider::id).contains("mnist"), "the core's MNIST is still there");
	}

	@Test
	void theArchitectureBundleRegistersATinyResidualNetworkThatMapsImagesToTenLogits() throws Exception {
		ServiceReference<ModelArchitecture> reference = Services.find(ModelArchitecture.class, ModelArchitecture::id,
				"resnet-tiny", 30_000).orElseThrow(() -> new AssertionError("no ModelArchitecture 'resnet-tiny'; registered: "
						+ Services.ids(ModelArchitecture.class, ModelArchitecture::id)));
		assertEquals(Services.ARCHITECTURE_BUNDLE, reference.getBundle().getSymbolicName(), "registered by");
		ModelArchitecture architecture = Services.context().getService(reference);
		Services.await(EngineService.class).awaitReady();
		try (NDManager manager = NDManager.newBaseManager()) {
			Block block = architecture.newBlock();
			block.initialize(manager, DataType.FLOAT32, architecture.inputShape(3));
			long parameters = block.getParameters().values().stream().filter(p -> p.requiresGradient())
					.mapToLong(p -> p.getArray().size()).sum();
			assertTrue(parameters > 20_000 && parameters < 40_000, parameters + " trainable parameters");
			NDList output = block.forward(new ParameterStore(manager, false),
					new NDList(manager.randomNormal(architecture.inputShape(3))), false);
			assertEquals(new Shape(3, 10), output.singletonOrThrow().getShape());
		} finally {
			Services.context().ungetService(reference);
		}
	}

	@Test
	void theActivationsBundleContributesATaggedViewForAStackOfTheDefaultPerspective() throws Exception {
		Bundle activations = Services.bundle(Services.ACTIVATIONS_BUNDLE);
		List<String> fragmentUris = new ArrayList<>();
		for (IExtension extension : RegistryFactory.getRegistry().getExtensionPoint("org.eclipse.e4.workbench.model")
				.getExtensions()) {
			if (Services.ACTIVATIONS_BUNDLE.equals(extension.getContributor().getName())) {
				for (IConfigurationElement element : extension.getConfigurationElements()) {
					fragmentUris.add(element.getAttribute("uri"));
				}
			}
		}
		assertEquals(List.of("fragment.e4xmi"), fragmentUris, "model fragments the activations bundle registers");

		MModelFragments fragments = (MModelFragments) load(activations, fragmentUris.get(0));
		List<MPartDescriptor> descriptors = new ArrayList<>();
		for (MModelFragment fragment : fragments.getFragments()) {
			if (fragment instanceof MStringModelFragment string && "descriptors".equals(string.getFeaturename())
					&& "org.digitworkbench.app.application".equals(string.getParentElementId())) {
				fragment.getElements().stream().filter(MPartDescriptor.class::isInstance).map(MPartDescriptor.class::cast)
						.forEach(descriptors::add);
			}
		}
		assertEquals(1, descriptors.size(), "part descriptors added to the application");
		MPartDescriptor view = descriptors.get(0);
		assertEquals("org.digitworkbench.examples.activations.part", view.getElementId());
		assertEquals("Activations", view.getLabel());
		assertTrue(view.getTags().contains(DefaultLayout.VIEW_TAG), "tagged as a view for the default layout: " + view.getTags());
		assertFalse(view.getTags().contains(DefaultLayout.FRONT_TAG), "a tab beside the stack's core view, not in front of it");

		MApplication application = (MApplication) load(Services.bundle("org.digitworkbench.app"), "Application.e4xmi");
		Set<String> stackTags = new HashSet<>();
		for (MUIElement snippet : application.getSnippets()) {
			((EObject) snippet).eAllContents().forEachRemaining(o -> {
				if (o instanceof MPartStack stack) {
					stackTags.addAll(stack.getTags());
				}
			});
		}
		assertTrue(stackTags.contains(view.getCategory()), "category " + view.getCategory()
				+ " names a stack of the default perspective " + stackTags);

		String prefix = "bundleclass://" + Services.ACTIVATIONS_BUNDLE + "/";
		assertTrue(view.getContributionURI().startsWith(prefix), view.getContributionURI());
		Class<?> part = activations.loadClass(view.getContributionURI().substring(prefix.length()));
		assertTrue(Arrays.stream(part.getDeclaredMethods()).map(Method::getDeclaredAnnotations).flatMap(Arrays::stream)
				.anyMatch(a -> a.annotationType().getName().equals("jakarta.annotation.PostConstruct")),
				part + " has a @PostConstruct method that builds the view");
	}

	/** Reads an e4 model file (application or fragment) from a bundle with EMF, as the workbench does. */
	static EObject load(Bundle bundle, String path) throws IOException {
		URL url = bundle.getEntry(path);
		assertNotNull(url, bundle.getSymbolicName() + " has " + path);
		Resource resource = new XMIResourceImpl(URI.createURI("platform:/plugin/" + bundle.getSymbolicName() + "/" + path));
		try (InputStream in = url.openStream()) {
			resource.load(in, Map.of());
		}
		assertEquals(1, resource.getContents().size(), path + " holds one model");
		return resource.getContents().get(0);
	}
}
