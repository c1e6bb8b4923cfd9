package org.digitworkbench.model.internal;

import java.util.List;

import org.digitworkbench.model.Classifier;
import org.digitworkbench.model.Explanation;
import org.digitworkbench.model.LayerOutput;
import org.digitworkbench.model.LoadedModel;
import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelMetadata;
import org.digitworkbench.model.ModelSummary;

import ai.djl.Model;

/** A model the store opened: the DJL {@link Model} stays in here; callers get plain values. */
final class DjlLoadedModel implements LoadedModel {

	private final ModelMetadata metadata;
	private final ModelArchitecture architecture;
	private final Model model;
	private volatile BlockSummaries.Summary summary;
	private final IdleThread inference;

	DjlLoadedModel(ModelMetadata metadata, ModelArchitecture architecture, Model model) {
		this.metadata = metadata;
		this.architecture = architecture;
		this.model = model;
		this.inference = new IdleThread("Inference: " + metadata.name());
	}

	@Override
	public ModelMetadata metadata() {
		return metadata;
	}

	@Override
	public ModelArchitecture architecture() {
		return architecture;
	}

	/** The engine's model, for the core's engine-side code (see {@link DjlModels}). */
	Model model() {
		return model;
	}

	@Override
	public Classifier newClassifier() {
		return new DjlClassifier(model, architecture, inference);
	}

	@Override
	public ModelSummary summary() {
		return read().summary();
	}

	@Override
	public float[] parameterValues(String id, int maxRows) {
		return inference.call(() -> BlockSummaries.values(read(), id, maxRows));
	}

	@Override
	public List<LayerOutput> activations(float[] normalizedImage) {
		return inference.call(() -> BlockSummaries.activations(model, architecture, normalizedImage));
	}

	@Override
	public Explanation explain(float[] normalizedImage) {
		return inference.call(() -> InputGradients.explain(model, architecture, metadata.normalization(), normalizedImage));
	}

	private BlockSummaries.Summary read() {
		BlockSummaries.Summary known = summary;
		if (known == null) {
			// DJL's LambdaBlock finds its output shape by running the lambda on zeros
			known = inference.call(() -> BlockSummaries.summarize(model.getBlock(), architecture.inputShape(1)));
			summary = known;
		}
		return known;
	}

	@Override
	public void close() {
		inference.close();
		model.close();
	}
}
