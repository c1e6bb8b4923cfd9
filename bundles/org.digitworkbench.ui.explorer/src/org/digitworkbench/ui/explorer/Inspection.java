package org.digitworkbench.ui.explorer;

import java.util.List;

/**
 * What loading a model tells beyond its metadata: its layers and its first layer's weights. Plain Java values from
 * the model API, read inside the job.
 *
 * @param layers      the layers in forward order
 * @param trainable   sum of the layers' trainable parameters
 * @param fixed       sum of the parameters that training does not change (e.g. batch-norm running statistics)
 * @param weights     the first layer's weights in image form, or null when no weight has one
 * @param noImageForm why there is no image form (when {@code weights} is null)
 */
record Inspection(List<Layer> layers, long trainable, long fixed, WeightTiles weights, String noImageForm) {

	/**
	 * One row of the layer table.
	 *
	 * @param index       position in the network, {@code 3} or {@code 3.2} for a block inside a nested sequence
	 * @param type        what the layer is, readable ({@code Linear 784→512}, {@code Conv2d 1→32, 5×5}, {@code ReLU})
	 * @param outputShape what it hands on, batch axis written {@code N}; {@code ?} when the block cannot tell
	 * @param trainable   trainable parameters
	 * @param fixed       parameters training does not change
	 * @param parameters  its parameters' names and shapes, e.g. {@code weight (512, 784), bias (512)}
	 */
	record Layer(String index, String type, String outputShape, long trainable, long fixed, String parameters) {
	}
}
