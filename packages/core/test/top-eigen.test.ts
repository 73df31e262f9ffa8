import { describe, expect, it } from 'vitest';
import { orthonormalizeColumns, SeededRandom, symmetricEigen, topEigenpairs } from '../src/index.js';

/** A random 40×40 positive semi-definite matrix B·Bᵀ with a spread spectrum (B's columns scaled). */
function psd(m: number, seed: number): Float64Array {
  const r = new SeededRandom(seed);
  const b = Float64Array.from({ length: m * m }, (_, i) => r.normal() * 0.9 ** (i % m));
  const a = new Float64Array(m * m);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < m; j++) for (let k = 0; k < m; k++) a[i * m + j] += b[i * m + k] * b[j * m + k];
  return a;
}

const product = (a: Float64Array, m: number) => (q: Float64Array, p: number) => {
  const out = new Float64Array(m * p);
  for (let i = 0; i < m; i++)
    for (let k = 0; k < m; k++) for (let j = 0; j < p; j++) out[i * p + j] += a[i * m + k] * q[k * p + j];
  return out;
};

describe('topEigenpairs', () => {
  it('matches the full Jacobi eigendecomposition on its top 3 pairs (vectors up to sign)', async () => {
    const m = 40;
    const a = psd(m, 1);
    const full = symmetricEigen(a, m);
    const top = await topEigenpairs(product(a, m), m, 3, { seed: 2 });
    expect(top.iterations).toBeLessThan(300);
    for (let c = 0; c < 3; c++) {
      expect(top.values[c] / full.values[c]).toBeCloseTo(1, 9);
      let dot = 0;
      for (let i = 0; i < m; i++) dot += top.vectors[i * 3 + c] * full.vectors[i * m + c];
      expect(Math.abs(dot)).toBeCloseTo(1, 9);
    }
  });

  it('accepts an asynchronous product, and tolerance 0 runs exactly maxIterations products', async () => {
    const m = 12;
    const a = psd(m, 3);
    let calls = 0;
    const asyncProduct = async (q: Float64Array, p: number) => {
      calls++;
      return product(a, m)(q, p);
    };
    const r = await topEigenpairs(asyncProduct, m, 2, { tolerance: 0, maxIterations: 7 });
    expect(calls).toBe(7);
    expect(r.iterations).toBe(7);
  });
});

describe('orthonormalizeColumns', () => {
  it('makes nearly dependent columns orthonormal to working precision', () => {
    const m = 50;
    const p = 4;
    const r = new SeededRandom(4);
    const base = Float64Array.from({ length: m }, () => r.normal());
    const q = Float64Array.from({ length: m * p }, (_, i) => base[Math.floor(i / p)] + 1e-9 * r.normal());
    orthonormalizeColumns(q, m, p);
    for (let a = 0; a < p; a++)
      for (let b = 0; b < p; b++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[i * p + a] * q[i * p + b];
        expect(Math.abs(dot - (a === b ? 1 : 0))).toBeLessThan(1e-12);
      }
  });
});
