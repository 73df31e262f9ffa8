/**
 * In place: orthonormalises the columns of `q` (m×p, row-major, float64) by modified Gram–Schmidt, run
 * twice ("twice is enough": Giraud et al. 2005) so the columns stay orthogonal to working precision even
 * when they are nearly dependent, as the blocks of a power iteration become. A column that vanishes
 * (dependent on the previous ones) is left as zeros.
 */
export function orthonormalizeColumns(q: Float64Array, m: number, p: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < p; j++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < m; i++) dot += q[i * p + j] * q[i * p + k];
        for (let i = 0; i < m; i++) q[i * p + j] -= dot * q[i * p + k];
      }
      let norm = 0;
      for (let i = 0; i < m; i++) norm += q[i * p + j] ** 2;
      norm = Math.sqrt(norm);
      for (let i = 0; i < m; i++) q[i * p + j] = norm > 0 ? q[i * p + j] / norm : 0;
    }
  }
}
