// The work both halves of the all-cores bench time: integrated gradients, 50 Gauss–Legendre steps, on the
// PyTorch ruler's CNN (buildBenchmarkCnn) over the first `digits` shipped MNIST digits, class 'predicted'.
import { type BatchPool, type ExplainableModel, wrapModel } from '@loupe/core';
import { integratedGradients } from '@loupe/methods-gradient';
import { loadMnistSamples } from '@loupe/models';
import { buildBenchmarkCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';

export { median } from './median.js';

/** Points per gradient call: one digit's 50 steps, so 16 digits make 16 batches (8 per worker of two). */
export const BATCH_SIZE = 50;

export interface IgFixture {
  model: ExplainableModel;
  digits: tf.Tensor;
  dispose(): void;
}

export async function igFixture(digits: number): Promise<IgFixture> {
  const model = wrapModel(buildBenchmarkCnn());
  const { images } = await loadMnistSamples();
  const x = tf.slice(images, 0, digits);
  images.dispose();
  return {
    model,
    digits: x,
    dispose: () => {
      x.dispose();
      model.dispose();
    },
  };
}

/** One IG-50 run; resolves to its wall time in ms. */
export async function timeIg(f: IgFixture, pool?: BatchPool): Promise<number> {
  const t0 = performance.now();
  const a = await integratedGradients(f.model, f.digits, { steps: 50, batchSize: BATCH_SIZE, pool });
  await a.values.data();
  const ms = performance.now() - t0;
  a.dispose();
  return ms;
}
