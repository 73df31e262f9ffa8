import { readFileSync } from 'node:fs';
import { OptionError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, imageTabularModel, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { dilateRegion, felzenszwalb, integratedGradients, rankRegions, xrai } from '../src/index.js';
import { regionsOf } from '../src/xrai/region-masks.js';
import { images, relErr } from './fixtures.js';

// Made by test/reference/xrai.py: scikit-image 0.19's felzenszwalb and disk dilation, and a numpy ranking
// that agrees exactly (maps to 0.0, ranks identical) with PAIR's XRAI._xrai / _xrai_fast at 7b72b67.
interface Ranked {
  map: number[];
  ranks: number[];
}
interface Reference {
  height: number;
  width: number;
  image: number[];
  scales: number[];
  sigma: number;
  minSize: number;
  segmentations: number[][];
  greySegmentation: number[];
  dilationRadius: number;
  dilated: number[][];
  attribution: number[];
  minPixelDiff: number;
  full: Ranked;
  fullHalfArea: Ranked;
  fast: Ranked;
}
const ref = JSON.parse(readFileSync(new URL('./reference/xrai.json', import.meta.url), 'utf8')) as Reference;
const { height, width } = ref;

function channel(data: number[], channels: number, pick: number): Float64Array {
  return Float64Array.from({ length: height * width }, (_, p) => data[p * channels + pick]);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('felzenszwalb', () => {
  it('equals scikit-image on an RGB image at two scales and on a grey image', () => {
    const rgb = { data: Float64Array.from(ref.image), height, width, channels: 3 };
    ref.scales.forEach((scale, i) => {
      const { labels, count } = felzenszwalb(rgb, { scale, sigma: ref.sigma, minSize: ref.minSize });
      expect(Array.from(labels)).toEqual(ref.segmentations[i]);
      expect(count).toBe(Math.max(...ref.segmentations[i]) + 1);
    });
    const grey = { data: channel(ref.image, 3, 0), height, width, channels: 1 };
    const { labels } = felzenszwalb(grey, { scale: 40, sigma: ref.sigma, minSize: ref.minSize });
    expect(Array.from(labels)).toEqual(ref.greySegmentation);
  });

  it('refuses a scale ≤ 0 with a typed error', () => {
    const image = { data: new Float64Array(4), height: 2, width: 2, channels: 1 };
    expect(() => felzenszwalb(image, { scale: 0 })).toThrow(OptionError);
  });
});

describe('XRAI region ranking', () => {
  const masks = () => {
    const out: Int32Array[] = [];
    for (const seg of ref.segmentations) {
      const labels = Int32Array.from(seg);
      for (const r of regionsOf(labels, Math.max(...seg) + 1))
        out.push(dilateRegion(r, height, width, ref.dilationRadius));
    }
    return out;
  };

  it('dilates segments like scikit-image’s disk footprint', () => {
    const ours = masks();
    expect(ours).toHaveLength(ref.dilated.length);
    ours.forEach((m, i) => {
      const dense = new Array<number>(height * width).fill(0);
      for (const p of m) dense[p] = 1;
      expect(dense).toEqual(ref.dilated[i]);
    });
  });

  it('ranks regions as the authors’ full (whole and half area) and fast algorithms do', () => {
    const attribution = Float32Array.from(ref.attribution);
    const cases = [
      { expected: ref.full, algorithm: 'full' as const, areaThreshold: 1 },
      { expected: ref.fullHalfArea, algorithm: 'full' as const, areaThreshold: 0.5 },
      { expected: ref.fast, algorithm: 'fast' as const, areaThreshold: 1 },
    ];
    for (const { expected, algorithm, areaThreshold } of cases) {
      const r = rankRegions(attribution, masks(), {
        algorithm,
        areaThreshold,
        minPixelDiff: ref.minPixelDiff,
      });
      expect(Array.from(r.ranks)).toEqual(expected.ranks);
      expect(relErr(r.map, expected.map)).toBeLessThan(1e-6);
      // Gains fall with rank, and the regions tile the image.
      const gains = r.regions.slice(0, -1).map((g) => g.gain);
      expect(gains).toEqual([...gains].sort((a, b) => b - a));
      expect(r.regions.reduce((s, g) => s + g.area, 0)).toBe(height * width);
    }
  });
});

describe('xrai', () => {
  it('ranks the region holding the attribution first (a given base map), leaking nothing', async () => {
    const model = wrapModel(tinyCnn({ seed: 4 }));
    // Left half dark, right half bright: two clean segments. The base map puts its mass in the bright half.
    const x = tf.tidy(() => tf.concat([tf.fill([1, 8, 4, 1], 0.1), tf.fill([1, 8, 4, 1], 0.9)], 2));
    const base = tf.tidy(() => tf.concat([tf.fill([1, 8, 4, 1], -0.2), tf.fill([1, 8, 4, 1], 1)], 2));
    await expectNoTensorLeaks(async () => {
      const a = await xrai(model, x, {
        target: 0,
        baseAttribution: base,
        scales: '100',
        sigma: 0,
        resize: 0,
        minSize: 4,
        dilation: 0,
        minPixelDiff: 1,
      });
      const values = await a.data();
      const ranks = (a.meta.ranks as number[][])[0];
      for (let y = 0; y < 8; y++)
        for (let col = 0; col < 8; col++) {
          expect(ranks[y * 8 + col]).toBe(col < 4 ? 2 : 1);
          expect(values[y * 8 + col]).toBeCloseTo(col < 4 ? -0.2 : 1, 6);
        }
      return a;
    });
    tf.dispose([x, base]);
    model.dispose();
  });

  it('ranks integrated gradients from black and white baselines by default, with the authors’ segmentation', async () => {
    const model = wrapModel(tinyCnn({ seed: 4 }));
    const x = images(1, 8, 1, 11);
    await expectNoTensorLeaks(async () => {
      const a = await xrai(model, x, { target: 2, steps: 8, minPixelDiff: 4 });
      expect(a.shape).toEqual([1, 8, 8, 1]);
      const regions = a.meta.regions as { rank: number; gain: number; area: number }[][];
      for (const r of regions) expect(r.reduce((s, g) => s + g.area, 0)).toBe(64);
      // Each pixel holds its region's mean of the IG map (one channel, so no max over channels).
      const lo = tf.tidy(() =>
        tf.mul(tf.onesLike(x), tf.reshape(tf.min(tf.reshape(x, [1, -1]), 1), [1, 1, 1, 1])),
      );
      const hi = tf.tidy(() =>
        tf.mul(tf.onesLike(x), tf.reshape(tf.max(tf.reshape(x, [1, -1]), 1), [1, 1, 1, 1])),
      );
      const ig = await integratedGradients(model, x, { target: 2, steps: 8, baseline: [lo, hi] });
      const igValues = await ig.data();
      const values = await a.data();
      const ranks = a.meta.ranks as number[][];
      for (let e = 0; e < 1; e++)
        for (const region of regions[e]) {
          let sum = 0;
          let count = 0;
          ranks[e].forEach((rank, p) => {
            if (rank !== region.rank) return;
            sum += igValues[e * 64 + p];
            count++;
            expect(values[e * 64 + p]).toBeCloseTo(region.gain, 5);
          });
          expect(count).toBe(region.area);
          expect(sum / count).toBeCloseTo(region.gain, 5);
        }
      tf.dispose([lo, hi]);
      return [a, ig];
    });
    x.dispose();
    model.dispose();
  });

  it('refuses non-images, bad scales and a base map of the wrong shape with typed errors', async () => {
    const model = wrapModel(tinyCnn({ seed: 4 }));
    const x = images(1, 8, 1, 3);
    const wrong = tf.zeros([1, 4, 4, 1]);
    for (const options of [
      { scales: '50,-1' },
      { scales: '' },
      { baseAttribution: wrong },
      { algorithm: 'slow' },
    ]) {
      const err = await expectThrowsWithoutLeaks(() => xrai(model, x, options as never));
      expect(err).toBeInstanceOf(OptionError);
    }
    const flat = tf.zeros([1, 64]);
    const dense = wrapModel(tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [64] })] }));
    const err = await expectThrowsWithoutLeaks(() => xrai(dense, flat, { steps: 2 }));
    expect(err).toBeInstanceOf(OptionError);
    expect((err as Error).message).toMatch(/\[N, H, W, C\]/);
    const twoInputs = wrapModel(imageTabularModel());
    const pair = [tf.zeros([1, 6, 6, 2]), tf.zeros([1, 4])];
    const several = await expectThrowsWithoutLeaks(() => xrai(twoInputs, pair, { steps: 2 }));
    expect(several).toBeInstanceOf(OptionError);
    expect((several as Error).message).toMatch(/several inputs/);
    tf.dispose([x, wrong, flat, ...pair]);
    model.dispose();
    dense.dispose();
    twoInputs.dispose();
  });
});
