import { regionTarget, TargetError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradCam, integratedGradients, xrai } from '../src/index.js';
import { relErr } from './fixtures.js';

const H = 4;
const C = 2;
const K = 3;
let seg: tf.Sequential;
let x: tf.Tensor4D;
let mask: tf.Tensor2D;
let head: Float32Array;

/** A segmentation model: 3×3 conv features → 1×1 conv head, scores [N, H, W, K] (linear, so gradients are closed-form). */
function segmentationModel(): tf.Sequential {
  const init = (s: number) => tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: s });
  const m = tf.sequential();
  m.add(
    tf.layers.conv2d({
      inputShape: [H, H, C],
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      kernelInitializer: init(1),
      name: 'features',
    }),
  );
  m.add(tf.layers.conv2d({ filters: K, kernelSize: 1, kernelInitializer: init(2), name: 'head' }));
  return m;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  seg = segmentationModel();
  x = tf.randomUniform([2, H, H, C], 0, 1, 'float32', 4) as tf.Tensor4D;
  mask = tf.tensor2d([0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 2, 0, 0, 0, 0, 0], [H, H]);
  head = seg.getLayer('head').getWeights()[0].dataSync() as Float32Array;
});
afterAll(() => tf.dispose([x, mask]));

/** Σ_p mask_p · scores[e, p, c] from the model's own forward pass. */
function regionScore(scores: Float32Array, e: number, c: number, weights: ArrayLike<number>): number {
  let s = 0;
  for (let p = 0; p < H * H; p++) s += weights[p] * scores[(e * H * H + p) * K + c];
  return s;
}

