package org.digitworkbench.examples.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

import javax.xml.parsers.DocumentBuilderFactory;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The other half of the proof: the core does not know the examples. No core bundle depends on one, the core feature
 * ships none of them, the product takes them from a feature of their own, and with the example bundles stopped the
 * core runs and offers none of their contributions.
 */
class CoreWithoutExamplesTest {

	private static final String EXAMPLES = "org.digitworkbench.examples";
	private static final Set<String> EXPECTED_CORE = Set.of("org.digitworkbench.files", "org.digitworkbench.engine",
			"org.digitworkbench.dataset", "org.digitworkbench.preprocess", "org.digitworkbench.drawings",
			"org.digitworkbench.model", "org.digitworkbench.training", "org.digitworkbench.app");

	@Test
	void noCoreBundleNamesOrIsWiredToAnExampleBundle() {
		List<Bundle> core = Services.coreBundles();
		List<String> names = core.stream().map(Bundle::getSymbolicName).toList();
		assertTrue(names.containsAll(EXPECTED_CORE), "core bundles in the test runtime: " + names);
		List<String> problems = new ArrayList<>();
		for (Bundle bundle : core) {
			for (String header : List.of(Constants.REQUIRE_BUNDLE, Constants.IMPORT_PACKAGE,
					Constants.DYNAMICIMPORT_PACKAGE, Constants.FRAGMENT_HOST, Constants.REQUIRE_CAPABILITY)) {
				String value = bundle.getHeaders("").get(header);
				if (value != null && value.contains(EXAMPLES)) {
					problems.add(bundle.getSymbolicName() + " " + header + ": " + value);
				}
			}
			BundleWiring wiring = bundle.adapt(BundleWiring.class);
			if (wiring != null) {
				for (BundleWire wire : wiring.getRequiredWires(null)) {
					String provider = wire.getProvider().getSymbolicName();
					if (provider != null && provider.startsWith(EXAMPLES)) {
						problems.add(bundle.getSymbolicName() + " is wired to " + provider + " (" + wire.getCapability() + ")");
					}
				}
			}
			for (String model : entries(bundle, "*.e4xmi")) {
				if (read(bundle, model).contains(EXAMPLES)) {
					problems.add(bundle.getSymbolicName() + "/" + model + " names an example");
				}
			}
		}
		assertEquals(List.of(), problems);
	}

	/**
	 * The same for every core bundle of the checkout, including those this test runtime does not hold (the command
	 * line, the views): no manifest, plugin.xml, model fragment or source names an example bundle or the ids of
	 * their contributions.
	 */
	@Test
	void noCoreSourceNamesAnExample() throws Exception {
		Path bundles = Services.sourceTree().resolve("bundles");
		List<String> checked = new ArrayList<>();
		List<String> problems = new ArrayList<>();
		try (var folders = Files.list(bundles)) {
			for (Path folder : folders.filter(Files::isDirectory).toList()) {
				String name = folder.getFileName().toString();
				if (!name.startsWith("org.digitworkbench.") || name.startsWith(EXAMPLES) || name.endsWith(".tests")
						|| name.equals("org.digitworkbench.ui.testing")) {
					continue;
				}
				checked.add(name);
				try (var files = Files.walk(folder)) {
					for (Path file : files.filter(Files::isRegularFile).toList()) {
						String relative = folder.relativize(file).toString();
						if (relative.startsWith("target") || relative.startsWith("bin")
								|| !relative.matches(".*\\.(MF|xml|e4xmi|java|properties|css)$")) {
							continue;
						}
						String text = Files.readString(file);
						for (String mark : List.of(EXAMPLES, "fashion-mnist", "resnet-tiny", "examples.activations")) {
							if (text.contains(mark)) {
								problems.add(name + "/" + relative + " names " + mark);
							}
						}
					}
				}
			}
		}
		assertTrue(checked.containsAll(EXPECTED_CORE) && checked.contains("org.digitworkbench.cli"),
				"core bundles of the checkout: " + checked);
		assertEquals(List.of(), problems);
	}

	@Test
	void theCoreFeatureShipsNoExampleAndTheProductTakesThemFromTheirOwnFeature() throws Exception {
		Path root = Services.sourceTree();
		List<String> corePlugins = ids(root.resolve("features/org.digitworkbench.feature/feature.xml"), "plugin");
		assertTrue(corePlugins.containsAll(EXPECTED_CORE), "core feature " + corePlugins);
		assertTrue(corePlugins.stream().noneMatch(id -> id.startsWith(EXAMPLES)), "core feature " + corePlugins);
		assertTrue(ids(root.resolve("features/org.digitworkbench.feature/feature.xml"), "includes").isEmpty(),
				"the core feature includes no other feature");

		Path examplesFeature = root.resolve("features/org.digitworkbench.examples.feature/feature.xml");
		assertEquals(Services.EXAMPLE_BUNDLES, ids(examplesFeature, "plugin"), "the examples feature's bundles");

		List<String> productFeatures = ids(root.resolve("releng/org.digitworkbench.product/digitworkbench.product"), "feature");
		assertEquals(List.of("org.digitworkbench.feature", "org.digitworkbench.examples.feature"), productFeatures,
				"the product's features: leave out the second and the product has no example");
	}

