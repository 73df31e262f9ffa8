import { solveSymmetric } from './linear-solve.js';

/** A design matrix of 0/1 coalition rows with a weight and a response per row (float64). */
export interface RegressionData {
  /** `count × features` flags, row-major. */
  readonly rows: Uint8Array;
  readonly count: number;
  readonly features: number;
  readonly weights: Float64Array;
  readonly y: Float64Array;
}

/** Accumulates XᵀWX and XᵀWy for columns given by `column(row, j)`. */
function normalEquations(
  data: RegressionData,
  dims: number,
  column: (r: number, j: number) => number,
  response: (r: number) => number,
) {
  const xtwx = new Float64Array(dims * dims);
  const xtwy = new Float64Array(dims);
  const row = new Float64Array(dims);
  for (let r = 0; r < data.count; r++) {
    const w = data.weights[r];
    if (w === 0) continue;
    for (let j = 0; j < dims; j++) row[j] = column(r, j);
    const yr = response(r);
    for (let j = 0; j < dims; j++) {
      const wj = w * row[j];
      if (wj === 0) continue;
      xtwy[j] += wj * yr;
      for (let k = j; k < dims; k++) xtwx[j * dims + k] += wj * row[k];
    }
  }
  for (let j = 0; j < dims; j++) for (let k = 0; k < j; k++) xtwx[j * dims + k] = xtwx[k * dims + j];
  return { xtwx, xtwy };
}

/**
 * Weighted ridge regression with an unpenalised intercept (LIME's surrogate): minimises
 * Σ w_r (y_r − β₀ − z_r·β)² + α‖β‖², by weighted centring and the normal equations in float64.
 * Returns `{ coefficients, intercept, r2 }` (r2: weighted coefficient of determination).
 */
export function weightedRidge(
  data: RegressionData,
  alpha: number,
): { coefficients: Float64Array; intercept: number; r2: number } {
  const m = data.features;
  let wsum = 0;
  let ymean = 0;
  const zmean = new Float64Array(m);
  for (let r = 0; r < data.count; r++) {
    const w = data.weights[r];
    wsum += w;
    ymean += w * data.y[r];
    for (let j = 0; j < m; j++) zmean[j] += w * data.rows[r * m + j];
  }
  ymean /= wsum || 1;
  for (let j = 0; j < m; j++) zmean[j] /= wsum || 1;
  const { xtwx, xtwy } = normalEquations(
    data,
    m,
    (r, j) => data.rows[r * m + j] - zmean[j],
    (r) => data.y[r] - ymean,
  );
  for (let j = 0; j < m; j++) xtwx[j * m + j] += alpha;
  const coefficients = solveSymmetric(xtwx, xtwy, m);
  let intercept = ymean;
  for (let j = 0; j < m; j++) intercept -= coefficients[j] * zmean[j];
  let ssRes = 0;
  let ssTot = 0;
  for (let r = 0; r < data.count; r++) {
    let pred = intercept;
    for (let j = 0; j < m; j++) pred += coefficients[j] * data.rows[r * m + j];
    ssRes += data.weights[r] * (data.y[r] - pred) ** 2;
    ssTot += data.weights[r] * (data.y[r] - ymean) ** 2;
  }
  return { coefficients, intercept, r2: ssTot > 0 ? 1 - ssRes / ssTot : 1 };
}

/**
 * KernelSHAP's constrained weighted least squares: minimises Σ w_r (y_r − z_r·φ)² subject to Σφ = total,
 * where y_r = f(z_r) − f(∅) (the intercept is f(∅), fixed by the empty coalition's infinite weight). The
 * constraint is enforced exactly by eliminating the last feature: φ_M = total − Σ_{j<M} φ_j, leaving an
 * unconstrained problem in M − 1 unknowns. Float64 throughout.
 */
export function constrainedShapleyRegression(data: RegressionData, total: number): Float64Array {
  const m = data.features;
  if (m === 1) return Float64Array.of(total);
  const last = m - 1;
  const { xtwx, xtwy } = normalEquations(
    data,
    last,
    (r, j) => data.rows[r * m + j] - data.rows[r * m + last],
    (r) => data.y[r] - data.rows[r * m + last] * total,
  );
  const head = solveSymmetric(xtwx, xtwy, last);
  const phi = new Float64Array(m);
  phi.set(head);
  let rest = total;
  for (let j = 0; j < last; j++) rest -= head[j];
  phi[last] = rest;
  return phi;
}
