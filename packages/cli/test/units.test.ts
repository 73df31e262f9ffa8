import { getExplainer } from '@loupe/core';
import { registerGradientMethods } from '@loupe/methods-gradient';
import { describe, expect, it } from 'vitest';
import { chunkRanges } from '../src/commands/context.js';
import { parsePluginOptions } from '../src/input/plugin-options.js';
import { uniqueStems } from '../src/output/file-names.js';
import { decodeNpy, encodeNpy } from '../src/output/npy.js';
import { mergeWeighted } from '../src/report/merge-tables.js';

describe('mergeWeighted', () => {
  it('merging chunk means weighted by size equals the mean over all examples', () => {
    const examples = [
      [0.2, 0.9],
      [0.4, 0.1],
      [1, 0.5],
      [0.3, 0.3],
      [0.8, 0.7],
    ];
    const mean = (rows: number[][]) =>
      rows[0].map((_, k) => rows.reduce((s, r) => s + r[k], 0) / rows.length);
    const chunks = [examples.slice(0, 2), examples.slice(2, 5)];
    const merged = mergeWeighted(
      chunks.map((c) => ({ scores: mean(c), auc: mean(c)[0], perExample: c })),
      chunks.map((c) => c.length),
    ) as { scores: number[]; auc: number; perExample: number[][] };
    expect(merged.scores[0]).toBeCloseTo(mean(examples)[0], 14);
    expect(merged.scores[1]).toBeCloseTo(mean(examples)[1], 14);
    expect(merged.auc).toBeCloseTo(mean(examples)[0], 14);
    expect(merged.perExample).toEqual(examples);
  });
});

describe('npy', () => {
  it('round-trips values and shape, with the data 64-byte aligned as NumPy requires', () => {
    const values = Float32Array.from({ length: 24 }, (_, i) => i / 7 - 1);
    const bytes = encodeNpy(values, [2, 3, 4]);
    expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 78, 85, 77, 80, 89, 1, 0]);
    expect((bytes.length - values.byteLength) % 64).toBe(0);
    const back = decodeNpy(bytes);
    expect(back.shape).toEqual([2, 3, 4]);
    expect(back.values).toEqual(values);
  });
});

describe('option parsing', () => {
  registerGradientMethods();
  const ig = getExplainer('integrated-gradients');
  const sg = getExplainer('smoothgrad');

  it('sends key=value to every method that takes the key, id.key=value to one', () => {
    const parsed = parsePluginOptions(['steps=12', 'smoothgrad.samples=3'], [ig, sg]);
    expect(parsed['integrated-gradients'].steps).toBe(12);
    expect(parsed.smoothgrad.samples).toBe(3);
    expect(parsed['integrated-gradients'].samples).toBeUndefined();
  });

  it('rejects options no chosen method takes, naming what they do take', () => {
    expect(() => parsePluginOptions(['samples=3'], [ig])).toThrow(
      /Unknown option 'samples'.*integrated-gradients takes .*steps/,
    );
    expect(() => parsePluginOptions(['lime.x=1'], [ig])).toThrow(
      /'lime' is not one of the chosen integrated-gradients/,
    );
  });
});

describe('file names and chunks', () => {
  it('gives every example a distinct stem', () => {
    expect(uniqueStems(['/a/x.png', '/b/x.png', 'mnist-samples#4', '/c/y z.jpg'])).toEqual([
      'x',
      'x-2',
      'mnist-4',
      'y_z',
    ]);
  });

  it('chunks depend only on the batch size', () => {
    expect(chunkRanges(5, 2)).toEqual([
      { chunk: 0, start: 0, end: 2 },
      { chunk: 1, start: 2, end: 4 },
      { chunk: 2, start: 4, end: 5 },
    ]);
  });
});
