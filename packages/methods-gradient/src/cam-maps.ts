import { type ExplainableModel, forEachBatch, type ResolvedTarget, type RunControl } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { selectorFor } from './target-select.js';

/** How channel weights are computed from the layer gradient. */
export type CamWeighting = 'grad-cam' | 'grad-cam-plus-plus';

/** The position axes of a feature map `[N, ...positions, C]` (h, w for images; T for sequences). */
function positionAxes(a: tf.Tensor): number[] {
  return Array.from({ length: a.rank - 2 }, (_, i) => i + 1);
}

/**
 * Channel weights `[N, C]` from activations A and gradients G (both `[N, h, w, C]`, or `[N, T, C]`).
 * Grad-CAM (Selvaraju et al. 2017): mean over h, w of G.
 * Grad-CAM++ (Chattopadhay et al. 2018): Σ_hw a·relu(G) with a = G² / (2G² + Σ_hw A · G³), 0 where the
 * denominator vanishes (the closed form obtained for an exponential of the score).
 */
function channelWeights(weighting: CamWeighting, a: tf.Tensor, g: tf.Tensor): tf.Tensor {
  const axes = positionAxes(a);
  if (weighting === 'grad-cam') return tf.mean(g, axes);
  const g2 = tf.square(g);
  const denominator = tf.add(tf.mul(g2, 2), tf.mul(tf.sum(a, axes, true), tf.mul(g2, g)));
  const safe = tf.notEqual(denominator, 0);
  const coefficient = tf.where(
    safe,
    tf.div(g2, tf.where(safe, denominator, tf.onesLike(denominator))),
    tf.zerosLike(g),
  );
  return tf.sum(tf.mul(coefficient, tf.relu(g)), axes);
}

/**
 * Class activation maps `[N, h, w]` (`[N, T]` for a sequence layer) = Σ_c weight_c · A_c at `layer`, optionally rectified, computed in
 * batches of `batchSize` examples (one layer-gradient call per batch).
 */
export async function camMaps(
  model: ExplainableModel,
  x: tf.Tensor,
  target: ResolvedTarget,
  layer: string,
  options: { weighting: CamWeighting; relu: boolean; batchSize: number; control: RunControl; phase: string },
): Promise<tf.Tensor> {
  const parts: tf.Tensor[] = [];
  try {
    await forEachBatch(
      x.shape[0],
      options.batchSize,
      (start, end) => {
        parts.push(
          tf.tidy(() => {
            const xs = tf.slice(x, start, end - start);
            const ids = Array.from({ length: end - start }, (_, i) => start + i);
            const select = selectorFor(target, ids);
            const a = model.activationBatched(xs, layer);
            const g = tf.grad((v: tf.Tensor) => select(model.forwardFromLayerBatched(xs, layer, v)))(
              a,
              tf.ones([end - start]),
            );
            const w = channelWeights(options.weighting, a, g);
            const wShape = [end - start, ...new Array<number>(a.rank - 2).fill(1), -1];
            const map = tf.sum(tf.mul(a, tf.reshape(w, wShape)), a.rank - 1);
            return options.relu ? tf.relu(map) : map;
          }),
        );
      },
      { ...options.control, phase: options.phase },
    );
    return parts.length === 1 ? parts[0].clone() : tf.concat(parts, 0);
  } finally {
    tf.dispose(parts);
  }
}

/**
 * Resizes maps `[N, h, w]` bilinearly to the input's height and width (half-pixel centres, as PyTorch's
 * `interpolate(..., align_corners=False)`), repeated over the input's channels: `[N, H, W, C]`. Sequence
 * maps `[N, T]` are resized linearly (same centres) to a sequence input `[N, L, C]`, or to token ids `[N, L]`.
 */
export function upsampleToInput(maps: tf.Tensor, x: tf.Tensor): tf.Tensor {
  if (maps.rank === 2) {
    const [n, length] = x.shape as [number, number];
    return tf.tidy(() => {
      const column = tf.reshape(maps, [n, maps.shape[1] as number, 1, 1]) as tf.Tensor4D;
      const resized = tf.image.resizeBilinear(column, [length, 1], false, true);
      if (x.rank === 2) return tf.reshape(resized, [n, length]);
      return tf.broadcastTo(tf.reshape(resized, [n, length, 1]), [n, length, x.shape[2] as number]);
    });
  }
  const [n, h, w, c] = x.shape as [number, number, number, number];
  return tf.tidy(() => {
    const resized = tf.image.resizeBilinear(tf.expandDims(maps, 3) as tf.Tensor4D, [h, w], false, true);
    return tf.broadcastTo(resized, [n, h, w, c]);
  });
}
