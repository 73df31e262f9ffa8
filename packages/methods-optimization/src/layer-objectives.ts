import { type ExplainableModel, TargetError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type { Objective } from './objective.js';

function unitsOf(model: ExplainableModel, layer: string): readonly (number | null)[] {
  // Throws UnknownLayerError listing the model's layers.
  return model.layer(layer).outputShape.slice(1);
}

/** Mean over every axis but the batch: `[N, ...] → [N]`. */
function meanPerExample(x: tf.Tensor): tf.Tensor1D {
  return tf.mean(tf.reshape(x, [x.shape[0], -1]), 1) as tf.Tensor1D;
}

/**
 * One unit of a layer: `index` is the flat index into one example's activation (row-major, e.g.
 * `(y·W + x)·C + c` for NHWC), or its coordinates `[y, x, c]`. Erhan et al. 2009 maximise single units.
 */
export function neuron(layer: string, index: number | readonly number[]): Objective {
  const text = Array.isArray(index) ? `[${index.join(', ')}]` : String(index);
  return {
    label: `neuron(${layer}, ${text})`,
    bind(model) {
      const dims = unitsOf(model, layer);
      const known = dims.every((d): d is number => d !== null);
      let flat: number;
      if (typeof index === 'number') {
        flat = index;
      } else {
        if (index.length !== dims.length) {
          throw new TargetError(
            `neuron(${layer}, ${text}): give ${dims.length} coordinates for its output shape [${dims.join(', ')}], or one flat index.`,
          );
        }
        flat = 0;
        index.forEach((v, i) => {
          const d = dims[i];
          if (d === null || !Number.isInteger(v) || v < 0 || v >= d) {
            throw new TargetError(
              `neuron(${layer}, ${text}): coordinate ${i} must lie in 0–${(d ?? 1) - 1} for output shape [${dims.join(', ')}].`,
            );
          }
          flat = flat * d + v;
        });
      }
      const size = known ? (dims as number[]).reduce((a, b) => a * b, 1) : Number.POSITIVE_INFINITY;
      if (!Number.isInteger(flat) || flat < 0 || flat >= size) {
        throw new TargetError(
          `neuron(${layer}, ${text}): unit index out of range; the layer has ${size} units per example (0–${size - 1}).`,
        );
      }
      return (context) =>
        tf.tidy(() => {
          const a = context.activation(layer);
          return tf.reshape(
            tf.slice(tf.reshape(a, [a.shape[0], -1]), [0, flat], [-1, 1]),
            [-1],
          ) as tf.Tensor1D;
        });
    },
  };
}

/**
 * The mean activation of channel `c` (last axis) of a layer over all positions — the feature
 * visualisation objective of Olah et al. 2017. For a dense layer this is unit `c`.
 */
export function channel(layer: string, c: number): Objective {
  return {
    label: `channel(${layer}, ${c})`,
    bind(model) {
      const dims = unitsOf(model, layer);
      const channels = dims[dims.length - 1];
      if (typeof channels !== 'number' || !Number.isInteger(c) || c < 0 || c >= channels) {
        throw new TargetError(
          `channel(${layer}, ${c}): channel out of range; layer "${layer}" has ${channels ?? 'an unknown number of'} channels (0–${(channels ?? 1) - 1}).`,
        );
      }
      return (context) =>
        tf.tidy(() => {
          const a = context.activation(layer);
          const last = a.shape[a.rank - 1];
          return tf.mean(
            tf.slice(tf.reshape(a, [a.shape[0], -1, last]), [0, 0, c], [-1, -1, 1]),
            [1, 2],
          ) as tf.Tensor1D;
        });
    },
  };
}

/**
 * The mean squared activation of a whole layer: DeepDream's objective (Mordvintsev et al. 2015), which
 * amplifies whatever the layer already responds to.
 */
export function layerEnergy(layer: string): Objective {
  return {
    label: `layerEnergy(${layer})`,
    bind(model) {
      unitsOf(model, layer);
      return (context) => tf.tidy(() => meanPerExample(tf.square(context.activation(layer))));
    },
  };
}

/**
 * Diversity across the batch (Olah et al. 2017): minus the mean cosine similarity of each image's layer
 * style (the channel Gram matrix for spatial layers, the activation vector otherwise) to the other images'.
 * Zero for a batch of one. Add it to another objective to get several different images of one class.
 */
export function diversity(layer: string): Objective {
  return {
    label: `diversity(${layer})`,
    bind(model) {
      unitsOf(model, layer);
      return (context) =>
        tf.tidy(() => {
          const a = context.activation(layer);
          const n = a.shape[0];
          if (n < 2) return tf.zeros([n]) as tf.Tensor1D;
          let features: tf.Tensor2D;
          if (a.rank >= 3) {
            const c = a.shape[a.rank - 1];
            const flat = tf.reshape(a, [n, -1, c]) as tf.Tensor3D;
            features = tf.reshape(tf.matMul(flat, flat, true, false), [n, c * c]) as tf.Tensor2D;
          } else {
            features = tf.reshape(a, [n, -1]) as tf.Tensor2D;
          }
          const unit = tf.div(features, tf.add(tf.norm(features, 'euclidean', 1, true), 1e-12));
          const similarity = tf.matMul(unit, unit, false, true);
          const offDiagonal = tf.sub(tf.sum(similarity, 1), tf.sum(tf.mul(unit, unit), 1));
          return tf.neg(tf.div(offDiagonal, n - 1)) as tf.Tensor1D;
        });
    },
  };
}
