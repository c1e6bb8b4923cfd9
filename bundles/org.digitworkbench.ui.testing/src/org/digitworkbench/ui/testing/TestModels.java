package org.digitworkbench.ui.testing;

import java.util.concurrent.TimeUnit;

import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.TrainingOptions;
import org.digitworkbench.training.TrainingRequest;
import org.digitworkbench.training.TrainingService;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.jobs.Job;

/** Real models for view tests: trained on the real MNIST files through the training service. */
public final class TestModels {

	private TestModels() {
	}

	/**
	 * The store's model {@code name}, training it first (the seed MLP, one epoch, seed 42, ≈ 10 s) when it is not
	 * there yet.
	 */
	public static ModelMetadata oneEpochMlp(String name) {
		ModelStore store = PartHarness.service(ModelStore.class);
		return store.find(name).orElseGet(() -> {
			TrainingService training = PartHarness.service(TrainingService.class);
			Job job = training.train(new TrainingRequest(name, "mlp", "mnist", TrainingOptions.DEFAULTS.withEpochs(1)));
			job.schedule();
			try {
				if (!job.join(TimeUnit.MINUTES.toMillis(5), null)) {
					job.cancel();
					throw new AssertionError("training " + name + " did not finish within 5 minutes");
				}
			} catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new AssertionError("interrupted", e);
			}
			IStatus result = job.getResult();
			if (result == null || !result.isOK()) {
				throw new AssertionError("training " + name + " failed: " + result);
			}
			return store.find(name).orElseThrow(() -> new AssertionError(name + " is not in the store after training"));
		});
	}
}
