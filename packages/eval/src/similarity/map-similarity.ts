import { hog } from './hog.js';
import { averageRanks, pearson } from './spearman.js';
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
 * What {@link compareMaps} derives from one map: compute it once for a map compared with many others
 * (the trained model's map in model randomization).
 */
export interface MapFeatures {
  /** Map height and width in positions (1 × elements for non-image inputs). */
  h: number;
  w: number;
  /** Average ranks of the channel-summed signed map. */
  ranks: Float64Array;
  /** Average ranks of its absolute values. */
  absRanks: Float64Array;
  /** The absolute map scaled to [0, 1]. */
  normalized: Float64Array;
  /** HOG features of `normalized`. */
  hog: Float64Array;
}

/** The features of one attribution of shape `dims` (channels summed for images `[H, W, C]`). */
export function mapFeatures(a: Float32Array, dims: readonly number[]): MapFeatures {
  const [h, w, c] = dims.length === 3 ? dims : [1, a.length, 1];
  const positions = h * w;
  const sums = new Float64Array(positions);
  for (let p = 0; p < positions; p++) {
    for (let ch = 0; ch < c; ch++) sums[p] += a[p * c + ch];
  }
  const abs = sums.map(Math.abs);
  const normalized = minMaxNormalize(abs);
  return {
    h,
    w,
    ranks: averageRanks(sums),
    absRanks: averageRanks(abs),
    normalized,
    hog: hog(normalized, h, w),
  };
}

/** {@link compareMaps} on precomputed {@link mapFeatures} of two maps of the same shape. */
export function compareFeatures(a: MapFeatures, b: MapFeatures): MapSimilarity {
  return {
    spearman: pearson(a.ranks, b.ranks),
    spearmanAbs: pearson(a.absRanks, b.absRanks),
    ssim: ssim(a.normalized, b.normalized, a.h, a.w),
    hog: pearson(a.hog, b.hog),
  };
}

/**
 * Compares two attributions of one example with shape `dims` (channels summed for images `[H, W, C]`;
 * other inputs are treated as one row).
 */
export function compareMaps(a: Float32Array, b: Float32Array, dims: readonly number[]): MapSimilarity {
  return compareFeatures(mapFeatures(a, dims), mapFeatures(b, dims));
}

/** Mean of similarities over examples. */
export function meanSimilarity(items: readonly MapSimilarity[]): MapSimilarity {
  const avg = (k: keyof MapSimilarity) => items.reduce((s, m) => s + m[k], 0) / items.length;
  return { spearman: avg('spearman'), spearmanAbs: avg('spearmanAbs'), ssim: avg('ssim'), hog: avg('hog') };
}
