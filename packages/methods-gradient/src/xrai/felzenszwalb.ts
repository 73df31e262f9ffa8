import { gaussianBlurMatrix, OptionError } from '@loupe/core';

/** An image on the host: `height × width × channels` values, row-major, channels last. */
export interface HostImage {
  data: Float64Array | Float32Array;
  height: number;
  width: number;
  channels: number;
}

/** Options of `felzenszwalb`, named as in the paper and scikit-image. */
export interface FelzenszwalbOptions {
  /** k: larger gives larger segments (scikit-image's `scale`; compared against costs as k/255 per pixel). */
  scale: number;
  /** σ in pixels of the Gaussian smoothing before the graph is built (default 0.8). */
  sigma?: number;
  /** Segments smaller than this many pixels are merged into a neighbour afterwards (default 20). */
  minSize?: number;
}

/** Row i of a dense `n × n` blur matrix as its non-zero (column, weight) pairs. */
function sparseRows(matrix: Float32Array, n: number): { columns: Int32Array; weights: Float64Array }[] {
  return Array.from({ length: n }, (_, i) => {
    const columns: number[] = [];
    const weights: number[] = [];
    for (let j = 0; j < n; j++) {
      const w = matrix[i * n + j];
      if (w === 0) continue;
      columns.push(j);
      weights.push(w);
    }
    return { columns: Int32Array.from(columns), weights: Float64Array.from(weights) };
  });
}

/**
 * Gaussian smoothing of each channel along rows then columns, with core's blur (`gaussianBlurMatrix`:
 * truncated at 4σ, edges reflected, scipy's `gaussian_filter` rule), applied on the host through the
 * matrices' few non-zero entries per row.
 */
export function smoothImage(image: HostImage, sigma: number): Float64Array {
  const { height: h, width: w, channels: c } = image;
  if (sigma <= 0) return Float64Array.from(image.data);
  const rows = sparseRows(gaussianBlurMatrix(h, sigma), h);
  const cols = sparseRows(gaussianBlurMatrix(w, sigma), w);
  const pass = (src: ArrayLike<number>, alongRows: boolean): Float64Array => {
    const out = new Float64Array(h * w * c);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const { columns, weights } = alongRows ? rows[y] : cols[x];
        for (let ch = 0; ch < c; ch++) {
          let acc = 0;
          for (let t = 0; t < columns.length; t++) {
            const at = alongRows ? columns[t] * w + x : y * w + columns[t];
            acc += weights[t] * src[at * c + ch];
          }
          out[(y * w + x) * c + ch] = acc;
        }
      }
    return out;
  };
  return pass(pass(image.data, true), false);
}

/** Union–find over pixels where a root is the smallest index of its set (scikit-image's convention). */
function findRoot(forest: Int32Array, n: number): number {
  let root = n;
  while (forest[root] < root) root = forest[root];
  while (forest[n] < n) {
    const next = forest[n];
    forest[n] = root;
    n = next;
  }
  return root;
}

function join(forest: Int32Array, a: number, b: number): number {
  const ra = findRoot(forest, a);
  const rb = findRoot(forest, b);
  if (ra > rb) forest[ra] = rb;
  else forest[rb] = ra;
  return Math.min(ra, rb);
}

/**
 * Felzenszwalb & Huttenlocher's graph-based segmentation (2004, "Efficient Graph-Based Image
 * Segmentation", IJCV), as scikit-image computes it: smooth each channel by σ (core's Gaussian); weight the 8-connected grid
 * edges by the Euclidean colour distance; visit edges by increasing weight and merge two segments when the
 * weight is below both of their internal differences plus k/|segment|; then merge segments smaller than
 * `minSize` along the same edge order. Returns a label per pixel (`height × width`), 0…count−1, numbered in
 * order of each segment's first pixel.
 */
export function felzenszwalb(
  image: HostImage,
  options: FelzenszwalbOptions,
): { labels: Int32Array; count: number } {
  const { height: h, width: w, channels: c } = image;
  const sigma = options.sigma ?? 0.8;
  const minSize = options.minSize ?? 20;
  if (!(options.scale > 0) || !(sigma >= 0) || !Number.isInteger(minSize) || minSize < 0)
    throw new OptionError(
      `Felzenszwalb segmentation needs scale > 0, sigma ≥ 0 and a whole minSize ≥ 0; got scale ${options.scale}, sigma ${sigma}, minSize ${minSize}.`,
    );
  const smooth = smoothImage(image, sigma);
  const pixels = h * w;
  const edges = (w - 1) * h + (h - 1) * w + 2 * (h - 1) * (w - 1);
  const from = new Int32Array(edges);
  const to = new Int32Array(edges);
  const cost = new Float64Array(edges);
  let e = 0;
  const add = (a: number, b: number) => {
    let s = 0;
    for (let ch = 0; ch < c; ch++) {
      const d = smooth[a * c + ch] - smooth[b * c + ch];
      s += d * d;
    }
    from[e] = a;
    to[e] = b;
    cost[e++] = Math.sqrt(s);
  };
  // Edges in scikit-image's order (right, down, down-right, up-right), so equal weights tie the same way.
  for (let y = 0; y < h; y++) for (let x = 1; x < w; x++) add(y * w + x, y * w + x - 1);
  for (let y = 1; y < h; y++) for (let x = 0; x < w; x++) add(y * w + x, (y - 1) * w + x);
  for (let y = 1; y < h; y++) for (let x = 1; x < w; x++) add(y * w + x, (y - 1) * w + x - 1);
  for (let y = 0; y < h - 1; y++) for (let x = 1; x < w; x++) add(y * w + x, (y + 1) * w + x - 1);
  const order = Uint32Array.from({ length: edges }, (_, i) => i).sort((a, b) => cost[a] - cost[b] || a - b);
  const forest = Int32Array.from({ length: pixels }, (_, i) => i);
  const size = new Int32Array(pixels).fill(1);
  const internal = new Float64Array(pixels);
  const k = options.scale / 255;
  for (const e of order) {
    const a = findRoot(forest, from[e]);
    const b = findRoot(forest, to[e]);
    if (a === b) continue;
    // scikit-image holds these thresholds in single precision.
    const limit = Math.min(Math.fround(internal[a] + k / size[a]), Math.fround(internal[b] + k / size[b]));
    if (cost[e] < limit) {
      const root = join(forest, a, b);
      size[root] = size[a] + size[b];
      internal[root] = cost[e];
    }
  }
  for (const e of order) {
    const a = findRoot(forest, from[e]);
    const b = findRoot(forest, to[e]);
    if (a === b || (size[a] >= minSize && size[b] >= minSize)) continue;
    const root = join(forest, a, b);
    size[root] = size[a] + size[b];
  }
  const labels = new Int32Array(pixels);
  const ids = new Map<number, number>();
  // Roots are the smallest pixel index of their segment, so numbering roots in pixel order numbers
  // segments by their first pixel (numpy's `unique(..., return_inverse=True)` over the roots).
  for (let p = 0; p < pixels; p++) {
    const root = findRoot(forest, p);
    let id = ids.get(root);
    if (id === undefined) {
      id = ids.size;
      ids.set(root, id);
    }
    labels[p] = id;
  }
  return { labels, count: ids.size };
}
