package org.digitworkbench.training.internal;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.preprocess.ModelInput;

/** What a pixel {@code p} (0..255) becomes for the network: {@code (p / 255 − mean) / std}. */
record Normalisation(float mean, float std) {

	/** The normalisation the models of this product are trained and read with. */
	static Normalisation of(ImageSet images) {
		return new Normalisation(ModelInput.MEAN, ModelInput.STD);
	}

	float apply(float ink) {
		return (ink - mean) / std;
	}
}
