import { readFileSync } from 'node:fs';
import { OptionError, wrapModel } from '@loupe/core';
import {
  expectNoTensorLeaks,
  expectThrowsWithoutLeaks,
  imageTabularModel,
  linearModel,
} from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guidedIntegratedGradients, guidedStep, integratedGradients, startGuidedPath } from '../src/index.js';
import { disposeAll, images, relErr, smoothCnn } from './fixtures.js';

// Made by test/reference/guided-ig.py (numpy, float64, analytic gradients); that walk agrees to 0.0 with
// PAIR's guided_ig_impl (saliency/core/guided_ig.py at 7b72b67) on these weights.
interface Reference {
  W1: number[][];
  b1: number[];
  W2: number[][];
  b2: number[];
  x: number[];
  baseline: number[];
  class: number;
  fx: number;
  fBaseline: number;
  cases: { steps: number; fraction: number; maxDist: number; attribution: number[]; sum: number }[];
}
const reference = JSON.parse(
  readFileSync(new URL('./reference/guided-ig.json', import.meta.url), 'utf8'),
) as Reference;

/** x → dense(W1, b1) → tanh → dense(W2, b2), with the reference's weights. */
function referenceMlp(): tf.Sequential {
  const m = tf.sequential();
  m.add(tf.layers.dense({ units: 4, activation: 'tanh', inputShape: [6], name: 'hidden' }));
  m.add(tf.layers.dense({ units: 2, name: 'scores' }));
  const weights = [reference.W1, reference.b1, reference.W2, reference.b2].map((w) => tf.tensor(w));
  m.layers[0].setWeights(weights.slice(0, 2));
  m.layers[1].setWeights(weights.slice(2));
  tf.dispose(weights);
  return m;
}

let x: tf.Tensor4D;
beforeAll(async () => {
  await tf.setBackend('cpu');
  x = images(2, 8, 1, 11);
});
afterAll(() => x.dispose());

