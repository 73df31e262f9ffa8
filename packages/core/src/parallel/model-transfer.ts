import * as tfc from '@tensorflow/tfjs-converter';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { UnsupportedModelError } from '../errors.js';
import { loadModel } from '../model/load-model.js';
import type { ExplainableModel, WrapOptions } from '../model/types.js';

/**
 * A wrapped model as plain data that crosses a thread (`postMessage`'s structured clone): the source
 * model's topology and weights, and the options it was wrapped with.
 */
export interface TransferableModel {
  artifacts: tf.io.ModelArtifacts;
  options: WrapOptions;
}

/** A LayersModel's or GraphModel's topology and current weights, saved in memory (what `tf.io.fromMemory` loads). */
export async function saveToMemory(model: tfl.LayersModel | tfc.GraphModel): Promise<tf.io.ModelArtifacts> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new UnsupportedModelError('Saving the model to memory produced nothing.');
  return saved;
}

/**
 * Serialises a wrapped LayersModel or GraphModel (its current weights) with its wrap options, so
 * {@link importModel} can rebuild the same explainable model in a worker. Throws `UnsupportedModelError`
 * for function models (a closure cannot cross threads).
 */
export async function exportModel(model: ExplainableModel): Promise<TransferableModel> {
  const source = model.source;
  if (!(source instanceof tfl.LayersModel || source instanceof tfc.GraphModel)) {
    throw new UnsupportedModelError(
      'A function model cannot be sent to a worker thread; wrap a tf.LayersModel or tf.GraphModel to use a worker pool.',
    );
  }
  return { artifacts: await saveToMemory(source), options: { ...model.wrapOptions } };
}

/**
 * Rebuilds a model {@link exportModel} serialised, on this thread's backend, wrapped with the same options
 * (`loadModel` from memory: `dispose()` frees the rebuilt source model too). Custom layers must be
 * registered on this thread first (`tf.serialization.registerClass`).
 */
export function importModel(transferred: TransferableModel): Promise<ExplainableModel> {
  return loadModel(tf.io.fromMemory(transferred.artifacts), transferred.options);
}
