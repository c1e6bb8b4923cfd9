package org.digitworkbench.model;

import ai.djl.Model;

/** A saved model opened for use: its DJL {@link Model} (parameters loaded) and its metadata. Close it. */
public interface LoadedModel extends AutoCloseable {

	ModelMetadata metadata();

	ModelArchitecture architecture();

	Model model();

	/** A classifier on this model; closing the classifier leaves the model open. */
	Classifier newClassifier();

	@Override
	void close();
}
