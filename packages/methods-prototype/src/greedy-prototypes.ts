import type { KernelView } from './kernel-view.js';

/** Greedy MMD-critic prototypes of one view, in the view's local indices. */
export interface GreedyPrototypes {
  /** Local indices in selection order. */
  selected: number[];
  /** Σ_{p∈P} K_pj for every view row j, P = all selected prototypes. */
  prototypeSum: Float64Array;
  /** MMD² between the view's rows and the first t+1 prototypes, for t = 0..m−1. */
  mmd2: number[];
}

/**
 * Kim, Khanna & Koyejo (2016), greedy maximisation of J(S) = (2/(n|S|))·Σ_{i,s}K_is − (1/|S|²)·Σ_{s,s'}K_ss'.
 * Each step scores every unchosen j by c_j − (2·Σ_{s∈S}K_sj + K_jj)/(t+1), c_j = (2/n)·Σ_i K_ij (which is
 * (t+1)·[J(S∪{j}) minus terms independent of j]), and adds the first maximum in ascending index order,
 * as the authors' reference code does with `np.argmax`.
 */
export function greedyPrototypes(view: KernelView, m: number): GreedyPrototypes {
  const n = view.size;
  const c = new Float64Array(n);
  for (let j = 0; j < n; j++) c[j] = (2 * view.colsum[j]) / n;
  const sum = new Float64Array(n);
  const chosen = new Uint8Array(n);
  const selected: number[] = [];
  const mmd2: number[] = [];
  let crossTotal = 0;
  let withinTotal = 0;
  for (let t = 0; t < m; t++) {
    let best = Number.NEGATIVE_INFINITY;
    let arg = -1;
    for (let j = 0; j < n; j++) {
      if (chosen[j]) continue;
      const score = c[j] - (2 * sum[j] + view.diag(j)) / (t + 1);
      if (arg < 0 || score > best) {
        best = score;
        arg = j;
      }
    }
    // Σ_{s,s'∈S∪{arg}} K grows by 2·Σ_{s∈S}K_s,arg + K_arg,arg.
    withinTotal += 2 * sum[arg] + view.diag(arg);
    crossTotal += view.colsum[arg];
    chosen[arg] = 1;
    selected.push(arg);
    const row = view.row(arg);
    for (let j = 0; j < n; j++) sum[j] += row[j];
    const size = t + 1;
    mmd2.push(view.mean - (2 * crossTotal) / (n * size) + withinTotal / (size * size));
  }
  return { selected, prototypeSum: sum, mmd2 };
}
