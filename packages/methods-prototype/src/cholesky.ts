/**
 * In-place lower Cholesky factor of a symmetric positive-definite k×k row-major matrix (upper part is
 * left as zeros). Returns false when a pivot is not positive (the matrix is singular to working
 * precision), leaving `a` partially overwritten.
 */
export function choleskyInPlace(a: Float64Array, k: number): boolean {
  for (let j = 0; j < k; j++) {
    let s = a[j * k + j];
    for (let p = 0; p < j; p++) s -= a[j * k + p] * a[j * k + p];
    if (!(s > 0)) return false;
    const ljj = Math.sqrt(s);
    a[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let t = a[i * k + j];
      for (let p = 0; p < j; p++) t -= a[i * k + p] * a[j * k + p];
      a[i * k + j] = t / ljj;
    }
    for (let i = 0; i < j; i++) a[i * k + j] = 0;
  }
  return true;
}

/** Solves L·Lᵀ·x = b for a Cholesky factor L from `choleskyInPlace`; returns x. */
export function choleskySolve(l: Float64Array, k: number, b: ArrayLike<number>): Float64Array {
  const y = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    let s = b[i];
    for (let p = 0; p < i; p++) s -= l[i * k + p] * y[p];
    y[i] = s / l[i * k + i];
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = y[i];
    for (let p = i + 1; p < k; p++) s -= l[p * k + i] * y[p];
    y[i] = s / l[i * k + i];
  }
  return y;
}
