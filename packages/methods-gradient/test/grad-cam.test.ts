import { OptionError, UnknownLayerError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, linearModel, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gradCam, gradCamPlusPlus, guidedBackprop, guidedGradCam } from '../src/index.js';
import { convGapDense, images, relErr } from './fixtures.js';

let source: tf.Sequential;
let x: tf.Tensor4D;
let activation: Float32Array;
let kernel: Float32Array;
const size = 6;
const filters = 3;
const classes = 2;

beforeAll(async () => {
  await tf.setBackend('cpu');
  source = convGapDense(5, size, filters, classes);
  x = images(2, size, 1, 17);
  const a = wrapModel(source).activations(x, 'features');
  activation = a.dataSync() as Float32Array;
  a.dispose();
  kernel = source.getLayer('scores').getWeights()[0].dataSync() as Float32Array;
});
afterAll(() => x.dispose());

/** Grad-CAM from the dense weights: ∂score_c/∂A_k = W[k, c]/(h·w), so map = Σ_k W[k, c]/(h·w) · A_k. */
function byHand(e: number, c: number, weighting: 'grad-cam' | 'plus-plus', relu: boolean): number[] {
  const hw = size * size;
  const weights = Array.from({ length: filters }, (_, k) => {
    const g = kernel[k * classes + c] / hw;
    if (weighting === 'grad-cam') return g;
    let sumA = 0;
    for (let p = 0; p < hw; p++) sumA += activation[(e * hw + p) * filters + k];
    const denominator = 2 * g * g + sumA * g ** 3;
    const coefficient = denominator === 0 ? 0 : (g * g) / denominator;
    return hw * coefficient * Math.max(0, g);
  });
  return Array.from({ length: hw }, (_, p) => {
    let v = 0;
    for (let k = 0; k < filters; k++) v += weights[k] * activation[(e * hw + p) * filters + k];
    return relu ? Math.max(0, v) : v;
  });
}

describe('gradCam', () => {
  it('equals the map computed by hand from the weights (relu on and off, layer resolution)', async () => {
    for (const relu of [false, true]) {
      await expectNoTensorLeaks(async () => {
        const a = await gradCam(source, x, { target: [0, 1], layer: 'features', relu, upsample: false });
        expect(a.shape).toEqual([2, size, size]);
        expect(
          relErr(await a.data(), [...byHand(0, 0, 'grad-cam', relu), ...byHand(1, 1, 'grad-cam', relu)]),
        ).toBeLessThan(1e-5);
        expect(a.meta.layer).toBe('features');
        return a;
      });
    }
  });

  it('Grad-CAM++ equals its closed form by hand', async () => {
    await expectNoTensorLeaks(async () => {
      const a = await gradCamPlusPlus(source, x, { target: [1, 0], layer: 'auto', upsample: false });
      expect(
        relErr(await a.data(), [...byHand(0, 1, 'plus-plus', true), ...byHand(1, 0, 'plus-plus', true)]),
      ).toBeLessThan(1e-4);
      return a;
    });
  });

  it("'auto' picks the last spatial layer; upsampling gives the input shape", async () => {
    const cnn = wrapModel(tinyCnn());
    const input = images(2);
    await expectNoTensorLeaks(async () => {
      const coarse = await gradCam(cnn, input, { target: 1, upsample: false });
      expect(coarse.meta.layer).toBe('conv2');
      expect(coarse.shape).toEqual([2, 4, 4]);
      const fine = await gradCam(cnn, input, { target: 1 });
      expect(fine.shape).toEqual([2, 8, 8, 1]);
      const resized = tf.tidy(() =>
        tf.image.resizeBilinear(tf.expandDims(coarse.values, 3) as tf.Tensor4D, [8, 8], false, true),
      );
      expect(relErr(await fine.data(), resized.dataSync())).toBeLessThan(1e-6);
      resized.dispose();
      const single = tf.tidy(() => tf.squeeze(tf.slice(input, 0, 1), [0]));
      const one = await gradCam(cnn, single, { target: 1, upsample: false });
      expect(one.shape).toEqual([4, 4]);
      single.dispose();
      return [coarse, fine, one];
    });
    input.dispose();
    cnn.dispose();
  });

  it('guided Grad-CAM is guided backprop times the upsampled Grad-CAM', async () => {
    const cnn = wrapModel(tinyCnn());
    const input = images(2);
    await expectNoTensorLeaks(async () => {
      const g = await guidedGradCam(cnn, input, { target: 2 });
      const gb = await guidedBackprop(cnn, input, { target: 2 });
      const cam = await gradCam(cnn, input, { target: 2 });
      const product = tf.mul(gb.values, cam.values);
      expect(relErr(await g.data(), product.dataSync())).toBeLessThan(1e-5);
      product.dispose();
      return [g, gb, cam];
    });
    input.dispose();
    cnn.dispose();
  });

  it('rejects unknown and non-spatial layers, listing the candidates', async () => {
    const unknown = await expectThrowsWithoutLeaks(() => gradCam(source, x, { layer: 'nope' }));
    expect(unknown).toBeInstanceOf(UnknownLayerError);
    expect((unknown as Error).message).toMatch(/features/);
    const flat = await expectThrowsWithoutLeaks(() => gradCam(source, x, { layer: 'gap' }));
    expect(flat).toBeInstanceOf(OptionError);
    expect((flat as Error).message).toMatch(/features/);
    const noSpatial = linearModel([[1, 2]]);
    const input = tf.zeros([1, 2]);
    expect(await expectThrowsWithoutLeaks(() => gradCam(noSpatial, input))).toBeInstanceOf(OptionError);
    input.dispose();
  });
});
