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

/** `a` (m × m, symmetric) times `q` (m × p). */
export function symmetricTimes(a: Float64Array, q: Float64Array, m: number, p: number): Float64Array {
  const out = new Float64Array(m * p);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k];
      if (aik === 0) continue;
      for (let j = 0; j < p; j++) out[i * p + j] += aik * q[k * p + j];
    }
  }
  return out;
}

/** Eigen-decomposition of a small symmetric matrix by cyclic Jacobi rotations: values and column vectors. */
export function jacobiEigen(input: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(input);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i * n + j] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i];
  return { values, vectors: v };
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
