import { OptionError, SeededRandom } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** How a randomized layer's weights are re-drawn. */
export type InitializerMode = 'he-normal' | 'layer';

/** A layer of a LayersModel that has weights, in the order randomization visits them (top first). */
export function weightedLayersTopDown(model: tfl.LayersModel): tfl.layers.Layer[] {
  return model.layers.filter((l) => l.getWeights().length > 0).reverse();
}

function fanIn(shape: readonly number[]): number {
  return shape.slice(0, -1).reduce((a, b) => a * b, 1) || 1;
}

/**
 * New values for one layer's weights. `'he-normal'` (default, Adebayo et al. 2018's setup): kernels
 * (weights of rank ≥ 2) from N(0, 2/fan-in) with fan-in the product of all kernel dimensions but the
 * last, every rank-1 weight (biases, BatchNorm parameters) from N(0, 0.01²) — except BatchNorm variances,
 * kept positive by drawing |N(0, 0.01²)| + 1; seeded. `'layer'`: the layer's own kernel and bias
 * initializers (seeded only when those are); other weights keep their values.
 */
export function redrawWeights(layer: tfl.layers.Layer, mode: InitializerMode, seed: number): tf.Tensor[] {
  const current = layer.getWeights();
  const names = layer.weights.map((w) => w.originalName ?? w.name);
  if (mode === 'layer') {
    type Init = { apply(shape: number[], dtype?: tf.DataType): tf.Tensor };
    const own = layer as unknown as { kernelInitializer?: Init; biasInitializer?: Init };
    return current.map((w, i) => {
      const init = /kernel/.test(names[i])
        ? own.kernelInitializer
        : /bias/.test(names[i])
          ? own.biasInitializer
          : undefined;
      return init ? init.apply(w.shape, 'float32') : w.clone();
    });
  }
  if (mode !== 'he-normal')
    throw new OptionError(`initializers must be 'he-normal' or 'layer'; got ${String(mode)}.`);
  const random = new SeededRandom(seed);
  return current.map((w, i) => {
    const values = new Float32Array(w.size);
    if (w.rank >= 2) {
      const std = Math.sqrt(2 / fanIn(w.shape));
      for (let k = 0; k < values.length; k++) values[k] = std * random.normal();
    } else {
      const variance = /moving_variance/.test(names[i]);
      for (let k = 0; k < values.length; k++)
        values[k] = variance ? Math.abs(0.01 * random.normal()) + 1 : 0.01 * random.normal();
    }
    return tf.tensor(values, w.shape);
  });
}
