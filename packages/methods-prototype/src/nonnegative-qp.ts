import { cholesky, choleskySolve } from '@loupe/core';

const TOLERANCE = 1e-12;

/**
 * Solves min_{w ≥ 0} ½·wᵀQw − bᵀw for a small symmetric positive-definite Q (k×k, row-major) exactly, by
 * the Lawson–Hanson active-set method with QᵀQ/Qᵀb replaced by Q/b: the free set grows by the most
 * violated KKT condition, and an infeasible unconstrained step is cut back at the first variable to hit
 * zero. Terminates in finitely many steps; returns w (zeros outside the free set).
 */
export function nonnegativeQp(q: Float64Array, b: Float64Array, k: number): Float64Array {
  const w = new Float64Array(k);
  const free = new Uint8Array(k);
  const gradient = () => {
    const g = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      let s = b[i];
      for (let j = 0; j < k; j++) s -= q[i * k + j] * w[j];
      g[i] = s;
    }
    return g;
  };
  for (let outer = 0; outer < 10 * k + 10; outer++) {
    const g = gradient();
    let best = TOLERANCE;
    let add = -1;
    for (let i = 0; i < k; i++) {
      if (!free[i] && g[i] > best) {
        best = g[i];
        add = i;
      }
    }
    if (add < 0) break;
    free[add] = 1;
    for (let inner = 0; inner <= k; inner++) {
      const z = solveFree(q, b, k, free);
      let alpha = 1;
      let blocked = false;
      for (let i = 0; i < k; i++) {
        if (free[i] && z[i] <= TOLERANCE) {
          blocked = true;
          const step = w[i] / (w[i] - z[i]);
          if (step < alpha) alpha = step;
        }
      }
      if (!blocked) {
        w.set(z);
        break;
      }
      for (let i = 0; i < k; i++) {
        if (!free[i]) continue;
        w[i] += alpha * (z[i] - w[i]);
        if (w[i] <= TOLERANCE) {
          w[i] = 0;
          free[i] = 0;
        }
      }
    }
  }
  return w;
}

// Unconstrained minimiser over the free variables (others held at zero).
function solveFree(q: Float64Array, b: Float64Array, k: number, free: Uint8Array): Float64Array {
  const idx: number[] = [];
  for (let i = 0; i < k; i++) if (free[i]) idx.push(i);
  const f = idx.length;
  const sub = new Float64Array(f * f);
  for (let a = 0; a < f; a++) for (let c = 0; c < f; c++) sub[a * f + c] = q[idx[a] * k + idx[c]];
  const z = new Float64Array(k);
  const l = cholesky(sub, f);
  if (!l) return z;
  const sol = choleskySolve(
    l,
    idx.map((i) => b[i]),
    f,
  );
  for (let a = 0; a < f; a++) z[idx[a]] = sol[a];
  return z;
}
