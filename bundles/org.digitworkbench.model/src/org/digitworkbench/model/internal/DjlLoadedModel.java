package org.digitworkbench.model.internal;

import org.digitworkbench.model.Classifier;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;

import ai.djl.Model;

record DjlLoadedModel(ModelMetadata metadata, ModelArchitecture architecture, Model model) implements LoadedModel {

	@Override
	public Classifier newClassifier() {
		return new DjlClassifier(model, architecture);
	}

	@Override
	public void close() {
		model.close();
	}
}
