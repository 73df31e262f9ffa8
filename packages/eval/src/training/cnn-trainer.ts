import { SeededRandom } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import {
  type BoundLayer,
  backwardLayer,
  type CnnLayerSpec,
  forwardLayer,
  outputShape,
} from './cnn-layers.js';

/** A small CNN: input `[h, w, c]` and its layers; the last must be a softmax dense layer. */
export interface CnnArchitecture {
  name: string;
  inputShape: [number, number, number];
  layers: readonly CnnLayerSpec[];
}

/** Training data as flat NHWC floats with one class label per example. */
export interface CnnTrainingData {
  x: Float32Array;
  labels: ArrayLike<number>;
  count: number;
}

/** Options of {@link trainCnn}. */
export interface CnnTrainOptions {
  /** Seeds the He-normal initialisation and the epoch order. */
  seed: number;
  epochs: number;
  /** Examples per Adam step (default 32). */
  batchSize?: number;
  /** Adam learning rate (default 1e-3). */
  learningRate?: number;
  /** Awaited after every step with steps done and total; throw from it to stop (e.g. on abort). */
  onStep?: (done: number, total: number) => void | Promise<void>;
}

function bind(arch: CnnArchitecture, seed: number, initial?: readonly Float32Array[]): BoundLayer[] {
  const random = new SeededRandom(seed);
  let shape = arch.inputShape;
  let next = 0;
  return arch.layers.map((spec) => {
    const out = outputShape(spec, shape);
    const params: Float32Array[] = [];
    if ((spec.kind === 'conv' || spec.kind === 'dense') && initial) {
      params.push(Float32Array.from(initial[next++]), Float32Array.from(initial[next++]));
    } else if (spec.kind === 'conv' || spec.kind === 'dense') {
      const fanIn = spec.kind === 'conv' ? 9 * shape[2] : shape[0] * shape[1] * shape[2];
      const units = out[2];
      const kernel = new Float32Array(fanIn * units);
      const std = Math.sqrt(2 / fanIn);
      for (let i = 0; i < kernel.length; i++) kernel[i] = std * random.normal();
      params.push(kernel, new Float32Array(units));
    }
    const bound: BoundLayer = { spec, inShape: shape, outShape: out, params };
    shape = out;
    return bound;
  });
}

/** The tfjs LayersModel with the architecture's layers and names (what the trainer's weights go into). */
export function buildCnnModel(arch: CnnArchitecture): tfl.Sequential {
  const model = tfl.sequential({ name: arch.name });
  arch.layers.forEach((spec, i) => {
    const first = i === 0 ? { inputShape: [...arch.inputShape] } : {};
    if (spec.kind === 'conv') {
      model.add(
        tfl.layers.conv2d({
          name: spec.name,
          filters: spec.filters,
          kernelSize: 3,
          padding: 'same',
          activation: 'relu',
          ...first,
        }),
      );
    } else if (spec.kind === 'pool')
      model.add(tfl.layers.maxPooling2d({ name: spec.name, poolSize: 2, ...first }));
    else if (spec.kind === 'flatten') model.add(tfl.layers.flatten({ name: spec.name, ...first }));
    else if (spec.kind === 'global-max')
      model.add(tfl.layers.globalMaxPooling2d({ name: spec.name, ...first }));
    else
      model.add(
        tfl.layers.dense({ name: spec.name, units: spec.units, activation: spec.activation, ...first }),
      );
  });
  return model;
}

