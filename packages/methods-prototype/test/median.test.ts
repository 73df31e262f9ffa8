import { SeededRandom } from '@loupe/core';
import { describe, expect, it } from 'vitest';
import { kthSmallest, median } from '../src/median.js';

const sortedMedian = (v: Float64Array) => {
  const s = Float64Array.from(v).sort();
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

describe('median and kthSmallest', () => {
  it('equal a full sort on uniform, tied, skewed and huge-range data, small and large', () => {
    const stream = new SeededRandom(11);
    const random = () => stream.uniform();
    const draws: ((i: number) => number)[] = [
      () => random(),
      () => Math.floor(random() * 5),
      () => (random() < 0.99 ? random() * 1e-9 : 1e9),
      () => Math.exp(random() * 50),
      (i) => (i % 3 === 0 ? 7 : random()),
    ];
    for (const n of [1, 2, 3, 100, 8193, 65_537, 150_000]) {
      for (const draw of draws) {
        const values = Float64Array.from({ length: n }, (_, i) => draw(i));
        expect(median(values)).toBe(sortedMedian(values));
        const k = Math.floor(random() * n);
        expect(kthSmallest(values, k)).toBe(Float64Array.from(values).sort()[k]);
      }
    }
  });

  it('stays exact when the strided sample misses the middle (every sampled position holds 0)', () => {
    const n = 150_000;
    const stream = new SeededRandom(12);
    const random = () => stream.uniform();
    const values = Float64Array.from({ length: n }, () => 1 + random());
    for (let s = 0; s < 8192; s++) values[Math.floor((s * n) / 8192)] = 0;
    expect(median(values)).toBe(sortedMedian(values));
  });

  it('takes the square root before averaging the two middle values', () => {
    expect(median(Float64Array.of(1, 4, 9, 16), Math.sqrt)).toBe(2.5);
    expect(median(Float64Array.of(5, 5, 5, 5))).toBe(5);
  });
});
