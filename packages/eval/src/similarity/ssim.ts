/** Scales values to [0, 1] by their min and max (all zeros when constant). */
export function minMaxNormalize(values: ArrayLike<number>): Float64Array {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]);
    hi = Math.max(hi, values[i]);
  }
  const out = new Float64Array(values.length);
  if (hi > lo) for (let i = 0; i < values.length; i++) out[i] = (values[i] - lo) / (hi - lo);
  return out;
}

/**
 * Mean structural similarity (Wang et al. 2004) of two `h`×`w` maps in [0, 1], with a uniform
 * `window`×`window` window (default 7, scikit-image's default; shrunk to fit small maps), C1 = 0.01²,
 * C2 = 0.03², sample covariances.
 */
export function ssim(a: ArrayLike<number>, b: ArrayLike<number>, h: number, w: number, window = 7): number {
  const win = Math.max(1, Math.min(window, h, w));
  const c1 = 0.01 ** 2;
  const c2 = 0.03 ** 2;
  const np = win * win;
  const cov = np > 1 ? np / (np - 1) : 1;
  let total = 0;
  let count = 0;
  for (let y = 0; y + win <= h; y++) {
    for (let x = 0; x + win <= w; x++) {
      let sa = 0;
      let sb = 0;
      let saa = 0;
      let sbb = 0;
      let sab = 0;
      for (let dy = 0; dy < win; dy++) {
        for (let dx = 0; dx < win; dx++) {
          const i = (y + dy) * w + x + dx;
          sa += a[i];
          sb += b[i];
          saa += a[i] * a[i];
          sbb += b[i] * b[i];
          sab += a[i] * b[i];
        }
      }
      const ma = sa / np;
      const mb = sb / np;
      const va = cov * (saa / np - ma * ma);
      const vb = cov * (sbb / np - mb * mb);
      const vab = cov * (sab / np - ma * mb);
      total += ((2 * ma * mb + c1) * (2 * vab + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
      count++;
    }
  }
  return total / count;
}
