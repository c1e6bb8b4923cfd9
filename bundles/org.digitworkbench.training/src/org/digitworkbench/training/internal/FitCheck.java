package org.digitworkbench.training.internal;

import org.digitworkbench.dataset.DatasetProvider;
import org.digitworkbench.model.LoadedModel;

/** Whether a model was made for a dataset's images: their size and the number of classes. */
final class FitCheck {

	private FitCheck() {
	}

	/** Why {@code model} cannot be evaluated on {@code dataset}, or null when it can. */
	static String problem(LoadedModel model, DatasetProvider dataset) {
		int classes = model.metadata().perClass().isEmpty() ? 10 : model.metadata().perClass().size();
		return problem(model.metadata().name() + " (" + model.architecture().id() + ", trained on "
				+ model.metadata().datasetId() + ")", model.metadata().name(), model.architecture().inputShape(1).size(),
				classes, dataset.displayName(), dataset.imageRows(), dataset.imageColumns(), dataset.classNames().size());
	}

	/**
	 * @param described   the model with its architecture and dataset, for the size message
	 * @param name        the model's name, for the classes message
	 * @param modelPixels the pixels of one image the model takes
	 * @param modelClasses the classes it tells apart (10 when it was never evaluated)
	 */
	static String problem(String described, String name, long modelPixels, int modelClasses, String dataset, int rows,
			int columns, int datasetClasses) {
		long datasetPixels = (long) rows * columns;
		if (modelPixels != datasetPixels) {
			long side = Math.round(Math.sqrt(modelPixels));
			String takes = side * side == modelPixels ? side + "×" + side : modelPixels + "-pixel";
			return described + " takes " + takes + " images, but " + dataset + " has " + rows + "×" + columns + " images.";
		}
		if (datasetClasses != modelClasses) {
			return name + " tells " + modelClasses + " classes apart, but " + dataset + " has " + datasetClasses + ".";
		}
		return null;
	}
}