function trainStep(
  layers: BoundLayer[],
  data: CnnTrainingData,
  rows: number[],
  grads: Float32Array[][],
): number {
  const size = data.x.length / data.count;
  let loss = 0;
  for (const row of rows) {
    const acts: Float32Array[] = [data.x.subarray(row * size, (row + 1) * size)];
    const aux: (Int32Array | null)[] = [];
    for (const layer of layers) {
      const pooled = layer.spec.kind === 'pool' || layer.spec.kind === 'global-max';
      const a = pooled ? new Int32Array(layer.outShape[0] * layer.outShape[1] * layer.outShape[2]) : null;
      aux.push(a);
      acts.push(forwardLayer(layer, acts[acts.length - 1], a));
    }
    const logits = acts[acts.length - 1];
    const top = Math.max(...logits);
    const exp = Array.from(logits, (v) => Math.exp(v - top));
    const total = exp.reduce((a, b) => a + b, 0);
    const label = data.labels[row];
    let grad: Float32Array | null = new Float32Array(exp.map((e, i) => e / total - (i === label ? 1 : 0)));
    loss += -Math.log(Math.max(exp[label] / total, 1e-12));
    for (let l = layers.length - 1; l >= 0 && grad; l--) {
      grad = backwardLayer(layers[l], acts[l], acts[l + 1], aux[l], grad, grads[l], l > 0);
    }
  }
  return loss / rows.length;
}

/**
 * Mean softmax cross-entropy over `rows` and its gradient with respect to every kernel and bias (in the
 * order and layout of `buildCnnModel(arch).getWeights()`), from the trainer's own backward pass.
 */
export function cnnLossAndGradients(
  arch: CnnArchitecture,
  weights: readonly Float32Array[],
  data: CnnTrainingData,
  rows: number[],
): { loss: number; gradients: Float32Array[] } {
  const layers = bind(arch, 0, weights);
  const grads = layers.map((l) => l.params.map((p) => new Float32Array(p.length)));
  const loss = trainStep(layers, data, rows, grads);
  return { loss, gradients: grads.flat().map((g) => g.map((v) => v / rows.length)) };
}

/**
 * Trains a small CNN with Adam on softmax cross-entropy, deterministic for a seed (He-normal kernels,
 * zero biases, a seeded shuffle each epoch), in plain JavaScript loops, and returns a tfjs LayersModel
 * holding the trained weights. Meant for MNIST-sized models (ROAR, KAR, data randomization, the
 * ground-truth benchmark), not for large networks.
 */
export async function trainCnn(
  arch: CnnArchitecture,
  data: CnnTrainingData,
  options: CnnTrainOptions,
): Promise<tfl.Sequential> {
  const { seed, epochs, batchSize = 32, learningRate = 1e-3, onStep } = options;
  const layers = bind(arch, seed);
  const random = new SeededRandom(seed + 1);
  const moments = layers.map((l) =>
    l.params.map((p) => [new Float32Array(p.length), new Float32Array(p.length)]),
  );
  const stepsPerEpoch = Math.ceil(data.count / batchSize);
  const totalSteps = epochs * stepsPerEpoch;
  // trainStep accumulates into these; they are zeroed per step rather than reallocated.
  const grads = layers.map((l) => l.params.map((p) => new Float32Array(p.length)));
  let t = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = random.permutation(data.count);
    for (let start = 0; start < data.count; start += batchSize) {
      const rows = order.slice(start, start + batchSize);
      for (const layerGrads of grads) for (const g of layerGrads) g.fill(0);
      trainStep(layers, data, rows, grads);
      t++;
      const c1 = 1 - 0.9 ** t;
      const c2 = 1 - 0.999 ** t;
      layers.forEach((layer, l) => {
        layer.params.forEach((p, j) => {
          const [m, v] = moments[l][j];
          const g = grads[l][j];
          for (let i = 0; i < p.length; i++) {
            const gi = g[i] / rows.length;
            m[i] = 0.9 * m[i] + 0.1 * gi;
            v[i] = 0.999 * v[i] + 0.001 * gi * gi;
            p[i] -= (learningRate * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + 1e-7);
          }
        });
      });
      await onStep?.(t, totalSteps);
    }
  }
  const model = buildCnnModel(arch);
  const weights: tf.Tensor[] = [];
  for (const layer of layers) {
    if (layer.params.length === 0) continue;
    const [k, b] = layer.params;
    const units = layer.outShape[2];
    const kernelShape =
      layer.spec.kind === 'conv' ? [3, 3, layer.inShape[2], units] : [k.length / units, units];
    weights.push(tf.tensor(k, kernelShape), tf.tensor1d(b));
  }
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}