describe('region targets', () => {
  it("the default target on a dense output is a TargetError naming regionTarget and { region: 'predicted' }", async () => {
    const error = await expectThrowsWithoutLeaks(() => integratedGradients(seg, x, { steps: 4 }));
    expect(error).toBeInstanceOf(TargetError);
    expect(String(error)).toMatch(/regionTarget\(mask, class\)/);
    expect(String(error)).toMatch(/region: 'predicted'/);
  });

  it('regionTarget(mask, c) scores Σ mask·s[c] (sum) and its mean; IG on it is complete', async () => {
    const wrapped = wrapModel(seg);
    const scores = wrapped.predict(x);
    const s = scores.dataSync() as Float32Array;
    const m = mask.dataSync();
    const m0 = wrapped.predict(tf.zerosLike(x));
    const s0 = m0.dataSync() as Float32Array;
    tf.dispose([scores, m0]);
    for (const reduce of ['sum', 'mean'] as const) {
      const scale = reduce === 'mean' ? 1 / 5 : 1; // mask weights sum to 5
      await expectNoTensorLeaks(async () => {
        const g = wrapped.inputGradient(x, regionTarget(mask, 1, { reduce }));
        expect(Array.from(await g.scores.data())).toEqual(
          [0, 1].map((e) => expect.closeTo(scale * regionScore(s, e, 1, m), 5)),
        );
        expect(g.target.indices).toEqual([1, 1]);
        return [g.gradient, g.scores];
      });
      await expectNoTensorLeaks(async () => {
        const a = await integratedGradients(seg, x, { target: regionTarget(mask, 1, { reduce }), steps: 8 });
        const total = tf.sum(a.values, [1, 2, 3]);
        const sums = (await total.data()) as Float32Array;
        total.dispose();
        for (const e of [0, 1]) {
          const expected = scale * (regionScore(s, e, 1, m) - regionScore(s0, e, 1, m));
          expect(Math.abs(sums[e] - expected)).toBeLessThan(1e-4 * Math.max(1, Math.abs(expected)));
        }
        return a;
      });
    }
    wrapped.dispose();
  });

  it("{ region: 'predicted' } scores every position on its own argmax class; with a class, where it is predicted", async () => {
    const wrapped = wrapModel(seg);
    const scores = wrapped.predict(x);
    const s = scores.dataSync() as Float32Array;
    scores.dispose();
    const argmax = (e: number, p: number) => {
      const row = s.slice((e * H * H + p) * K, (e * H * H + p + 1) * K);
      return row.indexOf(Math.max(...row));
    };
    await expectNoTensorLeaks(async () => {
      const all = wrapped.inputGradient(x, { region: 'predicted' });
      const expected = [0, 1].map((e) =>
        Array.from({ length: H * H }, (_, p) => s[(e * H * H + p) * K + argmax(e, p)]).reduce(
          (a, b) => a + b,
        ),
      );
      expect(relErr(await all.scores.data(), expected)).toBeLessThan(1e-6);
      expect(all.target.indices).toEqual([null, null]);
      const c = argmax(0, 0);
      const one = wrapped.inputGradient(x, { region: 'predicted', class: c });
      const where = (e: number) => Array.from({ length: H * H }, (_, p) => (argmax(e, p) === c ? 1 : 0));
      const first = await one.scores.data();
      expect(first[0]).toBeCloseTo(regionScore(s, 0, c, where(0)), 5);
      return [all.gradient, all.scores, one.gradient, one.scores];
    });
    wrapped.dispose();
  });

  it('a mask of the wrong shape, an empty region, a class out of range are TargetErrors', async () => {
    const bad = tf.ones([H + 1, H]);
    const empty = tf.zeros([H, H]);
    for (const target of [regionTarget(bad, 0), regionTarget(empty, 0), regionTarget(mask, K)]) {
      const error = await expectThrowsWithoutLeaks(() => integratedGradients(seg, x, { target, steps: 2 }));
      expect(error).toBeInstanceOf(TargetError);
    }
    const error = await expectThrowsWithoutLeaks(() =>
      integratedGradients(seg, x, { target: regionTarget(bad, 0), steps: 2 }),
    );
    expect(String(error)).toMatch(/must be \[4, 4\]/);
    tf.dispose([bad, empty]);
  });

  it('Grad-CAM on a segmentation model: weights W[k, c]·Σmask/P (Σmask = 5) from the 1×1 head, by hand', async () => {
    const wrapped = wrapModel(seg);
    const act = wrapped.activations(x, 'features');
    const a = act.dataSync() as Float32Array;
    act.dispose();
    await expectNoTensorLeaks(async () => {
      const cam = await gradCam(seg, x, {
        target: regionTarget(mask, 2),
        layer: 'features',
        relu: false,
        upsample: false,
      });
      expect(cam.shape).toEqual([2, H, H]);
      const expected: number[] = [];
      for (let e = 0; e < 2; e++)
        for (let p = 0; p < H * H; p++) {
          let v = 0;
          for (let k = 0; k < 4; k++) v += ((head[k * K + 2] * 5) / (H * H)) * a[(e * H * H + p) * 4 + k];
          expected.push(v);
        }
      expect(relErr(await cam.data(), expected)).toBeLessThan(1e-5);
      return cam;
    });
    wrapped.dispose();
  });
});

describe('XRAI on a region target', () => {
  it("ranks regions by integrated gradients of the region's score (the base method gets the region)", async () => {
    const options = { scales: '50', minSize: 1, resize: 4, dilation: 0, steps: 16 } as const;
    const target = regionTarget(mask, 2);
    const one = tf.slice(x, [0, 0, 0, 0], [1, H, H, C]);
    const [lo, hi] = tf.tidy(() => [
      tf.fill(one.shape, tf.min(one).dataSync()[0]),
      tf.fill(one.shape, tf.max(one).dataSync()[0]),
    ]);
    const base = await integratedGradients(seg, one, { target, baseline: [lo, hi], steps: 16 });
    await expectNoTensorLeaks(async () => {
      const withRegion = await xrai(seg, one, { ...options, target });
      const fromBase = await xrai(seg, one, { ...options, target, baseAttribution: base.values });
      expect(withRegion.shape).toEqual([1, H, H, C]);
      expect(Array.from(await withRegion.data())).toEqual(Array.from(await fromBase.data()));
      return [withRegion, fromBase];
    });
    tf.dispose([one, lo, hi]);
    base.dispose();
  });
});

