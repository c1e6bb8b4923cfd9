package org.digitworkbench.ui.explorer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.ui.di.UISynchronize;

/**
 * Reads the layers and first weights of the models the details show, each in a job that opens the model, reads it and
 * closes it; keeps the last dozen by parameters' SHA-256 (a renamed or re-imported copy has the same layers and
 * weights), so going back to a model shows it at once.
 */
final class Inspections {

	/** Where a reading goes: the details' slot 0 or 1; {@code failure} when the model could not be read. */
	interface Target {
		void show(int slot, ModelMetadata model, Inspection inspection, String failure);
	}

	private final ModelStore store;
	private final UISynchronize ui;
	private final Target target;
	private final List<Job> jobs = new ArrayList<>();
	private final Map<String, Inspection> known = new LinkedHashMap<>(16, 0.75f, true) {
		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Inspection> eldest) {
			return size() > 12;
		}
	};

	Inspections(ModelStore store, UISynchronize ui, Target target) {
		this.store = store;
		this.ui = ui;
		this.target = target;
	}

	/** Shows what is known of {@code models} at once and reads the rest; readings still under way are dropped. */
	void inspect(List<ModelMetadata> models) {
		cancel();
		for (int slot = 0; slot < models.size(); slot++) {
			ModelMetadata model = models.get(slot);
			Inspection inspection = known.get(key(model));
			if (inspection != null) {
				target.show(slot, model, inspection, null);
			} else {
				read(slot, model);
			}
		}
	}

	private void read(int slot, ModelMetadata model) {
		Job job = Job.create("Reading the layers of model " + model.name(), (IProgressMonitor monitor) -> {
			try (LoadedModel loaded = store.load(model.name())) {
				Inspection inspection = Inspector.inspect(loaded);
				ui.asyncExec(() -> {
					known.put(key(model), inspection);
					target.show(slot, model, inspection, null);
				});
				return Status.OK_STATUS;
			} catch (Exception | LinkageError e) {
				String reason = e.getMessage() == null ? e.toString() : e.getMessage();
				ui.asyncExec(() -> target.show(slot, model, null, reason));
				var status = Status.error("Could not read the layers of " + model.name() + ": " + reason, e);
				ILog.of(Inspections.class).log(status);
				return status;
			}
		});
		jobs.add(job);
		job.schedule();
	}

	void cancel() {
		jobs.forEach(Job::cancel);
		jobs.clear();
	}

	private static String key(ModelMetadata m) {
		return m.parametersSha256() != null ? m.parametersSha256() : m.name();
	}
}
