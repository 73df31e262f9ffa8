import { gaussianBlur, SeededRandom } from '@loupe/core';
import { expectNoTensorLeaks } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fourierBasis, synthesize } from '../src/fourier-basis.js';
import { fourierParameterization } from '../src/fourier-parameterization.js';
import { totalVariation } from '../src/index.js';
import { pixelParameterization } from '../src/pixel-parameterization.js';
import { randomTransform } from '../src/transform-robustness.js';
import { clipStraightThrough } from '../src/value-range.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('Fourier synthesis', () => {
  it('equals Σ A·cos(2π(k₁i/H + k₂j/W)) + B·sin(…) for odd and even sizes', async () => {
    await expectNoTensorLeaks(() => {
      for (const [h, w] of [
        [5, 6],
        [4, 7],
      ]) {
        const basis = fourierBasis(h, w);
        const k = basis.columns;
        const a = tf.randomNormal([1, h, k], 0, 1, 'float32', h);
        const b = tf.randomNormal([1, h, k], 0, 1, 'float32', w);
        const av = a.arraySync() as number[][][];
        const bv = b.arraySync() as number[][][];
        const image = tf.tidy(
          () => synthesize(basis, a as tf.Tensor3D, b as tf.Tensor3D).arraySync() as number[][][],
        );
        for (let i = 0; i < h; i++) {
          for (let j = 0; j < w; j++) {
            let s = 0;
            for (let k1 = 0; k1 < h; k1++) {
              for (let k2 = 0; k2 < k; k2++) {
                const t = 2 * Math.PI * ((k1 * i) / h + (k2 * j) / w);
                s += av[0][k1][k2] * Math.cos(t) + bv[0][k1][k2] * Math.sin(t);
              }
            }
            expect(image[0][i][j]).toBeCloseTo(s, 4);
          }
        }
        a.dispose();
        b.dispose();
        basis.left.dispose();
        basis.right.dispose();
      }
    });
  });

  it('blurring the spectrum equals a circular Gaussian blur of the image', async () => {
    await expectNoTensorLeaks(() => {
      const [h, w, sigma] = [8, 8, 1];
      const param = fourierParameterization([1, h, w, 1], null, 'clip', { decorrelate: true, decay: 1 });
      const p = param.init(3);
      const blurred = param.blur(p, sigma);
      const [before, after] = tf.tidy(() => [
        param.decode(p).arraySync() as number[][][][],
        param.decode(blurred).arraySync() as number[][][][],
      ]);
      // Circular convolution with the periodised Gaussian, by direct summation.
      const kernel = (d: number, n: number) => {
        let s = 0;
        for (let m = -20; m <= 20; m++) s += Math.exp(-((d + m * n) ** 2) / (2 * sigma * sigma));
        return s / Math.sqrt(2 * Math.PI * sigma * sigma);
      };
      for (let i = 0; i < h; i++) {
        for (let j = 0; j < w; j++) {
          let s = 0;
          for (let u = 0; u < h; u++)
            for (let v = 0; v < w; v++) s += before[0][u][v][0] * kernel(i - u, h) * kernel(j - v, w);
          expect(after[0][i][j][0]).toBeCloseTo(s, 3);
        }
      }
      p.dispose();
      blurred.dispose();
      param.dispose();
    });
  });

  it('maps into the input range with a sigmoid, and decorrelates RGB', async () => {
    await expectNoTensorLeaks(() => {
      const param = fourierParameterization([2, 6, 6, 3], [-1, 2], 'sigmoid', {
        decorrelate: true,
        decay: 1,
      });
      const p = tf.tidy(() => tf.mul(param.init(1), 1000));
      const range = tf.tidy(() => {
        const x = param.decode(p);
        return [x.min().dataSync()[0], x.max().dataSync()[0]];
      });
      expect(range[0]).toBeGreaterThanOrEqual(-1);
      expect(range[1]).toBeLessThanOrEqual(2);
      expect(range[1] - range[0]).toBeGreaterThan(1);
      p.dispose();
      param.dispose();
    });
  });
});

describe('pixel parameterization and range mapping', () => {
  it('clip projects into the range; the straight-through clip passes gradients unchanged', async () => {
    await expectNoTensorLeaks(() => {
      const param = pixelParameterization([1, 3, 3, 1], [0, 1], 'clip');
      const wild = tf.tensor4d([-1, 0.5, 2, 0, 1, 3, -2, 0.2, 0.9], [1, 3, 3, 1]);
      const projected = param.project(wild);
      expect(Array.from(projected.dataSync())).toEqual(
        Array.from(tf.tidy(() => tf.clipByValue(wild, 0, 1).dataSync())),
      );
      const g = tf.tidy(() =>
        tf
          .grad((v: tf.Tensor) => tf.sum(tf.mul(clipStraightThrough(v, 0, 1), 3)))(wild)
          .dataSync(),
      );
      expect(Array.from(g)).toEqual(new Array(9).fill(3));
      wild.dispose();
      projected.dispose();
    });
  });
});

