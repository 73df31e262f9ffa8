import type { SeededRandom } from '@loupe/core';

/** Coalitions with their Shapley-kernel regression weights. */
export interface WeightedCoalitions {
  /** `count × features` flags, row-major; 1 = feature present. */
  readonly rows: Uint8Array;
  readonly count: number;
  readonly features: number;
  readonly weights: Float64Array;
  /** True when every coalition was enumerated (the result is then the exact Shapley values). */
  readonly exhaustive: boolean;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** The Shapley kernel π(z) = (M−1) / (C(M,|z|)·|z|·(M−|z|)) of a coalition of size s among M features (Lundberg & Lee 2017). */
export function shapleyKernel(features: number, size: number): number {
  return (features - 1) / (binomial(features, size) * size * (features - size));
}

function* combinations(n: number, k: number): Generator<number[]> {
  const c = Array.from({ length: k }, (_, i) => i);
  while (true) {
    yield c;
    let i = k - 1;
    while (i >= 0 && c[i] === n - k + i) i--;
    if (i < 0) return;
    c[i]++;
    for (let j = i + 1; j < k; j++) c[j] = c[j - 1] + 1;
  }
}

class CoalitionBuilder {
  readonly rows: number[][] = [];
  readonly weights: number[] = [];
  private readonly seen = new Map<string, number>();
  constructor(readonly features: number) {}

  /** Adds the coalition of `members` (or its complement) with `weight`; repeats add to the first one's weight. */
  add(members: readonly number[], weight: number, complement = false): void {
    const row = new Array<number>(this.features).fill(complement ? 1 : 0);
    for (const j of members) row[j] = complement ? 0 : 1;
    const key = row.join('');
    const at = this.seen.get(key);
    if (at !== undefined) {
      this.weights[at] += weight;
      return;
    }
    this.seen.set(key, this.rows.length);
    this.rows.push(row);
    this.weights.push(weight);
  }

  build(exhaustive: boolean): WeightedCoalitions {
    return {
      rows: Uint8Array.from(this.rows.flat()),
      count: this.rows.length,
      features: this.features,
      weights: Float64Array.from(this.weights),
      exhaustive,
    };
  }
}

/**
 * KernelSHAP's coalitions for M features and a budget of `samples` model evaluations (the full and empty
 * coalitions come on top). When the budget covers all 2^M − 2 coalitions they are enumerated with exact
 * kernel weights. Otherwise, as in Lundberg & Lee's reference implementation, coalition sizes are taken in
 * pairs (s, M − s) from the smallest, each enumerated completely while the budget's share of its kernel mass
 * covers it; the budget left is spent on random coalitions drawn by kernel mass over the remaining sizes,
 * each with its complement, sharing the remaining kernel mass by draw count.
 */
export function shapleyCoalitions(features: number, samples: number, rng: SeededRandom): WeightedCoalitions {
  const m = features;
  const out = new CoalitionBuilder(m);
  if (m < 31 && 2 ** m - 2 <= samples) {
    for (let bits = 1; bits < 2 ** m - 1; bits++) {
      const members = Array.from({ length: m }, (_, j) => j).filter((j) => (bits >>> j) & 1);
      out.add(members, shapleyKernel(m, members.length));
    }
    return out.build(true);
  }
  const sizes = Math.ceil((m - 1) / 2);
  const paired = Math.floor((m - 1) / 2);
  const mass = new Float64Array(sizes + 1);
  for (let s = 1; s <= sizes; s++) mass[s] = ((m - 1) / (s * (m - s))) * (s <= paired ? 2 : 1);
  const totalMass = mass.reduce((a, b) => a + b, 0);
  for (let s = 1; s <= sizes; s++) mass[s] /= totalMass;
  let left = samples;
  let full = 0;
  for (let s = 1; s <= sizes; s++) {
    const count = binomial(m, s) * (s <= paired ? 2 : 1);
    let massLeft = 0;
    for (let t = s; t <= sizes; t++) massLeft += mass[t];
    if (left * (mass[s] / massLeft) < count - 1e-9) break;
    for (const members of combinations(m, s)) {
      out.add(members, mass[s] / count);
      if (s <= paired) out.add(members, mass[s] / count, true);
    }
    left -= count;
    full = s;
  }
  if (full < sizes && left > 0) {
    const drawMass = Array.from(mass, (v, s) => (s > full ? v : 0));
    const randomMass = drawMass.reduce((a, b) => a + b, 0);
    const first = out.rows.length;
    while (left > 0) {
      const s = rng.choose(drawMass);
      const members = rng.subset(m, s);
      out.add(members, 1);
      left--;
      if (s <= paired && left > 0) {
        out.add(members, 1, true);
        left--;
      }
    }
    let draws = 0;
    for (let r = first; r < out.weights.length; r++) draws += out.weights[r];
    for (let r = first; r < out.weights.length; r++) out.weights[r] *= randomMass / draws;
  }
  return out.build(false);
}
