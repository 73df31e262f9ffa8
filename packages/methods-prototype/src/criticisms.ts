import type { KernelView } from './kernel-view.js';

/** Criticism regularizer: none, or the log-determinant diversity term of Kim et al. (2016). */
export type CriticismRegularizer = 'logdet' | 'none';

/**
 * Witness of every view row against a prototype set: |(1/n)·Σ_i K_ij − (1/|P|)·Σ_{p∈P} K_pj|, the gap between
 * the data's and the prototypes' kernel mean embeddings evaluated at x_j.
 */
export function witness(view: KernelView, prototypeSum: Float64Array, prototypeCount: number): Float64Array {
  const n = view.size;
  const w = new Float64Array(n);
  for (let j = 0; j < n; j++) w[j] = Math.abs(view.colsum[j] / n - prototypeSum[j] / prototypeCount);
  return w;
}

// Below this Schur complement a chosen criticism lies in the span of earlier ones; the authors' code
// would fail inverting a singular K_CC there, we keep the candidate's log-det term at its last value.
const SINGULAR = 1e-12;

/**
 * Greedy criticisms (Kim et al. 2016) in local indices, selection order. Candidates exclude prototypes
 * and chosen criticisms and are scanned in ascending index order, ties going to the first. 'none' scores
 * w_j; 'logdet' scores w_j − log|K_jj| for the first pick and then w_j + log|K_jj − k_jᵀK_CC⁻¹k_j|, the
 * gain in log det K_CC from adding j, maintained as a growing Cholesky factor so each step is O(n·|C|).
 */
export function greedyCriticisms(
  view: KernelView,
  w: Float64Array,
  prototypes: readonly number[],
  k: number,
  reg: CriticismRegularizer,
): number[] {
  const n = view.size;
  const excluded = new Uint8Array(n);
  for (const p of prototypes) excluded[p] = 1;
  // schur[j] = K_jj − ‖L⁻¹k_j‖², proj[t][j] = (L⁻¹k_j)_t.
  const schur = new Float64Array(n);
  for (let j = 0; j < n; j++) schur[j] = view.diag(j);
  const proj: Float64Array[] = [];
  const chosen: number[] = [];
  for (let t = 0; t < k; t++) {
    let best = Number.NEGATIVE_INFINITY;
    let arg = -1;
    for (let j = 0; j < n; j++) {
      if (excluded[j]) continue;
      const score =
        reg === 'none'
          ? w[j]
          : t === 0
            ? w[j] - Math.log(Math.abs(view.diag(j)))
            : w[j] + Math.log(Math.abs(schur[j]));
      if (arg < 0 || score > best) {
        best = score;
        arg = j;
      }
    }
    excluded[arg] = 1;
    chosen.push(arg);
    if (reg === 'logdet' && t + 1 < k && schur[arg] > SINGULAR) {
      const pivot = Math.sqrt(schur[arg]);
      const row = view.row(arg);
      const next = new Float64Array(n);
      for (let j = 0; j < n; j++) {
        let s = row[j];
        for (let q = 0; q < proj.length; q++) s -= proj[q][arg] * proj[q][j];
        next[j] = s / pivot;
        schur[j] -= next[j] * next[j];
      }
      proj.push(next);
    }
  }
  return chosen;
}
