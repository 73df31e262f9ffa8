import { felzenszwalb, type HostImage } from './felzenszwalb.js';

/** A region as the sorted flat indices (y·width + x) of its pixels. */
export type RegionMask = Int32Array;

/** How XRAI cuts an image into candidate regions (the paper's defaults in brackets). */
export interface SegmentationOptions {
  /** Felzenszwalb k values, one segmentation each [50, 100, 150, 250, 500, 1200]. */
  scales: readonly number[];
  /** Gaussian σ before segmenting [0.8]. */
  sigma: number;
  /** Smallest segment, in pixels of the segmented (resized) image [150]. */
  minSize: number;
  /** Side the image is resized to before segmenting, so k means the same at any size [224]; 0 keeps it. */
  resize: number;
  /** Radius in pixels (of the input) by which every segment is dilated, to take in its edges [5]. */
  dilation: number;
}

/** Rescales values linearly onto [−1, 1] (a constant image maps to −1), as the authors do before segmenting. */
export function normalizeImage(image: HostImage): HostImage {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of image.data) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  const span = hi - lo || 1;
  return { ...image, data: Float64Array.from(image.data, (v) => ((v - lo) / span) * 2 - 1) };
}

/** Bilinear resize with pixel-centre alignment (edges clamped). */
export function resizeBilinear(image: HostImage, height: number, width: number): HostImage {
  const { height: h, width: w, channels: c, data } = image;
  const out = new Float64Array(height * width * c);
  const coord = (i: number, from: number, to: number) =>
    Math.min(Math.max(((i + 0.5) * from) / to - 0.5, 0), from - 1);
  for (let y = 0; y < height; y++) {
    const sy = coord(y, h, height);
    const y0 = Math.floor(sy);
    const y1 = Math.min(y0 + 1, h - 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = coord(x, w, width);
      const x0 = Math.floor(sx);
      const x1 = Math.min(x0 + 1, w - 1);
      const fx = sx - x0;
      for (let ch = 0; ch < c; ch++) {
        const at = (yy: number, xx: number) => data[(yy * w + xx) * c + ch];
        out[(y * width + x) * c + ch] =
          (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x1)) +
          fy * ((1 - fx) * at(y1, x0) + fx * at(y1, x1));
      }
    }
  }
  return { data: out, height, width, channels: c };
}

/** Labels of a `fromH × fromW` grid read back at `height × width` by the nearest pixel centre. */
export function resizeNearest(
  labels: Int32Array,
  fromH: number,
  fromW: number,
  height: number,
  width: number,
): Int32Array {
  const out = new Int32Array(height * width);
  const near = (i: number, from: number, to: number) =>
    Math.min(from - 1, Math.max(0, Math.round(((i + 0.5) * from) / to - 0.5)));
  for (let y = 0; y < height; y++) {
    const sy = near(y, fromH, height);
    for (let x = 0; x < width; x++) out[y * width + x] = labels[sy * fromW + near(x, fromW, width)];
  }
  return out;
}

/**
 * Grows a region by a disk of `radius` pixels (binary dilation with the footprint x² + y² ≤ r², like
 * scikit-image's `disk`): each row offset dy takes a horizontal run of half-width ⌊√(r² − dy²)⌋. Works in
 * the region's bounding box grown by r.
 */
export function dilateRegion(region: RegionMask, height: number, width: number, radius: number): RegionMask {
  if (radius <= 0 || region.length === 0) return region;
  const r = Math.floor(radius);
  let top = height;
  let bottom = 0;
  let left = width;
  let right = 0;
  for (const p of region) {
    const y = Math.floor(p / width);
    const x = p % width;
    top = Math.min(top, y);
    bottom = Math.max(bottom, y);
    left = Math.min(left, x);
    right = Math.max(right, x);
  }
  const inside = new Uint8Array(height * width);
  for (const p of region) inside[p] = 1;
  const grown = new Uint8Array(height * width);
  for (let dy = -r; dy <= r; dy++) {
    const half = Math.floor(Math.sqrt(r * r - dy * dy));
    for (let y = Math.max(0, top - r); y <= Math.min(height - 1, bottom + r); y++) {
      const sy = y - dy;
      if (sy < 0 || sy >= height) continue;
      // Running count of region pixels in the row sy window [x − half, x + half].
      let count = 0;
      const x0 = Math.max(0, left - r);
      for (let x = Math.max(0, x0 - half); x < Math.min(width, x0 + half); x++)
        count += inside[sy * width + x];
      for (let x = x0; x <= Math.min(width - 1, right + r); x++) {
        if (x + half < width) count += inside[sy * width + x + half];
        if (count > 0) grown[y * width + x] = 1;
        if (x - half >= 0) count -= inside[sy * width + x - half];
      }
    }
  }
  const out: number[] = [];
  for (let p = 0; p < grown.length; p++) if (grown[p]) out.push(p);
  return Int32Array.from(out);
}

/** Every label of a segmentation as a region. */
export function regionsOf(labels: Int32Array, count: number): RegionMask[] {
  const members: number[][] = Array.from({ length: count }, () => []);
  labels.forEach((label, p) => {
    members[label].push(p);
  });
  return members.map((m) => Int32Array.from(m));
}

/**
 * XRAI's candidate regions for one image: the image scaled onto [−1, 1] and resized to `resize` (bilinear;
 * the authors use a cubic spline), segmented by Felzenszwalb at every scale, the labels read back at the
 * image's size, and every segment dilated by a disk. Returns the regions over all scales in scale order.
 */
export function candidateRegions(image: HostImage, options: SegmentationOptions): RegionMask[] {
  const { height: h, width: w } = image;
  const normal = normalizeImage(image);
  const side = options.resize;
  const segmented = side > 0 ? resizeBilinear(normal, side, side) : normal;
  const regions: RegionMask[] = [];
  for (const scale of options.scales) {
    const { labels, count } = felzenszwalb(segmented, {
      scale,
      sigma: options.sigma,
      minSize: options.minSize,
    });
    const atInput = side > 0 ? resizeNearest(labels, side, side, h, w) : labels;
    for (const region of regionsOf(atInput, count)) {
      // A segment can vanish when labels are read back at a smaller size.
      if (region.length > 0) regions.push(dilateRegion(region, h, w, options.dilation));
    }
  }
  return regions;
}
