import { describe, expect, it } from 'vitest';
import { averageRanks, compareMaps, hogSimilarity, spearman, ssim } from '../src/index.js';
import { uniform } from './helpers.js';

describe('map similarity', () => {
  it('Spearman: ±1 for monotone maps, average ranks for ties, Pearson of ranks in general', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 400])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
    expect(Array.from(averageRanks([5, 1, 5, 2]))).toEqual([3.5, 1, 3.5, 2]);
    // 1 − 6Σd²/(n(n²−1)) for n = 5 with d = (0, 0, 1, −1, 0).
    expect(spearman([1, 2, 3, 4, 5], [1, 2, 4, 3, 5])).toBeCloseTo(1 - (6 * 2) / (5 * 24), 12);
  });

  it('SSIM is 1 for identical maps and lower for unrelated ones; HOG likewise', () => {
    const a = uniform(28 * 28, 1);
    const b = uniform(28 * 28, 2);
    expect(ssim(a, a, 28, 28)).toBeCloseTo(1, 10);
    expect(ssim(a, b, 28, 28)).toBeLessThan(0.2);
    expect(hogSimilarity(a, a, 28, 28)).toBeCloseTo(1, 10);
    expect(hogSimilarity(a, b, 28, 28)).toBeLessThan(0.5);
  });

  it('compareMaps sums channels and compares signed and absolute maps', () => {
    const a = Float32Array.from(uniform(8 * 8 * 2, 3, -1, 1));
    const neg = a.map((v) => -v);
    const same = compareMaps(a, neg, [8, 8, 2]);
    expect(same.spearman).toBeCloseTo(-1, 10);
    expect(same.spearmanAbs).toBeCloseTo(1, 10);
    expect(same.ssim).toBeCloseTo(1, 10);
    expect(same.hog).toBeCloseTo(1, 10);
  });
});
