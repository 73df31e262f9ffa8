import { slicFeatures } from './color.js';
import { enforceConnectivity } from './connectivity.js';

/** Options of {@link slic}. */
export interface SlicOptions {
  /** Approximate number of superpixels (default 50). */
  segments?: number;
  /** Weight of spatial against colour distance, m in the paper (default 10; higher = squarer segments). */
  compactness?: number;
  /** k-means iterations (default 10, the paper's). */
  iterations?: number;
}

interface Centre {
  y: number;
  x: number;
  colour: Float64Array;
}

function gradientAt(f: Float64Array, h: number, w: number, c: number, y: number, x: number): number {
  const at = (yy: number, xx: number, k: number) =>
    f[(Math.min(h - 1, Math.max(0, yy)) * w + Math.min(w - 1, Math.max(0, xx))) * c + k];
  let g = 0;
  for (let k = 0; k < c; k++)
    g += (at(y, x + 1, k) - at(y, x - 1, k)) ** 2 + (at(y + 1, x, k) - at(y - 1, x, k)) ** 2;
  return g;
}

/** Grid seeds, each moved to the lowest colour gradient of its 3×3 neighbourhood (off edges). */
function seedCentres(f: Float64Array, h: number, w: number, c: number, segments: number): Centre[] {
  const step = Math.sqrt((h * w) / segments);
  const rows = Math.max(1, Math.round(h / step));
  const cols = Math.max(1, Math.round(w / step));
  const centres: Centre[] = [];
  for (let r = 0; r < rows; r++) {
    for (let q = 0; q < cols; q++) {
      let y = Math.floor(((r + 0.5) * h) / rows);
      let x = Math.floor(((q + 0.5) * w) / cols);
      let best = gradientAt(f, h, w, c, y, x);
      const [y0, x0] = [y, x];
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y0 + dy;
          const xx = x0 + dx;
          if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
          const g = gradientAt(f, h, w, c, yy, xx);
          if (g < best) [best, y, x] = [g, yy, xx];
        }
      }
      centres.push({ y, x, colour: f.slice((y * w + x) * c, (y * w + x + 1) * c) });
    }
  }
  return centres;
}

/**
 * SLIC superpixels (Achanta et al. 2012, "SLIC Superpixels Compared to State-of-the-Art Superpixel
 * Methods"): k-means on colour (CIELAB for RGB) and position, each centre searching a 2S×2S window, with
 * distance d_colour² + (d_space/S)²·m², then connectivity enforced. `image` is one HWC image, row-major.
 * Returns a label per pixel, 0..K−1 (K near `segments`), each label one 4-connected region.
 */
export function slic(
  image: ArrayLike<number>,
  height: number,
  width: number,
  channels: number,
  options: SlicOptions = {},
): Int32Array {
  const pixels = height * width;
  const segments = Math.max(1, Math.min(pixels, Math.round(options.segments ?? 50)));
  const m = options.compactness ?? 10;
  const iterations = options.iterations ?? 10;
  const f = slicFeatures(image, pixels, channels);
  const centres = seedCentres(f, height, width, channels, segments);
  const step = Math.sqrt(pixels / centres.length);
  const spatialWeight = (m * m) / (step * step);
  const labels = new Int32Array(pixels).fill(-1);
  const best = new Float64Array(pixels);
  for (let it = 0; it < iterations; it++) {
    best.fill(Number.POSITIVE_INFINITY);
    centres.forEach((ctr, k) => {
      const y0 = Math.max(0, Math.floor(ctr.y - step));
      const y1 = Math.min(height - 1, Math.ceil(ctr.y + step));
      const x0 = Math.max(0, Math.floor(ctr.x - step));
      const x1 = Math.min(width - 1, Math.ceil(ctr.x + step));
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          const p = y * width + x;
          let d = spatialWeight * ((y - ctr.y) ** 2 + (x - ctr.x) ** 2);
          for (let ch = 0; ch < channels; ch++) d += (f[p * channels + ch] - ctr.colour[ch]) ** 2;
          if (d < best[p]) {
            best[p] = d;
            labels[p] = k;
          }
        }
      }
    });
    const sums = centres.map(() => ({ y: 0, x: 0, n: 0, colour: new Float64Array(channels) }));
    for (let p = 0; p < pixels; p++) {
      const s = sums[labels[p]];
      if (!s) continue;
      s.y += Math.floor(p / width);
      s.x += p % width;
      s.n += 1;
      for (let ch = 0; ch < channels; ch++) s.colour[ch] += f[p * channels + ch];
    }
    sums.forEach((s, k) => {
      if (s.n === 0) return;
      centres[k] = { y: s.y / s.n, x: s.x / s.n, colour: s.colour.map((v) => v / s.n) };
    });
  }
  // A pixel no window reached (possible only on odd shapes) joins its raster-order predecessor.
  for (let p = 0; p < pixels; p++) if (labels[p] < 0) labels[p] = p > 0 ? labels[p - 1] : 0;
  return enforceConnectivity(labels, height, width, Math.floor(pixels / centres.length / 4));
}
