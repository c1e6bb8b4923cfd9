package org.digitworkbench.model.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.digitworkbench.model.ModelArchitecture;
import org.digitworkbench.model.ModelStoreException;
import org.digitworkbench.model.internal.pth.PthFormatException;
import org.digitworkbench.model.internal.pth.PthStateDictReader;
import org.digitworkbench.model.internal.pth.PthTensor;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * A PyTorch {@code state_dict} ({@code torch.save}'s zip format, read by the restricted {@link PthStateDictReader})
 * turned into a new model of an architecture that maps PyTorch's parameter names to its own. Every key and every
 * shape must fit before a value is copied.
 */
final class PthImport {

	private PthImport() {
	}

	/**
	 * A new model of {@code architecture} named {@code name} holding the tensors of {@code pthFile}; the caller closes
	 * it. The engine must be ready.
	 */
	static Model read(Path pthFile, ModelArchitecture architecture, String name) throws ModelStoreException {
		Map<String, String> names = architecture.pytorchParameterNames();
		if (names.isEmpty()) {
			throw new ModelStoreException("architecture '" + architecture.id() + "' cannot import PyTorch files");
		}
		Map<String, PthTensor> tensors;
		try {
			tensors = PthStateDictReader.read(pthFile);
		} catch (PthFormatException e) {
			throw new ModelStoreException(e.getMessage(), e);
		} catch (IOException e) {
			throw new ModelStoreException(pthFile + ": " + e.getMessage(), e);
		}
		Set<String> missing = new TreeSet<>(names.keySet());
		missing.removeAll(tensors.keySet());
		Set<String> unexpected = new TreeSet<>(tensors.keySet());
		unexpected.removeAll(names.keySet());
		if (!missing.isEmpty() || !unexpected.isEmpty()) {
			throw new ModelStoreException(pthFile.getFileName() + " does not fit architecture '" + architecture.id() + "'"
					+ (missing.isEmpty() ? "" : "; missing keys " + missing)
					+ (unexpected.isEmpty() ? "" : "; unexpected keys " + unexpected));
		}
		Model model = Model.newInstance(name);
		try {
			Block block = architecture.newBlock();
			model.setBlock(block);
			block.initialize(model.getNDManager(), DataType.FLOAT32, architecture.inputShape(1));
			Map<String, Parameter> parameters = new HashMap<>();
			for (Pair<String, Parameter> p : block.getParameters()) {
				parameters.put(p.getKey(), p.getValue());
			}
			for (Map.Entry<String, String> mapping : names.entrySet()) {
				PthTensor tensor = tensors.get(mapping.getKey());
				Parameter parameter = parameters.get(mapping.getValue());
				if (parameter == null) {
					throw new ModelStoreException("architecture '" + architecture.id() + "' has no parameter "
							+ mapping.getValue() + " (it has " + new TreeSet<>(parameters.keySet()) + ")");
				}
				NDArray array = parameter.getArray();
				Shape expected = array.getShape();
				if (!expected.equals(new Shape(tensor.shape()))) {
					throw new ModelStoreException(pthFile.getFileName() + ": " + mapping.getKey() + " has shape "
							+ new Shape(tensor.shape()) + ", architecture '" + architecture.id() + "' needs " + expected);
				}
				array.set(tensor.values());
			}
			return model;
		} catch (ModelStoreException | RuntimeException e) {
			model.close();
			throw e;
		}
	}
}
