// One data-parallel gradient worker for train-mnist-cnn.ts: receives the current weights and a
// slice of the batch, returns the gradient of the slice's summed cross-entropy. The tfjs cpu
// backend runs on one thread, so workers are how training uses more than one core.
import { parentPort, workerData } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs';
import { useFastCpuTrainingKernels } from './fast-cpu-kernels.js';
import { buildModel } from './mnist-cnn-architecture.js';
import { SIDE } from './mnist-data.js';

/** A step request: all weights in model order, and the slice's pixels and labels. */
export interface GradientRequest {
  weights: Float32Array[];
  x: Float32Array;
  y: Int32Array;
}

/** A step reply: gradients in trainable-weight order, and the slice's summed loss. */
export interface GradientReply {
  gradients: Float32Array[];
  loss: number;
}

await tf.setBackend('cpu');
useFastCpuTrainingKernels();
const model = buildModel((workerData as { seed: number }).seed);
const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);

parentPort?.on('message', (request: GradientRequest) => {
  const n = request.y.length;
  const reply = tf.tidy(() => {
    model.setWeights(request.weights.map((w, i) => tf.tensor(w, model.weights[i].shape as number[])));
    const x = tf.tensor4d(request.x, [n, SIDE, SIDE, 1]);
    const y = tf.oneHot(tf.tensor1d(request.y, 'int32'), 10);
    const { value, grads } = tf.variableGrads(() => {
      const p = (model.apply(x, { training: true }) as tf.Tensor).clipByValue(1e-7, 1 - 1e-7);
      return y.mul(p.log()).sum().neg() as tf.Scalar;
    }, variables);
    return {
      loss: value.dataSync()[0],
      gradients: variables.map((v) => grads[v.name].dataSync() as Float32Array),
    };
  });
  parentPort?.postMessage(reply satisfies GradientReply);
});
