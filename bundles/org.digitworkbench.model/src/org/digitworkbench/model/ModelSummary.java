package org.digitworkbench.model;

import java.util.List;

/**
 * What a loaded network is made of, in plain values a view can show: its layers in forward order, each with a
 * readable name, output shape and parameters. Read from the network itself, so a plug-in's architecture is described
 * the same way as the core's.
 *
 * @param layers              the layers in forward order; a nested sequence is unfolded ({@code 3.1}, {@code 3.2}),
 *                            any other composite block (e.g. a residual unit) is one layer
 * @param trainableParameters scalars trained by gradient descent
 * @param fixedParameters     scalars training does not change by gradient (e.g. batch-norm running statistics)
 * @since 0.2.0
 */
public record ModelSummary(List<Layer> layers, long trainableParameters, long fixedParameters) {

	public ModelSummary {
		layers = List.copyOf(layers);
	}

	/** Every parameter of every layer, in order. */
	public List<Parameter> parameters() {
		return layers.stream().flatMap(layer -> layer.parameters().stream()).toList();
	}

	/**
	 * One layer.
	 *
	 * @param index        position in the network: {@code 3}, or {@code 3.2} inside a nested sequence
	 * @param name         what it is, readable: {@code Linear 784→512}, {@code Conv2d 1→32, 5×5}, {@code ReLU},
	 *                     {@code Flatten}; {@code Function} for an unnamed function
	 * @param outputShapes what it hands on, one shape per output without the batch axis, e.g. {@code [512]} or
	 *                     {@code [32, 14, 14]}; empty when the layer cannot tell
	 * @param parameters   its parameters, those of the blocks inside it included
	 */
	public record Layer(String index, String name, List<long[]> outputShapes, List<Parameter> parameters) {

		public Layer {
			outputShapes = List.copyOf(outputShapes);
			parameters = List.copyOf(parameters);
		}

		/** Scalars in this layer's trainable parameters. */
		public long trainable() {
			return parameters.stream().filter(Parameter::trainable).mapToLong(Parameter::size).sum();
		}

		/** Scalars in its parameters that gradient descent does not change. */
		public long fixed() {
			return parameters.stream().filter(p -> !p.trainable()).mapToLong(Parameter::size).sum();
		}
	}

	/**
	 * One parameter array.
	 *
	 * @param id        identifies it within this model, for {@link LoadedModel#parameterValues}: the index of the block
	 *                  that owns it and its kind, e.g. {@code 2/weight}
	 * @param owner     the readable name of the block that owns it, e.g. {@code Linear 784→512}
	 * @param kind      what it is to that block: {@code weight}, {@code bias}, {@code gamma}, {@code runningMean}, …
	 * @param shape     its shape, e.g. {@code [512, 784]}
	 * @param trainable whether gradient descent changes it
	 */
	public record Parameter(String id, String owner, String kind, long[] shape, boolean trainable) {

		/** E.g. {@code Linear 784→512 · weight}. */
		public String name() {
			return owner + " \u00b7 " + kind;
		}

		/** The number of scalars. */
		public long size() {
			long size = 1;
			for (long d : shape) {
				size *= d;
			}
			return size;
		}
	}
}
