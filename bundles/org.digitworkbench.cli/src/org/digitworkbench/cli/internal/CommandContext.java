package org.digitworkbench.cli.internal;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.util.tracker.ServiceTracker;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonWriter;

/** What a command needs from its surroundings: services, the output streams, JSON. */
final class CommandContext {

	/**
	 * Every {@code --json} output is strict JSON (RFC 8259), which has no NaN or infinity: a number that is not known
	 * (an imported model's test accuracy before it is evaluated, a precision without predictions) is {@code null}.
	 */
	static final Gson JSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().serializeNulls()
			.registerTypeAdapter(double.class, new UnknownAsNull()).registerTypeAdapter(Double.class, new UnknownAsNull())
			.registerTypeAdapter(float.class, new UnknownAsNull()).registerTypeAdapter(Float.class, new UnknownAsNull())
			.create();

	/** NaN and the infinities as {@code null}; other numbers as they are (a float with a float's digits). */
	private static final class UnknownAsNull extends TypeAdapter<Number> {
		@Override
		public void write(JsonWriter out, Number value) throws java.io.IOException {
			double d = value == null ? Double.NaN : value.doubleValue();
			if (Double.isNaN(d) || Double.isInfinite(d)) {
				out.nullValue();
			} else {
				out.value(value);
			}
		}

		@Override
		public Number read(JsonReader in) {
			throw new UnsupportedOperationException("the command line only writes JSON");
		}
	}

	private final BundleContext bundles;
	final PrintStream out;
	final PrintStream err;

	CommandContext(BundleContext bundles, PrintStream out, PrintStream err) {
		this.bundles = bundles;
		this.out = out;
		this.err = err;
	}

	/** The OSGi service, waiting for Declarative Services to register it. */
	<S> S service(Class<S> type) {
		ServiceTracker<S, S> tracker = new ServiceTracker<>(bundles, type, null);
		tracker.open();
		try {
			S service = tracker.waitForService(TimeUnit.SECONDS.toMillis(30));
			if (service == null) {
				throw new IllegalStateException("the " + type.getSimpleName() + " service is not available");
			}
			return service;
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while waiting for " + type.getSimpleName());
		}
		// The tracker stays open for the life of the command: closing it would let DS deactivate the service.
	}

	/** Every registered service of a type (datasets, architectures), in no particular order. */
	<S> java.util.List<S> services(Class<S> type) {
		java.util.List<S> all = new java.util.ArrayList<>();
		try {
			for (org.osgi.framework.ServiceReference<S> reference : bundles.getServiceReferences(type, null)) {
				S service = bundles.getService(reference);
				if (service != null) {
					all.add(service);
				}
			}
		} catch (org.osgi.framework.InvalidSyntaxException e) {
			throw new IllegalStateException(e);
		}
		return all;
	}

	BundleContext bundles() {
		return bundles;
	}

	void printJson(Object value) {
		out.println(JSON.toJson(value));
	}
}
