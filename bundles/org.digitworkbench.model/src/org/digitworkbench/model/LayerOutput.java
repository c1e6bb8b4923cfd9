package org.digitworkbench.model;

/**
 * What one top-level layer of a network put out for one image (see {@link LoadedModel#activations}).
 *
 * @param index  1 for the first layer, then in forward order
 * @param name   the layer's readable name, as in {@link ModelSummary.Layer#name()}
 * @param shape  the output's shape without the batch axis, e.g. {@code [16, 28, 28]} or {@code [512]}
 * @param values the output, row-major
 * @since 0.2.0
 */
public record LayerOutput(int index, String name, long[] shape, float[] values) {
}
