package org.digitworkbench.training.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

/**
 * Hands the block bfloat16 copies of its weights and biases for one training step; the copies are made again for every
 * step, since Adam updates the 32-bit originals, and gradients flow back through them into the originals. Batch
 * norm's scale, shift and running statistics stay 32-bit (libtorch's batch norm takes bfloat16 inputs with them).
 */
final class MixedPrecisionStore extends ParameterStore {

	private final Map<String, NDArray> rounded = new HashMap<>();

	MixedPrecisionStore(NDManager manager) {
		super(manager, false);
	}

	/** The parameters whose values are rounded: the weights and biases of convolutions and linear layers. */
	static boolean rounded(Parameter parameter) {
		return parameter.getType() == Parameter.Type.WEIGHT || parameter.getType() == Parameter.Type.BIAS;
	}

	/** This step's copies, {@code copies[i]} of {@code parameters[i]}. */
	void use(List<Parameter> parameters, NDList copies) {
		rounded.clear();
		for (int i = 0; i < parameters.size(); i++) {
			rounded.put(parameters.get(i).getId(), copies.get(i));
		}
	}

	@Override
	public NDArray getValue(Parameter parameter, Device device, boolean training) {
		NDArray copy = parameter == null || !training ? null : rounded.get(parameter.getId());
		return copy != null ? copy : super.getValue(parameter, device, training);
	}

	/** Whether this CPU computes in bfloat16 natively (AVX512-BF16 or AMX); elsewhere it would be slower, not faster. */
	static boolean supported() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
				if (line.startsWith("flags")) {
					return line.contains(" avx512_bf16") || line.contains(" amx_bf16");
				}
			}
		} catch (IOException e) {
			// not Linux: no way to tell, stay with float32
		}
		return false;
	}
}
