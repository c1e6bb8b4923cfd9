package org.digitworkbench.examples.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Version;
import org.osgi.framework.namespace.BundleNamespace;
import org.osgi.framework.namespace.PackageNamespace;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/**
 * The extension API is explicit: what a plug-in may use is exported with a version, everything else is internal;
 * the examples use nothing else; and a change to the API shows up as a change of its package's version.
 */
class ExtensionApiTest {

	/** The packages docs/plugins.md documents as the extension API. */
	static final Set<String> API_PACKAGES = Set.of("org.digitworkbench.dataset", "org.digitworkbench.model",
			"org.digitworkbench.training", "org.digitworkbench.preprocess", "org.digitworkbench.drawings",
			"org.digitworkbench.app", "org.digitworkbench.engine", "org.digitworkbench.files");
	static final String RECORDED = "api/extension-api.txt";

	/** Package → its export from a core bundle: version, whether internal, the bundle. */
	record Export(String packageName, Version version, boolean internal, Bundle bundle) {
	}

	static List<Export> coreExports() {
		List<Export> exports = new ArrayList<>();
		for (Bundle bundle : Services.coreBundles()) {
			BundleRevision revision = bundle.adapt(BundleRevision.class);
			for (BundleCapability capability : revision.getDeclaredCapabilities(PackageNamespace.PACKAGE_NAMESPACE)) {
				Map<String, Object> attributes = capability.getAttributes();
				exports.add(new Export((String) attributes.get(PackageNamespace.PACKAGE_NAMESPACE),
						(Version) attributes.get(PackageNamespace.CAPABILITY_VERSION_ATTRIBUTE),
						"true".equals(capability.getDirectives().get("x-internal")), bundle));
			}
		}
		return exports;
	}

	@Test
	void everyCorePackageIsVersionedApiOrMarkedInternal() {
		List<Export> exports = coreExports();
		List<String> problems = new ArrayList<>();
		for (Export export : exports) {
			String where = export.bundle().getSymbolicName() + " exports " + export.packageName();
			if (export.packageName().contains(".internal") && !export.internal()) {
				problems.add(where + " without x-internal:=true");
			}
			if (!export.internal() && Version.emptyVersion.equals(export.version())) {
				problems.add(where + " without a version");
			}
			if (!export.internal() && !API_PACKAGES.contains(export.packageName())) {
				problems.add(where + " as API, but docs/plugins.md does not document it: mark it x-internal or document it");
			}
		}
		assertEquals(List.of(), problems);
		List<String> api = exports.stream().filter(e -> !e.internal()).map(Export::packageName).sorted().toList();
		assertEquals(new TreeSet<>(API_PACKAGES).stream().toList(), api, "the API packages");
	}

	@Test
	void theExamplesUseOnlyThePublicApi() {
		List<String> problems = new ArrayList<>();
		int apiWires = 0;
		for (String name : Services.EXAMPLE_BUNDLES) {
			BundleWiring wiring = Services.bundle(name).adapt(BundleWiring.class);
			assertNotNull(wiring, name + " is resolved");
			for (BundleWire wire : wiring.getRequiredWires(null)) {
				String provider = wire.getProvider().getSymbolicName();
				if (provider == null || !provider.startsWith("org.digitworkbench.")) {
					continue;
				}
				String namespace = wire.getCapability().getNamespace();
				if (PackageNamespace.PACKAGE_NAMESPACE.equals(namespace)) {
					String pkg = (String) wire.getCapability().getAttributes().get(namespace);
					if ("true".equals(wire.getCapability().getDirectives().get("x-internal")) || !API_PACKAGES.contains(pkg)) {
						problems.add(name + " imports " + pkg + " from " + provider + ", which is not API");
					} else {
						apiWires++;
					}
				} else if (BundleNamespace.BUNDLE_NAMESPACE.equals(namespace)) {
					problems.add(name + " requires bundle " + provider + ": import its API packages instead");
				}
			}
		}
		assertEquals(List.of(), problems);
		assertTrue(apiWires >= 6, "the examples are wired to the API (" + apiWires + " package wires)");
	}