describe('image priors and transformations', () => {
  it('total variation: closed form on a ramp', () => {
    // x[i, j] = i + 2j: every vertical step 1, horizontal 2 → V² = 1 + 4 = 5, V¹ = √5.
    const ramp = tf.tidy(() =>
      tf.reshape(
        tf.add(tf.reshape(tf.range(0, 4), [4, 1]), tf.mul(tf.reshape(tf.range(0, 5), [1, 5]), 2)),
        [1, 4, 5, 1],
      ),
    );
    const v2 = tf.tidy(() => totalVariation(ramp as tf.Tensor4D).dataSync()[0]);
    const v1 = tf.tidy(() => totalVariation(ramp as tf.Tensor4D, 1).dataSync()[0]);
    expect(v2).toBeCloseTo(5, 5);
    expect(v1).toBeCloseTo(Math.sqrt(5), 4);
    ramp.dispose();
  });

  it('Gaussian blur keeps a constant image and lowers total variation', () => {
    const constant = tf.fill([1, 6, 6, 2], 0.7) as tf.Tensor4D;
    const noisy = tf.randomUniform([1, 12, 12, 1], 0, 1, 'float32', 4) as tf.Tensor4D;
    const [c, tvBefore, tvAfter] = tf.tidy(() => [
      Array.from(gaussianBlur(constant, 1.5).dataSync()),
      totalVariation(noisy).dataSync()[0],
      totalVariation(gaussianBlur(noisy, 1)).dataSync()[0],
    ]) as [number[], number, number];
    for (const v of c) expect(v).toBeCloseTo(0.7, 5);
    expect(tvAfter).toBeLessThan(tvBefore / 3);
    constant.dispose();
    noisy.dispose();
  });

  it('a pure integer jitter shifts the image exactly (borders mirrored)', async () => {
    await expectNoTensorLeaks(() => {
      const x = tf.randomUniform([2, 6, 7, 3], 0, 1, 'float32', 8) as tf.Tensor4D;
      const random = new SeededRandom(5);
      const probe = new SeededRandom(5);
      const dy = -2 + probe.integer(5);
      const dx = -2 + probe.integer(5);
      const moved = tf.tidy(
        () => randomTransform(x, { jitter: 2, scale: 0, rotate: 0 }, random).arraySync() as number[][][][],
      );
      const src = x.arraySync() as number[][][][];
      const clamp = (v: number, n: number) => (v < 0 ? -v : v > n - 1 ? 2 * (n - 1) - v : v);
      for (let n = 0; n < 2; n++)
        for (let i = 0; i < 6; i++)
          for (let j = 0; j < 7; j++)
            for (let c = 0; c < 3; c++) {
              expect(moved[n][i][j][c]).toBeCloseTo(src[n][clamp(i - dy, 6)][clamp(j - dx, 7)][c], 6);
            }
      x.dispose();
    });
  });

  it('the backward pass is the transpose of the sampling: ⟨T x, y⟩ = ⟨x, Tᵀ y⟩', () => {
    const x = tf.randomUniform([2, 7, 9, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
    const y = tf.randomUniform([2, 7, 9, 2], 0, 1, 'float32', 2) as tf.Tensor4D;
    const options = { jitter: 2, scale: 0.3, rotate: 40 };
    const [forward, adjoint] = tf.tidy(() => {
      const tx = randomTransform(x, options, new SeededRandom(3));
      const tty = tf.grad((v: tf.Tensor) =>
        tf.sum(tf.mul(randomTransform(v as tf.Tensor4D, options, new SeededRandom(3)), y)),
      )(x);
      return [tf.sum(tf.mul(tx, y)).dataSync()[0], tf.sum(tf.mul(x, tty)).dataSync()[0]];
    });
    expect(adjoint).toBeCloseTo(forward, 3);
    x.dispose();
    y.dispose();
  });

  it('rotation and zoom are differentiable and preserve a constant image', () => {
    const x = tf.fill([1, 9, 9, 1], 0.3) as tf.Tensor4D;
    const [out, grad] = tf.tidy(() => {
      const random = new SeededRandom(1);
      const f = (v: tf.Tensor) =>
        tf.sum(randomTransform(v as tf.Tensor4D, { jitter: 1, scale: 0.2, rotate: 30 }, random));
      return [
        Array.from(randomTransform(x, { jitter: 1, scale: 0.2, rotate: 30 }, new SeededRandom(2)).dataSync()),
        tf.grad(f)(x).sum().dataSync()[0],
      ];
    }) as [number[], number];
    for (const v of out) expect(v).toBeCloseTo(0.3, 6);
    // Bilinear weights sum to one per output pixel, so the gradient of the sum is the pixel count.
    expect(grad).toBeCloseTo(81, 3);
    x.dispose();
  });
});