	@Test
	void withTheExampleBundlesStoppedTheCoreRunsAndOffersNoneOfTheirContributions() throws Exception {
		Services.find(DatasetProvider.class, DatasetProvider::id, "fashion-mnist", 30_000).orElseThrow();
		Services.find(ModelArchitecture.class, ModelArchitecture::id, "resnet-tiny", 30_000).orElseThrow();
		TrainingService training = Services.await(TrainingService.class);
		List<String> coreDatasets = Services.idsFromCore(DatasetProvider.class, DatasetProvider::id);
		List<String> coreArchitectures = Services.idsFromCore(ModelArchitecture.class, ModelArchitecture::id);
		assertTrue(coreDatasets.contains("mnist") && !coreDatasets.contains("fashion-mnist"), "the core's datasets " + coreDatasets);
		assertTrue(coreArchitectures.containsAll(List.of("mlp", "cnn")) && !coreArchitectures.contains("resnet-tiny"),
				"the core's architectures " + coreArchitectures);
		List<Bundle> examples = Services.EXAMPLE_BUNDLES.stream().map(Services::bundle).toList();
		try {
			for (Bundle bundle : examples) {
				bundle.stop();
			}
			assertEquals(sorted(coreDatasets), sorted(Services.ids(DatasetProvider.class, DatasetProvider::id)),
					"without the examples, the datasets are the core's");
			assertEquals(sorted(coreArchitectures), sorted(Services.ids(ModelArchitecture.class, ModelArchitecture::id)),
					"without the examples, the architectures are the core's");

			IllegalArgumentException noDataset = assertThrows(IllegalArgumentException.class, () -> training.train(
					new TrainingRequest("no-fashion", "mlp", "fashion-mnist", TrainingOptions.DEFAULTS.withEpochs(1))));
			assertTrue(noDataset.getMessage().contains("unknown dataset 'fashion-mnist'"), noDataset.getMessage());
			IllegalArgumentException noArchitecture = assertThrows(IllegalArgumentException.class, () -> training.train(
					new TrainingRequest("no-resnet", "resnet-tiny", "mnist", TrainingOptions.DEFAULTS.withEpochs(1))));
			assertTrue(noArchitecture.getMessage().contains("unknown architecture 'resnet-tiny'"), noArchitecture.getMessage());
			// the core still takes a training of its own (the job is made, not run)
			assertEquals("Training core-only (mlp on mnist)", training.train(
					new TrainingRequest("core-only", "mlp", "mnist", TrainingOptions.DEFAULTS.withEpochs(1))).getName());
		} finally {
			for (Bundle bundle : examples) {
				bundle.start(Bundle.START_ACTIVATION_POLICY);
			}
		}
		Services.find(DatasetProvider.class, DatasetProvider::id, "fashion-mnist", 30_000)
				.orElseThrow(() -> new AssertionError("fashion-mnist is back once its bundle is started again"));
		Services.find(ModelArchitecture.class, ModelArchitecture::id, "resnet-tiny", 30_000)
				.orElseThrow(() -> new AssertionError("resnet-tiny is back once its bundle is started again"));
	}

	private static List<String> sorted(List<String> values) {
		return values.stream().sorted().toList();
	}

	/** The {@code id} attributes of the elements named {@code element} in an XML file of the checkout. */
	static List<String> ids(Path file, String element) throws Exception {
		assertTrue(Files.isRegularFile(file), file + " exists");
		DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
		factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
		Document document = factory.newDocumentBuilder().parse(file.toFile());
		NodeList nodes = document.getElementsByTagName(element);
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < nodes.getLength(); i++) {
			ids.add(((Element) nodes.item(i)).getAttribute("id"));
		}
		return ids;
	}

	private static List<String> entries(Bundle bundle, String pattern) {
		List<String> paths = new ArrayList<>();
		Enumeration<URL> found = bundle.findEntries("/", pattern, true);
		while (found != null && found.hasMoreElements()) {
			paths.add(found.nextElement().getPath());
		}
		return paths;
	}

	private static String read(Bundle bundle, String path) {
		try (InputStream in = bundle.getEntry(path).openStream()) {
			return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		} catch (IOException e) {
			throw new AssertionError(bundle.getSymbolicName() + "/" + path + " unreadable", e);
		}
	}
}
