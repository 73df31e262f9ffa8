const BINS = 4096;
// Bins at most this full are sorted directly; fuller ones are histogrammed again over their own range.
const SORT_LIMIT = 8192;

/**
 * The k-th smallest (0-based) of `values` without reordering them: a histogram over [min, max] finds
 * the bin holding rank k, only that bin's members are copied out, and they are sorted (or, when many
 * values crowd one bin, histogrammed again over the bin's own range). Each level is a few linear
 * passes, so 500,000 distances take milliseconds where a full sort takes tens of them.
 */
export function kthSmallest(values: Float64Array, k: number): number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === hi) return lo;
  if (values.length <= SORT_LIMIT) return Float64Array.from(values).sort()[k];
  // The same expression bins a value in both passes, so counts and membership agree whatever the rounding.
  const scale = BINS / (hi - lo);
  const counts = new Int32Array(BINS + 1);
  for (let i = 0; i < values.length; i++) counts[((values[i] - lo) * scale) | 0]++;
  counts[BINS - 1] += counts[BINS];
  let below = 0;
  let b = 0;
  while (below + counts[b] <= k) below += counts[b++];
  const members = new Float64Array(counts[b]);
  let m = 0;
  for (let i = 0; i < values.length; i++) {
    const bin = ((values[i] - lo) * scale) | 0;
    if (bin === b || (bin === BINS && b === BINS - 1)) members[m++] = values[i];
  }
  return kthSmallest(members, k - below);
}

const SAMPLE = 8_192;
// ±4 standard deviations of a sample quantile's position (√(SAMPLE/4) ≈ 45), so the bracket almost
// always holds the wanted ranks; when it does not, the exact histogram search runs instead.
const MARGIN = 192;

/** Room a `Bracket` needs for the values inside the bracket of `count` values (under 1/10 of them). */
export const bracketCapacity = (count: number) => Math.ceil((count * 4 * MARGIN) / SAMPLE) + 2;

/**
 * Counts the values below `lo` and returns those in [lo, hi] (any order), or null when more than
 * `capacity` fall inside. `median` takes one to run this pass somewhere faster than a JS loop.
 */
export type Bracket = (
  lo: number,
  hi: number,
  capacity: number,
) => { below: number; inside: Float64Array } | null;

/** The plain JS bracket pass over `values`. */
export function jsBracket(values: Float64Array): Bracket {
  return (lo, hi, capacity) => {
    const inside = new Float64Array(capacity);
    let below = 0;
    let m = 0;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v < lo) below++;
      else if (v <= hi) {
        if (m === capacity) return null;
        inside[m++] = v;
      }
    }
    return { below, inside: inside.subarray(0, m) };
  };
}

/**
 * The (k−1)-th and k-th smallest of `values` (0-based, 1 ≤ k < length). A strided sample brackets
 * them; one pass counts the values below the bracket and copies those inside it, and only that copy
 * (about 5% of the values) is searched. Exact whatever the sample: a bracket that misses a rank falls
 * back to `kthSmallest` over everything.
 */
function middlePair(values: Float64Array, k: number, bracket: Bracket): [number, number] {
  const count = values.length;
  if (count <= 4 * SAMPLE) {
    const sorted = Float64Array.from(values).sort();
    return [sorted[k - 1], sorted[k]];
  }
  const stride = count / SAMPLE;
  const sample = new Float64Array(SAMPLE);
  for (let s = 0; s < SAMPLE; s++) sample[s] = values[Math.floor(s * stride)];
  sample.sort();
  const at = Math.round((k / count) * SAMPLE);
  const lo = at - MARGIN > 0 ? sample[at - MARGIN] : Number.NEGATIVE_INFINITY;
  const hi = at + MARGIN < SAMPLE ? sample[at + MARGIN] : Number.POSITIVE_INFINITY;
  const found = bracket(lo, hi, bracketCapacity(count));
  if (!found || found.below > k - 1 || found.below + found.inside.length <= k)
    return [kthSmallest(values, k - 1), kthSmallest(values, k)];
  const { below, inside } = found;
  return [kthSmallest(inside, k - 1 - below), kthSmallest(inside, k - below)];
}

/**
 * Median of `transform(v)` over `values` for a non-decreasing `transform`: the middle value, or the mean
 * of the two middle values when the count is even. With `Math.sqrt` over squared distances this is the
 * median distance (the square root is taken before averaging, as the definition requires). `bracket`
 * runs the one full pass over `values` (default: a JS loop).
 */
export function median(
  values: Float64Array,
  transform: (v: number) => number = (v) => v,
  bracket: Bracket = jsBracket(values),
): number {
  const count = values.length;
  if (count % 2 === 1) return transform(kthSmallest(values, count >> 1));
  const [lower, upper] = middlePair(values, count >> 1, bracket);
  return (transform(lower) + transform(upper)) / 2;
}
