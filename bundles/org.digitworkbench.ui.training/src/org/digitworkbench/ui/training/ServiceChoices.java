package org.digitworkbench.ui.training;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * The services of one type registered now, kept up to date while bundles come and go: a plug-in's dataset or
 * architecture shows up in the console without any change here, also when it starts after the view.
 *
 * @param <S> the service type
 */
final class ServiceChoices<S> implements AutoCloseable {

	private final ServiceTracker<S, S> tracker;
	private final Comparator<S> order;
	private final List<S> services = new CopyOnWriteArrayList<>();

	/**
	 * @param changed runs on the framework's thread after each registration, change or removal
	 * @param name    what the list is sorted by
	 */
	ServiceChoices(BundleContext context, Class<S> type, Function<S, String> name, Runnable changed) {
		this.order = Comparator.comparing(name, String.CASE_INSENSITIVE_ORDER);
		this.tracker = new ServiceTracker<>(context, type, new ServiceTrackerCustomizer<S, S>() {
			@Override
			public S addingService(ServiceReference<S> reference) {
				S service = context.getService(reference);
				if (service != null) {
					services.add(service);
					changed.run();
				}
				return service;
			}

			@Override
			public void modifiedService(ServiceReference<S> reference, S service) {
				changed.run();
			}

			@Override
			public void removedService(ServiceReference<S> reference, S service) {
				services.remove(service);
				context.ungetService(reference);
				changed.run();
			}
		});
	}

	ServiceChoices<S> open() {
		tracker.open();
		return this;
	}

	/** The services registered at this moment, sorted by name. */
	List<S> current() {
		List<S> all = new ArrayList<>(services);
		all.sort(order);
		return all;
	}

	@Override
	public void close() {
		tracker.close();
	}
}