	/**
	 * Compares every API package's public signatures with those recorded in {@value #RECORDED}: when they differ, the
	 * package's version must have moved as docs/plugins.md says (a removed or changed signature raises the minor part
	 * while the API is 0.x, an addition the micro part) and the record must be updated. The current signatures are
	 * written to {@code target/extension-api.txt} of this bundle, ready to copy.
	 */
	@Test
	void apiChangesComeWithVersionChanges() throws Exception {
		Map<String, Export> byPackage = new TreeMap<>();
		for (Export export : coreExports()) {
			if (!export.internal()) {
				byPackage.put(export.packageName(), export);
			}
		}
		Map<String, Api> current = new TreeMap<>();
		for (Export export : byPackage.values()) {
			current.put(export.packageName(), new Api(export.version(), signatures(export)));
		}
		Path written = Services.sourceTree().resolve("bundles/org.digitworkbench.examples.tests/target/extension-api.txt");
		Files.createDirectories(written.getParent());
		Files.writeString(written, format(current));

		Map<String, Api> recorded = parse(recordedText());
		List<String> problems = new ArrayList<>();
		for (String pkg : union(current.keySet(), recorded.keySet())) {
			Api now = current.get(pkg);
			Api then = recorded.get(pkg);
			if (then == null) {
				problems.add(pkg + " " + now.version() + " is new API: record it");
				continue;
			}
			if (now == null) {
				problems.add(pkg + " is no longer exported as API: that is a breaking change");
				continue;
			}
			Set<String> removed = minus(then.signatures(), now.signatures());
			Set<String> added = minus(now.signatures(), then.signatures());
			if (removed.isEmpty() && added.isEmpty()) {
				if (!now.version().equals(then.version())) {
					problems.add(pkg + " is now " + now.version() + " (recorded " + then.version() + "): record the new version");
				}
				continue;
			}
			String change = (removed.isEmpty() ? "" : "\n    removed or changed: " + removed)
					+ (added.isEmpty() ? "" : "\n    added: " + added);
			if (!removed.isEmpty() && !breakingBump(then.version(), now.version())) {
				problems.add(pkg + ": incompatible change without a breaking version step (recorded " + then.version()
						+ ", now " + now.version() + "; needs " + nextBreaking(then.version()) + ")" + change);
			} else if (removed.isEmpty() && now.version().compareTo(then.version()) <= 0) {
				problems.add(pkg + ": API added without a version step (recorded " + then.version() + ", needs "
						+ new Version(then.version().getMajor(), then.version().getMinor(), then.version().getMicro() + 1)
						+ " or more)" + change);
			} else {
				problems.add(pkg + ": the version moved from " + then.version() + " to " + now.version()
						+ " as it should; now record the new signatures" + change);
			}
		}
		if (!problems.isEmpty()) {
			fail("The extension API differs from " + RECORDED + ":\n  " + String.join("\n  ", problems)
					+ "\nRaise the package's version in its bundle's MANIFEST.MF (and the import ranges where a breaking step "
					+ "needs it), then copy " + written + " over bundles/org.digitworkbench.examples.tests/" + RECORDED
					+ ". See docs/plugins.md, \"Versions\".");
		}
	}

	/** 0.x: the minor part is the breaking step (0.1 → 0.2); from 1.0 on, the major part. */
	static boolean breakingBump(Version then, Version now) {
		return now.compareTo(nextBreaking(then)) >= 0;
	}

	static Version nextBreaking(Version v) {
		return v.getMajor() == 0 ? new Version(0, v.getMinor() + 1, 0) : new Version(v.getMajor() + 1, 0, 0);
	}

	record Api(Version version, Set<String> signatures) {
	}

