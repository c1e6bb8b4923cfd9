package org.digitworkbench.training.internal;

import java.nio.ByteBuffer;

import org.digitworkbench.dataset.ImageSet;
import org.digitworkbench.preprocess.ModelInput;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Unsigned pixel bytes → the normalised floats every architecture takes. */
final class Inputs {

	private Inputs() {
	}

	/** The whole set as one (count, pixels) tensor. UINT8, never INT8: pixels above 127 would turn negative. */
	static NDArray allImages(NDManager manager, ImageSet images) {
		try (NDManager scratch = manager.newSubManager()) {
			NDArray raw = scratch.create(ByteBuffer.wrap(images.pixelData()),
					new Shape(images.count(), images.pixelsPerImage()), DataType.UINT8);
			NDArray normalized = raw.toType(DataType.FLOAT32, false).div(255f).sub(ModelInput.MEAN).div(ModelInput.STD);
			normalized.attach(manager);
			return normalized;
		}
	}

	/** Images {@code from}..{@code to} (exclusive) normalised into a new array. */
	static float[] normalized(ImageSet images, int from, int to) {
		byte[] pixels = images.pixelData();
		int size = images.pixelsPerImage();
		float[] out = new float[(to - from) * size];
		for (int i = 0, p = from * size; i < out.length; i++, p++) {
			out[i] = (Byte.toUnsignedInt(pixels[p]) / 255f - ModelInput.MEAN) / ModelInput.STD;
		}
		return out;
	}

	static float[] labels(ImageSet images, int from, int to) {
		float[] out = new float[to - from];
		for (int i = from; i < to; i++) {
			out[i - from] = images.label(i);
		}
		return out;
	}
}
