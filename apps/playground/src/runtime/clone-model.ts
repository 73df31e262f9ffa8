import { saveToMemory } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';

/**
 * A private copy of a LayersModel (topology and weights through an in-memory save), so work that edits
 * weights — the sanity check's randomization — never touches the model the other tabs are using.
 */
export async function cloneLayersModel(model: tf.LayersModel): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory(await saveToMemory(model)));
}
