import { describe, expect, it } from 'vitest';
import {
  backSubstituteTransposed,
  cholesky,
  choleskySolve,
  forwardSubstitute,
  SeededRandom,
} from '../src/index.js';

/** A random symmetric positive-definite n×n matrix: Bᵀ·B + n·I. */
function spd(n: number, seed: number): Float64Array {
  const r = new SeededRandom(seed);
  const b = Float64Array.from({ length: n * n }, () => r.range(-1, 1));
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = i === j ? n : 0;
      for (let k = 0; k < n; k++) s += b[k * n + i] * b[k * n + j];
      a[i * n + j] = s;
    }
  return a;
}

function multiply(a: Float64Array, b: Float64Array, n: number, p: number): Float64Array {
  const out = new Float64Array(n * p);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k] * b[k * p + j];
      out[i * p + j] = s;
    }
  return out;
}

describe('cholesky', () => {
  it('factors A = L·Lᵀ with L lower triangular and a positive diagonal', () => {
    const n = 12;
    const a = spd(n, 1);
    const l = cholesky(a, n);
    expect(l).not.toBeNull();
    for (let i = 0; i < n; i++) {
      expect(l?.[i * n + i]).toBeGreaterThan(0);
      for (let j = i + 1; j < n; j++) expect(l?.[i * n + j]).toBe(0);
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let k = 0; k < n; k++) s += (l?.[i * n + k] ?? 0) * (l?.[j * n + k] ?? 0);
        expect(s).toBeCloseTo(a[i * n + j], 10);
      }
    }
  });

  it('solves A·X = B for a vector and for several right-hand sides (residual ≈ 0)', () => {
    const n = 9;
    const p = 3;
    const a = spd(n, 2);
    const r = new SeededRandom(3);
    const b = Float64Array.from({ length: n * p }, () => r.range(-1, 1));
    const l = cholesky(a, n) as Float64Array;
    const x = choleskySolve(l, b, n, p);
    const ax = multiply(a, x, n, p);
    for (let i = 0; i < n * p; i++) expect(ax[i]).toBeCloseTo(b[i], 10);
    const column = Float64Array.from({ length: n }, (_, i) => b[i * p]);
    const xv = choleskySolve(l, column, n);
    for (let i = 0; i < n; i++) expect(xv[i]).toBeCloseTo(x[i * p], 12);
    // The two triangular halves: L·y = b, then Lᵀ·x = y.
    const y = forwardSubstitute(l, column, n);
    expect(Array.from(backSubstituteTransposed(l, y, n))).toEqual(Array.from(xv));
  });

  it('returns null for a matrix that is not positive definite, and succeeds once a ridge makes it so', () => {
    const singular = Float64Array.from([1, 1, 1, 1]);
    expect(cholesky(singular, 2)).toBeNull();
    expect(cholesky(Float64Array.from([1, 2, 2, 1]), 2)).toBeNull(); // eigenvalues 3 and −1
    expect(cholesky(Float64Array.from([1 + 1e-9, 1, 1, 1 + 1e-9]), 2)).not.toBeNull();
  });
});
