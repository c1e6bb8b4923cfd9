package org.digitworkbench.examples.tests;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/** Finding services, bundles and the source tree from inside the test runtime. */
final class Services {

	static final String EXAMPLES_PREFIX = "org.digitworkbench.examples.";
	static final String FASHION_BUNDLE = "org.digitworkbench.examples.fashion";
	static final String ARCHITECTURE_BUNDLE = "org.digitworkbench.examples.architecture";
	static final String ACTIVATIONS_BUNDLE = "org.digitworkbench.examples.activations";
	static final List<String> EXAMPLE_BUNDLES = List.of(FASHION_BUNDLE, ARCHITECTURE_BUNDLE, ACTIVATIONS_BUNDLE);

	private Services() {
	}

	static BundleContext context() {
		return FrameworkUtil.getBundle(Services.class).getBundleContext();
	}

	/** Waits up to 30 s for a service. */
	static <S> S await(Class<S> type) throws InterruptedException {
		ServiceTracker<S, S> tracker = new ServiceTracker<>(context(), type, null);
		tracker.open();
		S service = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
		assertNotNull(service, type.getSimpleName() + " is registered");
		return service;
	}

	/**
	 * The registered service of {@code type} whose {@code id} is {@code id}, with the bundle that registered it; waits
	 * up to 30 s for it.
	 */
	static <S> Optional<ServiceReference<S>> find(Class<S> type, Function<S, String> id, String wanted, long timeoutMillis)
			throws InterruptedException {
		long end = System.currentTimeMillis() + timeoutMillis;
		do {
			for (ServiceReference<S> reference : references(type)) {
				S service = context().getService(reference);
				try {
					if (service != null && wanted.equals(id.apply(service))) {
						return Optional.of(reference);
					}
				} finally {
					context().ungetService(reference);
				}
			}
			Thread.sleep(50);
		} while (System.currentTimeMillis() < end);
		return Optional.empty();
	}

	static <S> Collection<ServiceReference<S>> references(Class<S> type) {
		try {
			return context().getServiceReferences(type, null);
		} catch (InvalidSyntaxException e) {
			throw new AssertionError(e);
		}
	}

	/** The ids of every registered service of {@code type}. */
	static <S> List<String> ids(Class<S> type, Function<S, String> id) {
		List<String> ids = new ArrayList<>();
		for (ServiceReference<S> reference : references(type)) {
			S service = context().getService(reference);
			if (service != null) {
				ids.add(id.apply(service));
				context().ungetService(reference);
			}
		}
		return ids;
	}

	/** The ids of the services of {@code type} that core bundles (not the examples) registered. */
	static <S> List<String> idsFromCore(Class<S> type, Function<S, String> id) {
		List<String> ids = new ArrayList<>();
		for (ServiceReference<S> reference : references(type)) {
			String registrant = reference.getBundle().getSymbolicName();
			S service = context().getService(reference);
			if (service != null) {
				if (!registrant.startsWith(EXAMPLES_PREFIX)) {
					ids.add(id.apply(service));
				}
				context().ungetService(reference);
			}
		}
		return ids;
	}

	static Bundle bundle(String symbolicName) {
		for (Bundle bundle : context().getBundles()) {
			if (symbolicName.equals(bundle.getSymbolicName())) {
				return bundle;
			}
		}
		return fail(symbolicName + " is not installed in the test runtime");
	}

	/** Digit Workbench's own bundles that are not examples (and not tests): the core. */
	static List<Bundle> coreBundles() {
		List<Bundle> core = new ArrayList<>();
		for (Bundle bundle : context().getBundles()) {
			String name = bundle.getSymbolicName();
			if (name != null && name.startsWith("org.digitworkbench.") && !name.startsWith(EXAMPLES_PREFIX)
					&& !name.endsWith(".tests") && !name.equals("org.digitworkbench.ui.testing")) {
				core.add(bundle);
			}
		}
		return core;
	}

	/**
	 * The checkout this test was built from: the folder above this bundle's location that holds
	 * {@code features/org.digitworkbench.feature/feature.xml}. Tycho runs the tests on the reactor's build output, so
	 * it is always there.
	 */
	static Path sourceTree() {
		String location = FrameworkUtil.getBundle(Services.class).getLocation();
		String path = location.replaceFirst("^reference:", "").replaceFirst("^file:", "");
		for (Path folder = Path.of(path).toAbsolutePath(); folder != null; folder = folder.getParent()) {
			if (Files.isRegularFile(folder.resolve("features/org.digitworkbench.feature/feature.xml"))) {
				return folder;
			}
		}
		return fail("no Digit Workbench checkout above this test bundle's location " + location);
	}
}