	/** The public and protected signatures of every public type in the package (nested types included). */
	static Set<String> signatures(Export export) throws ClassNotFoundException {
		BundleWiring wiring = export.bundle().adapt(BundleWiring.class);
		String folder = export.packageName().replace('.', '/');
		Set<String> lines = new TreeSet<>();
		for (String resource : wiring.listResources("/" + folder, "*.class", BundleWiring.LISTRESOURCES_LOCAL)) {
			String className = resource.substring(0, resource.length() - ".class".length()).replace('/', '.');
			if (!className.substring(export.packageName().length() + 1).matches("[A-Za-z0-9_$]+")) {
				continue;
			}
			Class<?> type = export.bundle().loadClass(className);
			if (!visible(type) || type.isAnonymousClass() || type.isLocalClass() || type.isSynthetic()) {
				continue;
			}
			String name = type.getName();
			lines.add(name + ": " + describe(type));
			for (Field field : type.getDeclaredFields()) {
				if (api(field)) {
					lines.add(name + ": " + Modifier.toString(field.getModifiers()) + " " + field.getGenericType().getTypeName()
							+ " " + field.getName() + constant(field));
				}
			}
			for (Constructor<?> constructor : type.getDeclaredConstructors()) {
				if (api(constructor)) {
					lines.add(name + ": " + constructor.toGenericString());
				}
			}
			for (Method method : type.getDeclaredMethods()) {
				if (api(method) && !method.isBridge()) {
					lines.add(name + ": " + method.toGenericString());
				}
			}
		}
		return lines;
	}

	private static boolean visible(Class<?> type) {
		for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
			if (!Modifier.isPublic(t.getModifiers()) && !(t != type && Modifier.isProtected(t.getModifiers()))) {
				return false;
			}
		}
		return true;
	}

	private static boolean api(Member member) {
		int modifiers = member.getModifiers();
		return !member.isSynthetic() && (Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers));
	}

	private static String describe(Class<?> type) {
		StringBuilder text = new StringBuilder(type.toGenericString());
		Type superclass = type.getGenericSuperclass();
		if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
			text.append(" extends ").append(superclass.getTypeName());
		}
		List<String> interfaces = new ArrayList<>();
		for (Type i : type.getGenericInterfaces()) {
			interfaces.add(i.getTypeName());
		}
		if (!interfaces.isEmpty()) {
			text.append(type.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
		}
		return text.toString();
	}

	/** Compile-time constants are copied into the code that uses them: their values are API too (event topics). */
	private static String constant(Field field) {
		int modifiers = field.getModifiers();
		if (Modifier.isStatic(modifiers) && Modifier.isFinal(modifiers)
				&& (field.getType().isPrimitive() || field.getType() == String.class)) {
			try {
				Object value = field.get(null);
				return " = " + (value instanceof String s ? "\"" + s + "\"" : String.valueOf(value));
			} catch (IllegalAccessException e) {
				return "";
			}
		}
		return "";
	}

	static String format(Map<String, Api> apis) {
		StringBuilder text = new StringBuilder();
		text.append("# The extension API of Digit Workbench: every exported, versioned package and its public signatures.\n")
				.append("# Checked by ExtensionApiTest; regenerate by copying target/extension-api.txt of this bundle after a\n")
				.append("# change that raised the package's version as docs/plugins.md says.\n");
		apis.forEach((pkg, api) -> {
			text.append("\npackage ").append(pkg).append(' ').append(api.version()).append('\n');
			api.signatures().forEach(line -> text.append("  ").append(line).append('\n'));
		});
		return text.toString();
	}

	static Map<String, Api> parse(String text) {
		Map<String, Api> apis = new TreeMap<>();
		String pkg = null;
		for (String line : text.split("\n")) {
			if (line.startsWith("package ")) {
				String[] parts = line.split(" ");
				pkg = parts[1];
				apis.put(pkg, new Api(Version.parseVersion(parts[2]), new TreeSet<>()));
			} else if (line.startsWith("  ") && pkg != null) {
				apis.get(pkg).signatures().add(line.substring(2));
			}
		}
		return apis;
	}

	private static String recordedText() throws IOException {
		URL url = Services.context().getBundle().getEntry(RECORDED);
		assertNotNull(url, "this bundle holds " + RECORDED);
		try (InputStream in = url.openStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static Set<String> union(Collection<String> a, Collection<String> b) {
		Set<String> all = new TreeSet<>(a);
		all.addAll(b);
		return all;
	}

	private static Set<String> minus(Set<String> a, Set<String> b) {
		Set<String> rest = new TreeSet<>(a);
		rest.removeAll(b);
		return rest;
	}
}
