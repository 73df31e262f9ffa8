/**
 * Solves A·x = b for a small dense symmetric positive semi-definite A (n×n, row-major, float64) by Gaussian
 * elimination with partial pivoting. A relative ridge of 1e-12·mean(diag A) keeps rank-deficient systems
 * (features that never vary in the samples) solvable with a negligible effect on full-rank ones.
 */
export function solveSymmetric(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  let trace = 0;
  for (let i = 0; i < n; i++) trace += m[i * n + i];
  const ridge = 1e-12 * (trace / Math.max(1, n) || 1);
  for (let i = 0; i < n; i++) m[i * n + i] += ridge;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r * n + col]) > Math.abs(m[pivot * n + col])) pivot = r;
    if (pivot !== col) {
      for (let k = 0; k < n; k++) [m[col * n + k], m[pivot * n + k]] = [m[pivot * n + k], m[col * n + k]];
      [x[col], x[pivot]] = [x[pivot], x[col]];
    }
    const d = m[col * n + col];
    if (d === 0) continue;
    for (let r = col + 1; r < n; r++) {
      const f = m[r * n + col] / d;
      if (f === 0) continue;
      for (let k = col; k < n; k++) m[r * n + k] -= f * m[col * n + k];
      x[r] -= f * x[col];
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r];
    for (let k = r + 1; k < n; k++) s -= m[r * n + k] * x[k];
    const d = m[r * n + r];
    x[r] = d === 0 ? 0 : s / d;
  }
  return x;
}
