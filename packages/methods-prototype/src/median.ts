const BINS = 4096;

/**
 * The k-th smallest (0-based) of `values` without copying or reordering them: one pass builds a
 * histogram over [min, max], a second collects only the bin holding rank k, which is then sorted. The
 * same bin function is used both times, so the rank bookkeeping is exact whatever the rounding.
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
  const scale = BINS / (hi - lo);
  const bin = (v: number) => Math.min(BINS - 1, Math.floor((v - lo) * scale));
  const counts = new Float64Array(BINS);
  for (let i = 0; i < values.length; i++) counts[bin(values[i])]++;
  let below = 0;
  let b = 0;
  while (below + counts[b] <= k) below += counts[b++];
  const members = new Float64Array(counts[b]);
  let m = 0;
  for (let i = 0; i < values.length; i++) if (bin(values[i]) === b) members[m++] = values[i];
  members.sort();
  return members[k - below];
}

/**
 * Median of `transform(v)` over `values` for a non-decreasing `transform`: the middle value, or the mean
 * of the two middle values when the count is even. With `Math.sqrt` over squared distances this is the
 * median distance (the square root is taken before averaging, as the definition requires).
 */
export function median(values: Float64Array, transform: (v: number) => number = (v) => v): number {
  const count = values.length;
  const upper = transform(kthSmallest(values, count >> 1));
  if (count % 2 === 1) return upper;
  return (transform(kthSmallest(values, (count >> 1) - 1)) + upper) / 2;
}
