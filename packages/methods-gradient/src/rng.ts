/**
 * A small seeded pseudo-random generator (mulberry32: a 32-bit state advanced by a Weyl increment and
 * mixed by multiply-xorshift). Every sampling method draws from it in a fixed order, point by point, so
 * the same seed gives the same result whatever `batchSize` is and on every backend.
 */
export class SeededRandom {
  private state: number;
  private spare: number | null = null;

  /** `seed`: any number; its low 32 bits seed the stream. */
  constructor(seed = 0) {
    this.state = seed >>> 0;
  }

  /** A uniform number in [0, 1). */
  uniform(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
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

  /** A uniform integer in [0, n). */
  integer(n: number): number {
    return Math.min(n - 1, Math.floor(this.uniform() * n));
  }

  /** `count` normal values with standard deviation `std` (mean 0). */
  normals(count: number, std: number): Float32Array {
    const out = new Float32Array(count);
    if (std === 0) return out;
    for (let i = 0; i < count; i++) out[i] = std * this.normal();
    return out;
  }

  /** `count` uniform values in [lo, hi). */
  uniforms(count: number, lo: number, hi: number): Float32Array {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = lo + (hi - lo) * this.uniform();
    return out;
  }
}
