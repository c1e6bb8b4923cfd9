package org.digitworkbench.ui.explorer;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.dataset.Split;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelStore;
import org.digitworkbench.model.ModelStoreException;
import org.digitworkbench.training.Evaluation;
import org.digitworkbench.training.EvaluationEvents;
import org.eclipse.core.runtime.ILog;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.osgi.service.event.Event;

import jakarta.inject.Inject;

/**
 * Keeps the first evaluation of a model that has none — an imported {@code .pth} — in its record, as a training
 * keeps its final one: once evaluated (from the console, the Predictions view or a plug-in) its test accuracy, loss,
 * per-class metrics and confusion matrix are in its {@code metadata.json}, so the explorer and {@code models} show
 * them from then on. Only an evaluation on the test split of the model's own dataset counts: on another dataset or
 * split the figures would say something else. An add-on ({@code fragment.e4xmi}), so that it records whether the
 * explorer is open or not; it works on the event thread, never on the UI thread.
 */
public class EvaluationRecorder {

	@Inject
	ModelStore store;

	@Inject
	@Optional
	void evaluated(@EventTopic(EvaluationEvents.DONE) Event event) {
		if (event == null || !(event.getProperty(EvaluationEvents.EVALUATION) instanceof Evaluation evaluation)
				|| !(event.getProperty(EvaluationEvents.IMAGES) instanceof ImageSet images)) {
			return;
		}
		record(store, evaluation, images);
	}

	/** Records {@code evaluation} when {@link #recordable} says so; true when it was recorded. */
	static boolean record(ModelStore store, Evaluation evaluation, ImageSet images) {
		ModelMetadata stored = store.find(evaluation.modelName()).orElse(null); // a kept epoch (name@3) is not listed
		if (!recordable(evaluation, images, stored)) {
			return false;
		}
		try {
			store.recordTestResults(stored.name(), evaluation.loss(), evaluation.accuracy(), evaluation.perClass(),
					evaluation.confusion());
			return true;
		} catch (ModelStoreException e) {
			ILog.of(EvaluationRecorder.class).warn("The evaluation of " + stored.name() + " was not kept: " + e.getMessage());
			return false;
		}
	}

	/**
	 * Whether {@code evaluation} of the images {@code images} belongs in the record {@code stored}: a model that was
	 * never evaluated, all of its own dataset's test split.
	 */
	static boolean recordable(Evaluation evaluation, ImageSet images, ModelMetadata stored) {
		return stored != null && !Double.isFinite(stored.testAccuracy()) && images.split() == Split.TEST
				&& evaluation.count() == images.count() && evaluation.datasetId().equals(ownDataset(stored))
				&& evaluation.datasetId().equals(images.datasetId()) && Double.isFinite(evaluation.accuracy())
				&& Double.isFinite(evaluation.loss());
	}

	/** The dataset a model was trained on; MNIST for an imported one that does not say (as the evaluation reads it). */
	static String ownDataset(ModelMetadata model) {
		String id = model.datasetId();
		return id == null || id.isBlank() || id.startsWith("imported") ? "mnist" : id;
	}
}
