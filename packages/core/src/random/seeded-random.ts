/** Murmur3's 32-bit finaliser: a bijection that spreads nearby integers far apart. */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * Loupe's one seeded pseudo-random generator: mulberry32 (a 32-bit state advanced by a Weyl increment and
 * mixed by multiply-xorshift; period 2³²), seeded through murmur3's finaliser so that nearby seeds (0, 1, 2…)
 * start unrelated streams. Every package draws from it, so a seed means the same stream everywhere, on
 * every platform and backend; `Math.random` is never used. A method that needs independent streams per point
 * (so results do not depend on `batchSize`) seeds one generator per point with `SeededRandom.derive`.
 */
export class SeededRandom {
  private state: number;
  private spare: number | null = null;

  /** `seed`: any finite number; the low 32 bits of its integer part choose the stream (default 0). */
  constructor(seed = 0) {
    this.state = mix32(Number.isFinite(seed) ? Math.floor(seed) : 0);
  }

  /** The seed of stream `index` derived from `seed`: independent streams for points, examples or chunks. */
  static derive(seed: number, index: number): number {
    const s = Number.isFinite(seed) ? Math.floor(seed) : 0;
    return mix32(Math.imul(s >>> 0, 0x9e3779b1) ^ mix32(index + 1));
  }

  /** A uniform number in [0, 1) with 32 random bits. */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A uniform number in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.uniform();
  }

  /** A uniform integer in [0, n) (`n` ≥ 1). */
  integer(n: number): number {
    return Math.min(n - 1, Math.floor(this.uniform() * n));
  }

  /** A standard normal number (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    // 1 − u keeps the logarithm's argument in (0, 1].
    const r = Math.sqrt(-2 * Math.log(1 - this.uniform()));
    const theta = 2 * Math.PI * this.uniform();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** `count` uniform values in [lo, hi). */
  uniforms(count: number, lo = 0, hi = 1): Float32Array {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = lo + (hi - lo) * this.uniform();
    return out;
  }

  /** `count` normal values with mean 0 and standard deviation `std` (default 1). */
  normals(count: number, std = 1): Float32Array {
    const out = new Float32Array(count);
    if (std === 0) return out;
    for (let i = 0; i < count; i++) out[i] = std * this.normal();
    return out;
  }

  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.integer(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /** A uniform random permutation of 0 … n − 1. */
  permutation(n: number): number[] {
    return this.shuffle(Array.from({ length: n }, (_, i) => i));
  }

  /** `k` distinct indices from [0, n), uniformly, in the order drawn (partial Fisher–Yates). */
  subset(n: number, k: number): number[] {
    const pool = Array.from({ length: n }, (_, i) => i);
    const m = Math.min(k, n);
    for (let i = 0; i < m; i++) {
      const j = i + this.integer(n - i);
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, m);
  }

  /** An index drawn with probability proportional to `weights[i]` (non-negative, not all zero). */
  choose(weights: ArrayLike<number>): number {
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i];
    let r = this.uniform() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }

  /** A fresh integer seed in [0, 2³¹) for a tfjs random op (`tf.randomNormal(..., seed)`). */
  tensorSeed(): number {
    return Math.floor(this.uniform() * 2 ** 31);
  }
}
