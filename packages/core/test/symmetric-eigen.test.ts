import { describe, expect, it } from 'vitest';
import { symmetricEigen } from '../src/index.js';

describe('symmetricEigen', () => {
  it('returns descending eigenvalues with unit eigenvectors: A·v = λ·v', () => {
    const k = 5;
    const a = new Float64Array(k * k);
    let seed = 3;
    const rand = () => {
      seed = (seed * 16807) % 2147483647;
      return (seed / 2147483647) * 2 - 1;
    };
    for (let i = 0; i < k; i++) {
      for (let j = i; j < k; j++) {
        const v = rand();
        a[i * k + j] = v;
        a[j * k + i] = v;
      }
    }
    const { values, vectors } = symmetricEigen(a, k);
    for (let c = 1; c < k; c++) expect(values[c]).toBeLessThanOrEqual(values[c - 1]);
    for (let c = 0; c < k; c++) {
      let norm = 0;
      for (let r = 0; r < k; r++) {
        let av = 0;
        for (let j = 0; j < k; j++) av += a[r * k + j] * vectors[j * k + c];
        expect(av).toBeCloseTo(values[c] * vectors[r * k + c], 10);
        norm += vectors[r * k + c] ** 2;
      }
      expect(norm).toBeCloseTo(1, 12);
    }
  });
});
