// Dense float64 Cholesky factorisation and triangular solves, row-major, for the small symmetric systems
// of Loupe's methods (kernel landmarks, QP active sets, low-rank densities: n up to a few thousand).

/**
 * The lower Cholesky factor L of a symmetric positive-definite n×n matrix (A = L·Lᵀ; only A's lower
 * triangle is read; L's upper triangle is zero). Returns `null` when a pivot is not positive, i.e. A is not
 * positive definite to working precision; callers add a ridge (jitter) and retry, or report it.
 */
export function cholesky(a: ArrayLike<number>, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let p = 0; p < j; p++) d -= l[j * n + p] * l[j * n + p];
    if (!(d > 0)) return null;
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let p = 0; p < j; p++) s -= l[i * n + p] * l[j * n + p];
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/** Solves L·X = B for X by forward substitution (L lower triangular n×n, B n×p row-major; p = 1 for a vector). */
export function forwardSubstitute(l: Float64Array, b: ArrayLike<number>, n: number, p = 1): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < n; i++) {
    const d = l[i * n + i];
    for (let k = 0; k < i; k++) {
      const lik = l[i * n + k];
      if (lik !== 0) for (let j = 0; j < p; j++) x[i * p + j] -= lik * x[k * p + j];
    }
    for (let j = 0; j < p; j++) x[i * p + j] /= d;
  }
  return x;
}

/** Solves Lᵀ·X = Y for X by back substitution (L lower triangular n×n, Y n×p row-major). */
export function backSubstituteTransposed(
  l: Float64Array,
  y: ArrayLike<number>,
  n: number,
  p = 1,
): Float64Array {
  const x = Float64Array.from(y);
  for (let i = n - 1; i >= 0; i--) {
    const d = l[i * n + i];
    for (let k = i + 1; k < n; k++) {
      const lki = l[k * n + i];
      if (lki !== 0) for (let j = 0; j < p; j++) x[i * p + j] -= lki * x[k * p + j];
    }
    for (let j = 0; j < p; j++) x[i * p + j] /= d;
  }
  return x;
}

/** Solves A·X = B given A's Cholesky factor L (from `cholesky`): B n×p row-major, p = 1 for a vector. */
export function choleskySolve(l: Float64Array, b: ArrayLike<number>, n: number, p = 1): Float64Array {
  return backSubstituteTransposed(l, forwardSubstitute(l, b, n, p), n, p);
}
