import type { RegionMask } from './region-masks.js';
import type { XraiAlgorithm } from './xrai-params.js';

export { XRAI_ALGORITHMS, type XraiAlgorithm } from './xrai-params.js';

/** Options of `rankRegions` (the paper's defaults in brackets). */
export interface RankOptions {
  algorithm: XraiAlgorithm;
  /** Stop adding regions once this share of the image is covered ('full' only) [1]. */
  areaThreshold: number;
  /** Skip a region that adds fewer new pixels than this [50]. */
  minPixelDiff: number;
}

/** One ranked region: the pixels it added, and their mean attribution (its gain). */
export interface RankedRegion {
  /** 1 = most important. */
  rank: number;
  gain: number;
  /** Pixels the region added (those not covered by better regions). */
  area: number;
}

/** XRAI's output for one image. */
export interface RegionRanking {
  /** Per pixel: the gain of the region that added it (uncovered pixels: their own mean). */
  map: Float32Array;
  /** Per pixel: the rank of that region, 1 first; the uncovered rest (if any) ranks last. */
  ranks: Int32Array;
  regions: RankedRegion[];
}

/** Mean attribution over the region's pixels not yet covered; −∞ when it adds none. */
function gainOf(
  region: RegionMask,
  attribution: Float32Array,
  covered: Uint8Array,
): { gain: number; added: number } {
  let sum = 0;
  let added = 0;
  for (const p of region) {
    if (covered[p]) continue;
    sum += attribution[p];
    added++;
  }
  return { gain: added ? sum / added : Number.NEGATIVE_INFINITY, added };
}

/**
 * XRAI's region ranking (Kapishnikov, Bolukbasi, Viégas & Terry 2019, "XRAI: Better Attributions Through
 * Regions", ICCV), over a per-pixel attribution `[height·width]`. 'full': repeatedly add the region whose
 * uncovered pixels have the highest mean attribution, dropping regions that would add fewer than
 * `minPixelDiff` pixels, until `areaThreshold` of the image is covered or no region is left. 'fast': sort
 * regions once by their own mean and add them in that order. Each added region's new pixels get its gain;
 * pixels no region covered get their own mean, so the map keeps the ranking the authors publish.
 */
export function rankRegions(
  attribution: Float32Array,
  regions: readonly RegionMask[],
  options: RankOptions,
): RegionRanking {
  const pixels = attribution.length;
  const covered = new Uint8Array(pixels);
  let coveredCount = 0;
  const trace: { pixels: number[]; gain: number }[] = [];
  const cover = (region: RegionMask, gain: number) => {
    const fresh: number[] = [];
    for (const p of region) {
      if (covered[p]) continue;
      covered[p] = 1;
      fresh.push(p);
    }
    coveredCount += fresh.length;
    trace.push({ pixels: fresh, gain });
  };
  if (options.algorithm === 'full') {
    const remaining = new Set(regions.keys());
    while (coveredCount / pixels <= options.areaThreshold) {
      let best = -1;
      let bestGain = Number.NEGATIVE_INFINITY;
      for (const i of remaining) {
        const { gain, added } = gainOf(regions[i], attribution, covered);
        if (added < options.minPixelDiff) {
          remaining.delete(i);
          continue;
        }
        if (gain > bestGain) {
          bestGain = gain;
          best = i;
        }
      }
      if (remaining.size === 0 || best < 0) break;
      remaining.delete(best);
      cover(regions[best], bestGain);
    }
  } else {
    const empty = new Uint8Array(pixels);
    const own = regions.map((r) => gainOf(r, attribution, empty).gain);
    // A stable sort by falling gain: ties keep the regions' order, as the authors' sort does.
    const order = Array.from(regions.keys()).sort((a, b) =>
      own[b] > own[a] ? 1 : own[b] < own[a] ? -1 : a - b,
    );
    for (const i of order) {
      const { gain, added } = gainOf(regions[i], attribution, covered);
      if (added < options.minPixelDiff) continue;
      cover(regions[i], gain);
    }
  }
  const map = new Float32Array(pixels);
  const ranks = new Int32Array(pixels);
  // Regions rank by gain, best first (the greedy order can differ: a later region may score higher).
  const ranked = trace.map((t, i) => ({ ...t, i })).sort((a, b) => b.gain - a.gain || a.i - b.i);
  ranked.forEach((t, k) => {
    for (const p of t.pixels) {
      map[p] = t.gain;
      ranks[p] = k + 1;
    }
  });
  const regionsOut: RankedRegion[] = ranked.map((t, k) => ({
    rank: k + 1,
    gain: t.gain,
    area: t.pixels.length,
  }));
  const rest: number[] = [];
  for (let p = 0; p < pixels; p++) if (!covered[p]) rest.push(p);
  if (rest.length) {
    const gain = rest.reduce((s, p) => s + attribution[p], 0) / rest.length;
    for (const p of rest) {
      map[p] = gain;
      ranks[p] = ranked.length + 1;
    }
    regionsOut.push({ rank: ranked.length + 1, gain, area: rest.length });
  }
  return { map, ranks, regions: regionsOut };
}
