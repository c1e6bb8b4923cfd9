package org.digitworkbench.model.internal.pth;

import java.util.Arrays;

/**
 * One tensor of a state_dict: its shape and its values as float32 in row-major (C-contiguous) order. A scalar has
 * the shape {@code []} and one value.
 */
public record PthTensor(long[] shape, float[] values) {

	public PthTensor {
		long count = 1;
		for (long dimension : shape) {
			if (dimension < 0) {
				throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
			}
			count = Math.multiplyExact(count, dimension);
		}
		if (count != values.length) {
			throw new IllegalArgumentException(
					"shape " + Arrays.toString(shape) + " needs " + count + " values, got " + values.length);
		}
	}

	@Override
	public String toString() {
		return "PthTensor" + Arrays.toString(shape);
	}
}
