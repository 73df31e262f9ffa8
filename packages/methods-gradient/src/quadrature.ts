import { OptionError } from '@loupe/core';

/** How integrated gradients approximates its path integral over α ∈ [0, 1]. */
export type QuadratureRule =
  | 'gauss-legendre'
  | 'riemann-left'
  | 'riemann-right'
  | 'riemann-middle'
  | 'riemann-trapezoid';

/** The quadrature rules, default first. */
export const QUADRATURE_RULES: readonly QuadratureRule[] = [
  'gauss-legendre',
  'riemann-left',
  'riemann-right',
  'riemann-middle',
  'riemann-trapezoid',
];

/** Points α on [0, 1] and their weights (float64); the weights sum to 1. */
export interface Quadrature {
  alphas: number[];
  weights: number[];
}

/**
 * Gauss–Legendre nodes and weights on [−1, 1] for `n` points, by Newton's method on the Legendre
 * polynomial P_n (three-term recurrence), started from the asymptotic estimate cos(π(i + 3/4)/(n + 1/2)).
 * Float64 throughout; weights 2 / ((1 − t²)·P_n'(t)²).
 */
export function gaussLegendre(n: number): { nodes: number[]; weights: number[] } {
  const nodes = new Array<number>(n);
  const weights = new Array<number>(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let t = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 0;
    for (let iter = 0; iter < 100; iter++) {
      let p0 = 1;
      let p1 = t;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * t * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      // n = 1: P_1 = t, P_0 = 1.
      const pn = n === 1 ? t : p1;
      const pPrev = n === 1 ? 1 : p0;
      derivative = (n * (t * pn - pPrev)) / (t * t - 1);
      const step = pn / derivative;
      t -= step;
      if (Math.abs(step) < 1e-16) break;
    }
    const w = 2 / ((1 - t * t) * derivative * derivative);
    nodes[i] = -t;
    nodes[n - 1 - i] = t;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  if (n % 2 === 1) nodes[(n - 1) / 2] = 0;
  return { nodes, weights };
}

/**
 * The α points and weights of a rule with `steps` points. Gauss–Legendre maps t ∈ [−1, 1] to α = (1 + t)/2
 * with weights W/2. Riemann rules use steps of 1/steps at the left ends, right ends or midpoints; the
 * trapezoid rule uses `steps` equally spaced points including both ends, with half weight at the ends, so
 * its weights sum to exactly 1. Throws `OptionError` for steps < 1 (< 2 for the trapezoid).
 */
export function quadrature(rule: QuadratureRule, steps: number): Quadrature {
  if (!Number.isInteger(steps) || steps < 1)
    throw new OptionError(`steps must be a whole number ≥ 1; got ${steps}.`);
  switch (rule) {
    case 'gauss-legendre': {
      const { nodes, weights } = gaussLegendre(steps);
      return { alphas: nodes.map((t) => (1 + t) / 2), weights: weights.map((w) => w / 2) };
    }
    case 'riemann-left':
      return uniform(steps, (i) => i / steps);
    case 'riemann-right':
      return uniform(steps, (i) => (i + 1) / steps);
    case 'riemann-middle':
      return uniform(steps, (i) => (i + 0.5) / steps);
    case 'riemann-trapezoid': {
      if (steps < 2)
        throw new OptionError(`riemann-trapezoid needs steps ≥ 2 (both ends of the path); got ${steps}.`);
      const h = 1 / (steps - 1);
      const alphas = Array.from({ length: steps }, (_, i) => i * h);
      const weights = alphas.map((_, i) => (i === 0 || i === steps - 1 ? h / 2 : h));
      return { alphas, weights };
    }
    default:
      throw new OptionError(
        `Unknown quadrature "${String(rule)}"; use one of ${QUADRATURE_RULES.join(', ')}.`,
      );
  }
}

function uniform(steps: number, alphaAt: (i: number) => number): Quadrature {
  return {
    alphas: Array.from({ length: steps }, (_, i) => alphaAt(i)),
    weights: new Array<number>(steps).fill(1 / steps),
  };
}