describe('Grad-CAM on Conv1D models', () => {
  const T = 7;
  let conv1d: tf.Sequential;
  let seq: tf.Tensor3D;
  beforeAll(() => {
    const init = (s: number) => tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: s });
    conv1d = tf.sequential();
    conv1d.add(
      tf.layers.conv1d({
        inputShape: [T, 2],
        filters: 3,
        kernelSize: 3,
        padding: 'same',
        kernelInitializer: init(7),
        name: 'features',
      }),
    );
    conv1d.add(tf.layers.globalAveragePooling1d({ name: 'gap' }));
    conv1d.add(tf.layers.dense({ units: 2, kernelInitializer: init(8), name: 'scores' }));
    seq = tf.randomUniform([2, T, 2], 0, 1, 'float32', 9) as tf.Tensor3D;
  });
  afterAll(() => seq.dispose());

  it("'auto' finds the Conv1D layer; the map is Σ_k W[k, c]/T · A_k, [N, T], upsampled to [N, L, C]", async () => {
    const wrapped = wrapModel(conv1d);
    const act = wrapped.activations(seq, 'features');
    const a = act.dataSync() as Float32Array;
    act.dispose();
    const w = conv1d.getLayer('scores').getWeights()[0].dataSync();
    await expectNoTensorLeaks(async () => {
      const cam = await gradCam(conv1d, seq, { target: [0, 1], relu: false, upsample: false });
      expect(cam.meta.layer).toBe('features');
      expect(cam.shape).toEqual([2, T]);
      const expected = [0, 1].flatMap((e) =>
        Array.from({ length: T }, (_, t) => {
          let v = 0;
          for (let k = 0; k < 3; k++) v += (w[k * 2 + e] / T) * a[(e * T + t) * 3 + k];
          return v;
        }),
      );
      expect(relErr(await cam.data(), expected)).toBeLessThan(1e-5);
      const up = await gradCam(conv1d, seq, { target: [0, 1], relu: false });
      expect(up.shape).toEqual([2, T, 2]);
      const upValues = await up.data();
      // Same length: the linear resize is the identity, repeated over the 2 channels.
      expect(
        relErr(
          Array.from({ length: 2 * T }, (_, i) => upValues[i * 2 + 1]),
          expected,
        ),
      ).toBeLessThan(1e-5);
      return [cam, up];
    });
    wrapped.dispose();
  });

  it('on token ids [N, L] (Embedding → Conv1D) the map is one value per token', async () => {
    const init = (seed: number) => tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed });
    const text = tf.sequential();
    text.add(
      tf.layers.embedding({ inputDim: 9, outputDim: 3, inputLength: T, embeddingsInitializer: init(3) }),
    );
    text.add(
      tf.layers.conv1d({
        filters: 4,
        kernelSize: 3,
        padding: 'same',
        kernelInitializer: init(4),
        name: 'conv',
      }),
    );
    text.add(tf.layers.globalAveragePooling1d());
    text.add(tf.layers.dense({ units: 2, kernelInitializer: init(5) }));
    const ids = tf.tensor2d([[1, 4, 2, 8, 0, 0, 0]], [1, T], 'int32');
    await expectNoTensorLeaks(async () => {
      const cam = await gradCam(text, ids, { target: 1, relu: false });
      const raw = await gradCam(text, ids, { target: 1, relu: false, upsample: false });
      expect(cam.meta.layer).toBe('conv');
      expect(cam.shape).toEqual([1, T]);
      // Same length: the linear resize is the identity.
      expect(relErr(await cam.data(), await raw.data())).toBeLessThan(1e-6);
      return [cam, raw];
    });
    ids.dispose();
    text.dispose();
  });
});
