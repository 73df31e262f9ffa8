// Small dense float64 linear algebra for fitting densities (sizes up to a few thousand).

/** In place: orthonormalises the columns of `q` (m × p, row-major) by modified Gram–Schmidt. */
export function orthonormalizeColumns(q: Float64Array, m: number, p: number): void {
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < m; i++) dot += q[i * p + j] * q[i * p + k];
      for (let i = 0; i < m; i++) q[i * p + j] -= dot * q[i * p + k];
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[i * p + j] ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < m; i++) q[i * p + j] /= norm;
  }
}

/** Lower Cholesky factor of a symmetric positive-definite n × n matrix. */
export function cholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * n + j];
      for (let k = 0; k < j; k++) sum -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = i === j ? Math.sqrt(Math.max(sum, 1e-300)) : sum / l[j * n + j];
    }
  }
  return l;
}

/** Solves L·X = B for X (L lower triangular n × n, B n × p). */
export function forwardSubstitute(l: Float64Array, b: Float64Array, n: number, p: number): Float64Array {
  const x = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      let sum = b[i * p + j];
      for (let k = 0; k < i; k++) sum -= l[i * n + k] * x[k * p + j];
      x[i * p + j] = sum / l[i * n + i];
    }
  }
  return x;
}
