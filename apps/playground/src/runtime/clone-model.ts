import * as tf from '@tensorflow/tfjs';

/**
 * A private copy of a LayersModel (topology and weights through an in-memory save), so work that edits
 * weights — the sanity check's randomization — never touches the model the other tabs are using.
 */
export async function cloneLayersModel(model: tf.LayersModel): Promise<tf.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new Error('Saving the model to memory produced nothing.');
  return tf.loadLayersModel(tf.io.fromMemory(saved));
}
