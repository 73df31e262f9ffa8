import { OptionError, throwIfAborted } from '@loupe/core';
import { crossSquaredDistances } from './distances.js';
import { loadRows } from './embed.js';
import { buildKernel } from './kernel-build.js';
import { checkCount } from './labels.js';
import type { DataMatrix } from './matrix.js';
import { nonnegativeQp } from './nonnegative-qp.js';
import { checkOptionNames } from './option-names.js';
import type { ComputeOptions, MatrixInput, PrototypeSet } from './types.js';

/** Options of `protoDash`. */
export interface ProtoDashOptions extends ComputeOptions {
  /** Most prototypes to choose (≥ 1); fewer are returned when no candidate can improve the fit. Default 10. */
  prototypes?: number;
  /**
   * The data to explain (same features as `data`, embedded the same way). Default: `data` itself.
   * Prototypes are always rows of `data`.
   */
  target?: MatrixInput;
}

/** ProtoDash result: prototypes in selection order with their non-negative weights. */
export interface ProtoDashResult extends PrototypeSet {
  /** Optimal non-negative weights aligned with `prototypes` (unnormalised; divide by their sum to display shares). */
  weights: Float64Array;
  /** ‖mean embedding of the target − Σ_p w_p·φ(x_p)‖² after each prototype was added. */
  mmd2: number[];
}

/**
 * ProtoDash (Gurumoorthy, Dhurandhar, Cecchi & Aggarwal, "Efficient Data Representation by Selecting
 * Prototypes with Importance Weights", ICDM 2019): greedily adds the row with the largest gradient
 * μ_j − (K·w)_j of f(w) = wᵀμ − ½wᵀKw (μ_j = mean_y K(x_j, y)), ties to the lowest index, then re-solves
 * the non-negative QP over the chosen rows exactly. Maximising f minimises the weighted MMD², so
 * `mmd2` never increases. Stops early when no gradient is positive.
 */
export async function protoDash(data: MatrixInput, options: ProtoDashOptions = {}): Promise<ProtoDashResult> {
  checkOptionNames('protoDash', options);
  const m = checkCount(options.prototypes ?? 10, 'prototypes', 1);
  const rows = await loadRows(data, options.embed, options);
  if (m > rows.n)
    throw new OptionError(`prototypes (${m}) exceeds the ${rows.n} rows of data; ask for at most ${rows.n}.`);
  const target =
    options.target === undefined ? null : await loadRows(options.target, options.embed, options, 'target');
  if (target && target.d !== rows.d)
    throw new OptionError(
      `target has ${target.d} features per row but data has ${rows.d}; both must live in the same space.`,
    );
  throwIfAborted(options.signal);
  const built = await buildKernel(rows, options);
  const view = built.source.view(null);
  const n = rows.n;
  const { mu, targetMean } = target
    ? crossMeans(rows, target, built.gamma)
    : { mu: view.colsum.map((c) => c / n), targetMean: view.mean };

  const selected: number[] = [];
  const kernelRows: Float64Array[] = [];
  let w: Float64Array = new Float64Array(0);
  const mmd2: number[] = [];
  const fit = new Float64Array(n); // (K_{:,S}·w_S)_j
  while (selected.length < m) {
    let best = 0;
    let arg = -1;
    for (let j = 0; j < n; j++) {
      const g = mu[j] - fit[j];
      if (g > best && !selected.includes(j)) {
        best = g;
        arg = j;
      }
    }
    if (arg < 0) break;
    selected.push(arg);
    kernelRows.push(view.row(arg));
    const k = selected.length;
    const q = new Float64Array(k * k);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) q[a * k + b] = kernelRows[a][selected[b]];
    const b = Float64Array.from(selected, (s) => mu[s]);
    w = nonnegativeQp(q, b, k);
    fit.fill(0);
    let quad = 0;
    let lin = 0;
    for (let a = 0; a < k; a++) {
      lin += w[a] * b[a];
      for (let c = 0; c < k; c++) quad += w[a] * q[a * k + c] * w[c];
      if (w[a] !== 0) for (let j = 0; j < n; j++) fit[j] += kernelRows[a][j] * w[a];
    }
    mmd2.push(targetMean - 2 * lin + quad);
  }
  const result: ProtoDashResult = {
    prototypes: selected,
    criticisms: [],
    weights: w,
    mmd2,
    gamma: built.gamma,
  };
  return result;
}

/** μ_j = mean over target rows of K(x_j, y), and the mean of K over target pairs, in row blocks. */
function crossMeans(
  rows: DataMatrix,
  target: DataMatrix,
  gamma: number,
): { mu: Float64Array; targetMean: number } {
  const mu = new Float64Array(rows.n);
  const block = 256;
  let total = 0;
  for (let start = 0; start < target.n; start += block) {
    const count = Math.min(block, target.n - start);
    const part = {
      values: target.values.subarray(start * target.d, (start + count) * target.d),
      n: count,
      d: target.d,
    };
    const toRows = crossSquaredDistances(part, rows);
    for (let t = 0; t < count; t++)
      for (let j = 0; j < rows.n; j++) mu[j] += Math.exp(-gamma * toRows[t * rows.n + j]);
    const toTarget = crossSquaredDistances(part, target);
    for (let v = 0; v < toTarget.length; v++) total += Math.exp(-gamma * toTarget[v]);
  }
  for (let j = 0; j < rows.n; j++) mu[j] /= target.n;
  return { mu, targetMean: total / (target.n * target.n) };
}
