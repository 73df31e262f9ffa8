import { OptionError, SeededRandom } from '@loupe/core';
import { UMAP } from 'umap-js';
import { loadRows } from './embed.js';
import { checkCount } from './labels.js';
import { checkOptionNames } from './option-names.js';
import { pca } from './pca.js';
import { tsne } from './tsne.js';
import type { EmbedOptions, MatrixInput } from './types.js';

/** Largest n exact t-SNE accepts: it keeps several n×n float64 matrices (≈ 400 MB at 5,000). */
export const TSNE_MAX_ROWS = 5000;

/** Options of `project`. */
export interface ProjectOptions {
  /** `'pca'` (default; linear, exact), `'umap'` (umap-js), `'tsne'` (exact t-SNE). */
  method?: 'pca' | 'umap' | 'tsne';
  /** Output dimensions. Default 2. */
  dims?: number;
  /** Seed of every random choice, so a projection is reproducible. Default 0. */
  seed?: number;
  /** UMAP neighbours (default min(15, n−1)) and t-SNE perplexity (default min(30, (n−1)/3)). */
  neighbors?: number;
  /** t-SNE / UMAP optimisation steps. Default 1000 for t-SNE, umap-js's own choice for UMAP. */
  iterations?: number;
  /** Embed the data with a model layer first. */
  embed?: EmbedOptions;
}

/** Low-dimensional coordinates for display, one point per row. */
export interface Projection {
  method: 'pca' | 'umap' | 'tsne';
  /** n points of `dims` coordinates each. */
  points: number[][];
  /** PCA only: variance along each axis, descending. */
  variance?: number[];
  /** PCA only: each axis as its d feature loadings (unit length; the largest-magnitude loading positive). */
  axes?: number[][];
}

/**
 * Projects rows (or their embeddings) to a few dimensions for plotting prototypes among the data.
 * PCA is exact, in float64 (see `pca.ts`); UMAP (McInnes et al. 2018) uses umap-js with a seeded random
 * source; t-SNE is exact and limited to `TSNE_MAX_ROWS` rows.
 */
export async function project(data: MatrixInput, options: ProjectOptions = {}): Promise<Projection> {
  checkOptionNames('project', options);
  const method = options.method ?? 'pca';
  if (method !== 'pca' && method !== 'umap' && method !== 'tsne')
    throw new OptionError(`method must be 'pca', 'umap' or 'tsne'; got ${String(method)}.`);
  const dims = checkCount(options.dims ?? 2, 'dims', 1);
  const seed = options.seed ?? 0;
  const rows = await loadRows(data, options.embed);
  if (dims > rows.d) throw new OptionError(`dims (${dims}) exceeds the ${rows.d} features of the data.`);
  if (method !== 'pca' && rows.n < 3)
    throw new OptionError(`${method} needs at least 3 rows; got ${rows.n}. Use method 'pca'.`);
  const toPoints = (flat: ArrayLike<number>) =>
    Array.from({ length: rows.n }, (_, i) => Array.from({ length: dims }, (_, c) => flat[i * dims + c]));
  if (method === 'pca') {
    const result = await pca(rows, dims, seed);
    const axes = Array.from({ length: dims }, (_, c) =>
      Array.from({ length: rows.d }, (_, f) => result.axes[f * dims + c]),
    );
    return { method, points: toPoints(result.coordinates), variance: Array.from(result.variance), axes };
  }
  if (method === 'tsne') {
    if (rows.n > TSNE_MAX_ROWS)
      throw new OptionError(
        `Exact t-SNE is limited to ${TSNE_MAX_ROWS} rows (got ${rows.n}); use method 'umap' or subsample.`,
      );
    const perplexity = options.neighbors ?? Math.min(30, (rows.n - 1) / 3);
    if (!(perplexity > 0 && perplexity < rows.n))
      throw new OptionError(`neighbors (the t-SNE perplexity) must be in (0, ${rows.n}); got ${perplexity}.`);
    const iterations = checkCount(options.iterations ?? 1000, 'iterations', 1);
    return {
      method,
      points: toPoints(
        tsne(rows, { dims, perplexity, iterations, learningRate: Math.max(rows.n / 48, 50), seed }),
      ),
    };
  }
  const nNeighbors = checkCount(options.neighbors ?? Math.min(15, rows.n - 1), 'neighbors', 2);
  const random = new SeededRandom(seed);
  const umap = new UMAP({
    nComponents: dims,
    nNeighbors,
    random: () => random.uniform(),
    ...(options.iterations ? { nEpochs: options.iterations } : {}),
  });
  const points = umap.fit(toPoints2d(rows.values, rows.n, rows.d));
  return { method, points };
}

function toPoints2d(values: Float64Array, n: number, d: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from(values.subarray(i * d, (i + 1) * d)));
}
