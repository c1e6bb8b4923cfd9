package org.digitworkbench.model.internal;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.digitworkbench.model.ActiveModel;
import org.digitworkbench.model.ActiveModelEvents;
import org.digitworkbench.model.Classifier;
import org.digitworkbench.model.Explanation;
import org.digitworkbench.model.LayerOutput;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreEvents;
import org.digitworkbench.model.ModelSummary;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The active model, opened once and lent out. One job opens models, one at a time: every change in the store that
 * concerns the active model counts a request and reschedules the job; a load that finishes after a newer request
 * came is thrown away, so the newest activation wins. A replaced model is closed when its last lease is returned.
 */
@Component(service = ActiveModel.class)
public class SharedActiveModel implements ActiveModel {

	private static final String PLUGIN = "org.digitworkbench.model";

	@Reference
	ModelStore store;

	@Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
	volatile EventAdmin eventAdmin;

	private final Object lock = new Object();
	private final AtomicInteger requests = new AtomicInteger();
	private State state = State.NONE; // guarded by lock
	private Opened current; // guarded by lock
	private ServiceRegistration<EventHandler> listener;

	private final Job loader = new Job("Opening the active model") {
		@Override
		protected IStatus run(IProgressMonitor monitor) {
			return load(requests.get());
		}
	};

	@Activate
	void activate(BundleContext context) {
		loader.setSystem(true);
		Dictionary<String, Object> topics = new Hashtable<>();
		topics.put(EventConstants.EVENT_TOPIC, ModelStoreEvents.TOPIC_ALL);
		listener = context.registerService(EventHandler.class, this::storeChanged, topics);
		reload();
	}

	@Deactivate
	void deactivate() {
		listener.unregister();
		requests.incrementAndGet(); // whatever is being opened now is thrown away
		loader.cancel();
		synchronized (lock) {
			retire(current);
			current = null;
			state = State.NONE;
		}
	}

	@Override
	public State state() {
		synchronized (lock) {
			return state;
		}
	}

	@Override
	public Optional<LoadedModel> acquire() {
		synchronized (lock) {
			if (current == null) {
				return Optional.empty();
			}
			current.leases++;
			return Optional.of(new Lease(current));
		}
	}

	/** Opens the model the store says is active, unless the store changed again meanwhile. */
	void storeChanged(Event event) {
		Object name = event.getProperty(ModelStoreEvents.NAME);
		Object oldName = event.getProperty(ModelStoreEvents.OLD_NAME);
		State now = state();
		boolean reopen;
		if (ModelStoreEvents.ACTIVATED.equals(event.getTopic())) {
			reopen = !(now.status() == Status.LOADED && name != null && name.equals(now.name()));
		} else { // saved again, renamed or deleted: when it is the model held here (or it holds one of its epochs)
			String held = now.name() == null ? null : now.name().replaceFirst("@[0-9]+$", "");
			reopen = held != null && (held.equals(name) || held.equals(oldName));
		}
		if (reopen) {
			reload();
		}
	}

	private void reload() {
		requests.incrementAndGet();
		loader.schedule(); // while it runs, it runs once more afterwards
	}

	private IStatus load(int request) {
		Optional<String> active = store.activeModel();
		if (active.isEmpty()) {
			settle(request, null, State.NONE);
			return org.eclipse.core.runtime.Status.OK_STATUS;
		}
		String name = active.get();
		synchronized (lock) {
			if (request != requests.get()) {
				return org.eclipse.core.runtime.Status.OK_STATUS; // a newer request runs next
			}
			state = new State(name, Status.LOADING, null);
		}
		post(new State(name, Status.LOADING, null));
		LoadedModel model;
		try {
			model = store.load(name);
		} catch (Exception | LinkageError e) {
			String reason = e.getMessage() == null ? e.toString() : e.getMessage();
			settle(request, null, new State(name, Status.FAILED, reason));
			return org.eclipse.core.runtime.Status.error("The active model " + name + " could not be opened: " + reason, e);
		}
		if (!settle(request, model, new State(name, Status.LOADED, null))) {
			model.close(); // a newer activation came while this one was opened
		}
		return org.eclipse.core.runtime.Status.OK_STATUS;
	}

	/** Makes {@code model} the current one when {@code request} is still the newest; false when it is not. */
	private boolean settle(int request, LoadedModel model, State newState) {
		synchronized (lock) {
			if (request != requests.get()) {
				return false;
			}
			retire(current);
			current = model == null ? null : new Opened(model);
			state = newState;
		}
		post(newState);
		return true;
	}

	private void retire(Opened opened) {
		if (opened != null) {
			opened.retired = true;
			closeWhenFree(opened);
		}
	}

	private static void closeWhenFree(Opened opened) {
		if (opened.retired && opened.leases == 0 && !opened.closed) {
			opened.closed = true;
			opened.model.close();
		}
	}

	private void post(State newState) {
		EventAdmin admin = eventAdmin;
		if (admin != null) {
			admin.postEvent(new Event(ActiveModelEvents.CHANGED, Map.of(ActiveModelEvents.STATE, newState)));
		}
	}

	/** A model this service opened, and how many leases on it are out. Guarded by the service's lock. */
	private static final class Opened {
		final LoadedModel model;
		int leases;
		boolean retired;
		boolean closed;

		Opened(LoadedModel model) {
			this.model = model;
		}
	}

	/** What {@link #acquire()} hands out: the model, whose close returns the lease instead of closing it. */
	private final class Lease implements LoadedModel, DjlModels.Wrapper {
		private final Opened opened;
		private boolean returned; // guarded by the service's lock

		Lease(Opened opened) {
			this.opened = opened;
		}

		private LoadedModel model() {
			synchronized (lock) {
				if (returned) {
					throw new IllegalStateException("the lease on " + opened.model.metadata().name() + " was returned");
				}
			}
			return opened.model;
		}

		@Override
		public LoadedModel wrapped() {
			return model();
		}

		@Override
		public ModelMetadata metadata() {
			return opened.model.metadata();
		}

		@Override
		public ModelArchitecture architecture() {
			return opened.model.architecture();
		}

		@Override
		public Classifier newClassifier() {
			return model().newClassifier();
		}

		@Override
		public ModelSummary summary() {
			return model().summary();
		}

		@Override
		public float[] parameterValues(String id, int maxRows) {
			return model().parameterValues(id, maxRows);
		}

		@Override
		public List<LayerOutput> activations(float[] normalizedImage) {
			return model().activations(normalizedImage);
		}

		@Override
		public Explanation explain(float[] normalizedImage) {
			return model().explain(normalizedImage);
		}

		@Override
		public void close() {
			synchronized (lock) {
				if (!returned) {
					returned = true;
					opened.leases--;
					closeWhenFree(opened);
				}
			}
		}
	}
}
