package org.digitworkbench.training;

import org.digitworkbench.model.TrainingOptions;

/**
 * One training run to start.
 *
 * @param modelName      name the model is saved under in the store
 * @param architectureId a registered {@code ModelArchitecture}'s id
 * @param datasetId      a registered {@code DatasetProvider}'s id
 * @param options        hyper-parameters
 */
public record TrainingRequest(String modelName, String architectureId, String datasetId, TrainingOptions options) {
}
