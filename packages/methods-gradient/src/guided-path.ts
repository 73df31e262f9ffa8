/**
 * One example's walk along the Guided IG path (Kapishnikov et al. 2021), in float64 on the host: the
 * current point, its ends, and the attribution gathered so far. Features move from `baseline` toward
 * `input`; at every step the ones with the smallest |gradient| move first.
 */
export interface GuidedPath {
  /** The current point on the path (starts at the baseline). */
  readonly x: Float64Array;
  readonly input: Float64Array;
  readonly baseline: Float64Array;
  /** Σ over the moves so far of (x_new − x_old) ⊙ gradient at the step's start. */
  readonly attribution: Float64Array;
  /** ‖input − baseline‖₁. */
  readonly l1Total: number;
}

/** How far the path may stray and how many features move per round. */
export interface GuidedStepOptions {
  /** Number of steps of the whole path. */
  steps: number;
  /** Share of the features, by smallest |gradient|, moved in each round of a step (0, 1]. */
  fraction: number;
  /** Largest lead or lag of any feature behind the straight path, as a share of the path (α units, [0, 1]). */
  maxDist: number;
}

// Relative and absolute slack when comparing L1 distances (the authors use 1e-9 too: float64 sums).
const L1_EPSILON = 1e-9;

/** A path at its baseline with nothing attributed yet. */
export function startGuidedPath(input: Float64Array, baseline: Float64Array): GuidedPath {
  let l1Total = 0;
  for (let i = 0; i < input.length; i++) l1Total += Math.abs(input[i] - baseline[i]);
  return {
    x: Float64Array.from(baseline),
    input,
    baseline,
    attribution: new Float64Array(input.length),
    l1Total,
  };
}

function isClose(a: number, b: number): boolean {
  return Math.abs(a - b) <= Math.max(L1_EPSILON * Math.max(Math.abs(a), Math.abs(b)), L1_EPSILON);
}

/**
 * The |gradient| below which a round moves features: numpy's `quantile(|g|, fraction, 'lower')` over all
 * features (features already at the step's upper bound count as +∞, so they never move again this step).
 */
function lowerQuantile(values: Float64Array, fraction: number): number {
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.floor(fraction * (sorted.length - 1))];
}

/**
 * Advances the path by step `step` (0-based) of `options.steps`, given the gradient at the point where
 * the step starts, and adds the moves times that gradient to the attribution. After the step the L1
 * distance to the input is ‖input − baseline‖₁ · (1 − (step + 1)/steps), and every feature lies within
 * `maxDist` (in α) of the straight path's α = (step + 1)/steps. Each round first pulls features that lag
 * too far up to the lower bound; then moves the `fraction` of the rest with the smallest |gradient| toward
 * the upper bound, all the way, or by the share γ that lands exactly on the target distance.
 */
export function guidedStep(
  path: GuidedPath,
  gradient: ArrayLike<number>,
  step: number,
  options: GuidedStepOptions,
): void {
  const { x, input, baseline, attribution, l1Total } = path;
  const n = x.length;
  if (l1Total === 0) return;
  const alpha = (step + 1) / options.steps;
  const alphaMin = Math.max(alpha - options.maxDist, 0);
  const alphaMax = Math.min(alpha + options.maxDist, 1);
  const xMin = new Float64Array(n);
  const xMax = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = input[i] - baseline[i];
    xMin[i] = baseline[i] + d * alphaMin;
    xMax[i] = baseline[i] + d * alphaMax;
  }
  const l1Target = l1Total * (1 - (step + 1) / options.steps);
  const old = new Float64Array(n);
  const ranked = new Float64Array(n);
  const moveAndAttribute = () => {
    for (let i = 0; i < n; i++) attribution[i] += (x[i] - old[i]) * gradient[i];
  };
  for (;;) {
    old.set(x);
    let l1Current = 0;
    for (let i = 0; i < n; i++) {
      const d = input[i] - baseline[i];
      // A feature whose ends coincide has nowhere to go: it counts as already at the upper bound.
      const at = d !== 0 ? (x[i] - baseline[i]) / d : alphaMax;
      if (at < alphaMin) x[i] = xMin[i];
      l1Current += Math.abs(x[i] - input[i]);
    }
    // Float rounding can land just under the target; stepping back would undo the path's monotonicity.
    if (isClose(l1Target, l1Current) || l1Current < l1Target) {
      moveAndAttribute();
      return;
    }
    for (let i = 0; i < n; i++)
      ranked[i] = x[i] === xMax[i] ? Number.POSITIVE_INFINITY : Math.abs(gradient[i]);
    const threshold = lowerQuantile(ranked, options.fraction);
    let l1Selected = 0;
    for (let i = 0; i < n; i++)
      if (ranked[i] <= threshold && ranked[i] !== Number.POSITIVE_INFINITY)
        l1Selected += Math.abs(x[i] - xMax[i]);
    const gamma = l1Selected > 0 ? (l1Current - l1Target) / l1Selected : Number.POSITIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      if (!(ranked[i] <= threshold && ranked[i] !== Number.POSITIVE_INFINITY)) continue;
      x[i] = gamma > 1 ? xMax[i] : x[i] + (xMax[i] - x[i]) * gamma;
    }
    moveAndAttribute();
    // γ ≤ 1: the target was reached. No movable feature left: only float rounding kept us off the target.
    if (gamma <= 1 || l1Selected === 0) return;
  }
}
