import { hogSimilarity } from './hog.js';
import { spearman } from './spearman.js';
import { minMaxNormalize, ssim } from './ssim.js';

/** How alike two attribution maps are (Adebayo et al. 2018, "Sanity checks for saliency maps"). */
export interface MapSimilarity {
  /** Spearman rank correlation of the signed maps. */
  spearman: number;
  /** Spearman rank correlation of the absolute maps. */
  spearmanAbs: number;
  /** SSIM of the absolute maps, each scaled to [0, 1]. */
  ssim: number;
  /** Pearson correlation of the HOG features of the absolute maps. */
  hog: number;
}

/**
 * Compares two attributions of one example with shape `dims` (channels summed for images `[H, W, C]`;
 * other inputs are treated as one row).
 */
export function compareMaps(a: Float32Array, b: Float32Array, dims: readonly number[]): MapSimilarity {
  const [h, w, c] = dims.length === 3 ? dims : [1, a.length, 1];
  const positions = h * w;
  const sa = new Float64Array(positions);
  const sb = new Float64Array(positions);
  for (let p = 0; p < positions; p++) {
    for (let ch = 0; ch < c; ch++) {
      sa[p] += a[p * c + ch];
      sb[p] += b[p * c + ch];
    }
  }
  const absA = sa.map(Math.abs);
  const absB = sb.map(Math.abs);
  const na = minMaxNormalize(absA);
  const nb = minMaxNormalize(absB);
  return {
    spearman: spearman(sa, sb),
    spearmanAbs: spearman(absA, absB),
    ssim: ssim(na, nb, h, w),
    hog: hogSimilarity(na, nb, h, w),
  };
}

/** Mean of similarities over examples. */
export function meanSimilarity(items: readonly MapSimilarity[]): MapSimilarity {
  const avg = (k: keyof MapSimilarity) => items.reduce((s, m) => s + m[k], 0) / items.length;
  return { spearman: avg('spearman'), spearmanAbs: avg('spearmanAbs'), ssim: avg('ssim'), hog: avg('hog') };
}