describe('guidedIntegratedGradients', () => {
  it('equals the numpy reference walk (PAIR’s algorithm) on a tanh MLP for three settings', async () => {
    const model = wrapModel(referenceMlp());
    const input = tf.tensor2d([reference.x]);
    const baseline = tf.tensor1d(reference.baseline);
    for (const c of reference.cases) {
      await expectNoTensorLeaks(async () => {
        const { steps, fraction, maxDist } = c;
        const a = await guidedIntegratedGradients(model, input, {
          target: reference.class,
          baseline,
          steps,
          fraction,
          maxDist,
        });
        expect(relErr(await a.data(), c.attribution)).toBeLessThan(1e-5);
        const delta = (a.meta.convergenceDelta as number[])[0];
        expect(Math.abs(delta - (c.sum - (reference.fx - reference.fBaseline)))).toBeLessThan(1e-5);
        return a;
      });
    }
    disposeAll(input, baseline);
    model.dispose();
  });

  it('is (x − x₀) ⊙ w on a linear model whatever the path', async () => {
    const model = linearModel([[0.5, -1, 2, 0.25]], [0.3]);
    const input = tf.tensor2d([[1, 2, 3, 4]]);
    const baseline = tf.tensor1d([0.5, -1, 0, 2]);
    await expectNoTensorLeaks(async () => {
      const a = await guidedIntegratedGradients(model, input, { baseline, steps: 7, maxDist: 1, target: 0 });
      expect(relErr(await a.data(), [0.25, -3, 6, 0.5])).toBeLessThan(1e-6);
      return a;
    });
    disposeAll(input, baseline);
  });

  it('with maxDist 0 is integrated gradients by the left Riemann rule', async () => {
    const cnn = smoothCnn();
    await expectNoTensorLeaks(async () => {
      const g = await guidedIntegratedGradients(cnn, x, { target: [0, 2], steps: 12, maxDist: 0 });
      const ig = await integratedGradients(cnn, x, { target: [0, 2], steps: 12, quadrature: 'riemann-left' });
      expect(relErr(await g.data(), await ig.data())).toBeLessThan(1e-5);
      return [g, ig];
    });
  });

  it('is complete: Σ attribution → f(x) − f(baseline) as steps grow (two examples, two baselines)', async () => {
    const cnn = smoothCnn();
    const errors: number[] = [];
    const baseline = [tf.zeros([8, 8, 1]), tf.fill([8, 8, 1], 0.5)];
    for (const steps of [16, 128]) {
      await expectNoTensorLeaks(async () => {
        const a = await guidedIntegratedGradients(cnn, x, {
          target: [0, 2],
          steps,
          baseline,
        });
        const sums = tf.tidy(() => tf.sum(tf.reshape(a.values, [2, -1]), 1));
        const s = Array.from(await sums.data());
        sums.dispose();
        const d = a.meta.convergenceDelta as number[];
        errors.push(Math.max(...d.map((v, i) => Math.abs(v) / Math.abs(s[i] - v))));
        return a;
      });
    }
    tf.dispose(baseline);
    expect(errors[1]).toBeLessThan(0.01);
    expect(errors[1]).toBeLessThan(errors[0]);
  });

  it('keeps every feature within maxDist of the straight path and ends at the input', () => {
    const input = Float64Array.from([1, -2, 0.5, 3, 0, 4]);
    const baseline = Float64Array.from([0, 0, 0, 1, 0, -1]);
    const path = startGuidedPath(input, baseline);
    const gradient = [0.3, -2, 0.01, 1, 5, -0.2];
    const steps = 10;
    for (let step = 0; step < steps; step++) {
      guidedStep(path, gradient, step, { steps, fraction: 0.25, maxDist: 0.15 });
      const alpha = (step + 1) / steps;
      for (let i = 0; i < input.length; i++) {
        const d = input[i] - baseline[i];
        if (d === 0) continue;
        const at = (path.x[i] - baseline[i]) / d;
        expect(at).toBeGreaterThanOrEqual(alpha - 0.15 - 1e-12);
        expect(at).toBeLessThanOrEqual(alpha + 0.15 + 1e-12);
      }
    }
    expect(Array.from(path.x)).toEqual(Array.from(input));
    // Constant gradient: Σ moves ⊙ g telescopes to (x − x₀) ⊙ g.
    expect(
      relErr(
        path.attribution,
        gradient.map((g, i) => g * (input[i] - baseline[i])),
      ),
    ).toBeLessThan(1e-12);
  });

  it('refuses bad options and baselines with typed errors, leaking nothing', async () => {
    const cnn = smoothCnn();
    for (const options of [{ fraction: 0 }, { maxDist: 1.5 }, { steps: 0 }, { steps: 2.5 }]) {
      const err = await expectThrowsWithoutLeaks(() => guidedIntegratedGradients(cnn, x, options));
      expect(err).toBeInstanceOf(OptionError);
    }
    const wrong = tf.zeros([4, 4, 1]);
    const err = await expectThrowsWithoutLeaks(() => guidedIntegratedGradients(cnn, x, { baseline: wrong }));
    expect(err).toBeInstanceOf(OptionError);
    expect((err as Error).message).toMatch(/one example's shape/);
    wrong.dispose();
  });

  it('explains a two-input model (image + tabular): one attribution per input, complete across both', async () => {
    const source = imageTabularModel({ bias: false });
    const model = wrapModel(source);
    const image = tf.randomUniform([1, 6, 6, 2], 0, 1, 'float32', 5);
    const tabular = tf.randomUniform([1, 4], -1, 1, 'float32', 6);
    await expectNoTensorLeaks(async () => {
      const a = await guidedIntegratedGradients(model, { image, tabular }, { target: 1, steps: 256 });
      expect(a.inputs?.map((p) => p.shape)).toEqual([
        [1, 6, 6, 2],
        [1, 4],
      ]);
      const total = (a.inputs ?? []).reduce((s, p) => s + tf.tidy(() => tf.sum(p.values).dataSync()[0]), 0);
      const expected = tf.tidy(() => {
        const fx = source.predict([image, tabular]) as tf.Tensor;
        const f0 = source.predict([tf.zerosLike(image), tf.zerosLike(tabular)]) as tf.Tensor;
        return tf.sub(fx, f0).arraySync() as number[][];
      })[0][1];
      expect(Math.abs(total - expected)).toBeLessThan(0.02 * Math.abs(expected) + 1e-4);
      return a;
    });
    tf.dispose([image, tabular]);
    model.dispose();
  });

  it('stops with an AbortError between steps', async () => {
    const cnn = smoothCnn();
    const controller = new AbortController();
    const err = await expectThrowsWithoutLeaks(() =>
      guidedIntegratedGradients(cnn, x, {
        steps: 50,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.done === 3) controller.abort();
        },
      }),
    );
    expect((err as Error).name).toBe('AbortError');
  });
});
