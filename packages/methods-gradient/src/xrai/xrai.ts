import {
  type Attribution,
  type CommonExplainOptions,
  type ExplainerPlugin,
  type ModelInput,
  OptionError,
  throwIfAborted,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { baseRunner } from '../base-method.js';
import { shapeText } from '../baselines.js';
import { BATCH_SIZE_PARAM } from '../common-params.js';
import { finishAttribution, prepareInputAsync } from '../prepared-input.js';
import { requireImages } from '../require-images.js';
import { type AnyModel, runMethod } from '../run-method.js';
import { targetForPoints } from '../target-select.js';
import type { RankedRegion, XraiAlgorithm } from './rank-regions.js';
import { parseScales, XRAI_ALGORITHMS, XRAI_SEGMENTATION_PARAMS } from './xrai-params.js';

/** Options of `xrai`. */
export interface XraiOptions extends CommonExplainOptions {
  /** Registered method whose map is ranked by region (default 'integrated-gradients'). */
  baseMethod?: string;
  /** Extra options for the base method (code only). */
  baseOptions?: Record<string, unknown>;
  /** A precomputed attribution in the input's shape to rank instead of running `baseMethod` (code only). */
  baseAttribution?: tf.Tensor;
  /** Integrated-gradients steps when the base method is IG (default 100, the authors' default). */
  steps?: number;
  /** 'full' (default): greedy with overlaps; 'fast': each region scored once. */
  algorithm?: XraiAlgorithm;
  /** Share of the image the 'full' ranking covers before the rest is pooled (default 1). */
  areaThreshold?: number;
  /** Regions adding fewer new pixels are skipped (default 50). */
  minPixelDiff?: number;
  /** Felzenszwalb scales, comma-separated (default '50,100,150,250,500,1200'). */
  scales?: string;
  /** Smoothing σ before segmenting (default 0.8). */
  sigma?: number;
  /** Smallest segment in pixels of the resized image (default 150). */
  minSize?: number;
  /** Side the image is resized to for segmenting; 0 keeps its size (default 224). */
  resize?: number;
  /** Dilation radius of every segment, in input pixels (default 5). */
  dilation?: number;
}

/**
 * XRAI (Kapishnikov, Bolukbasi, Viégas & Terry 2019, "XRAI: Better Attributions Through Regions", ICCV):
 * over-segments each image with Felzenszwalb's method at several scales, dilates the segments, and ranks
 * them greedily by the mean base attribution (integrated gradients from a black and a white baseline by
 * default) of the pixels each adds. Every pixel gets its region's gain, so the map shows regions ranked by
 * importance; `meta.regions[e]` lists example e's regions (rank, gain, area) and `meta.ranks[e]` the rank
 * of each pixel (H·W, 1 = most important). The base map is reduced over channels by max, as the authors
 * do; `values` repeat the map over the input's channels.
 */
export const xraiExplainer: ExplainerPlugin<XraiOptions> = {
  id: 'xrai',
  label: 'XRAI',
  family: 'gradient',
  description:
    'Ranks image regions (Felzenszwalb segments at several scales) by how much attribution they hold, so the map shows whole regions in order of importance.',
  reference:
    'Kapishnikov, Bolukbasi, Viégas & Terry (2019), XRAI: Better Attributions Through Regions (ICCV).',
  codeOptions: ['baseOptions'],
  params: {
    baseMethod: {
      type: 'string',
      default: 'integrated-gradients',
      help: "Id of the registered method whose map is ranked by region; integrated gradients runs from a black and a white baseline (the image's min and max).",
    },
    baseAttribution: {
      type: 'tensor',
      optional: true,
      help: 'A precomputed attribution in the input’s shape to rank instead of running the base method.',
    },
    steps: {
      type: 'number',
      default: 100,
      min: 1,
      max: 4096,
      integer: true,
      help: 'Integrated-gradients steps per baseline when the base method is integrated gradients.',
      label: 'Steps',
    },
    algorithm: {
      type: 'enum',
      default: 'full',
      values: XRAI_ALGORITHMS,
      help: "'full' re-scores every region against what is already covered; 'fast' scores each region once (quicker, cruder).",
    },
    areaThreshold: {
      type: 'number',
      default: 1,
      min: 0,
      max: 1,
      step: 0.05,
      help: "Share of the image 'full' ranks region by region; the rest becomes one last region (lower is faster).",
      label: 'Area threshold',
    },
    minPixelDiff: {
      type: 'number',
      default: 50,
      min: 1,
      max: 1_000_000,
      integer: true,
      help: 'A region that would add fewer new pixels than this is skipped.',
    },
    ...XRAI_SEGMENTATION_PARAMS,
    batchSize: BATCH_SIZE_PARAM,
  },
  async explain(model, x, options, context) {
    const scales = parseScales(options.scales ?? '50,100,150,250,500,1200');
    const prep = await prepareInputAsync(model, x, options);
    const owned: tf.Tensor[] = [];
    try {
      if (model.inputs.length > 1)
        throw new OptionError('XRAI segments one image input; this model has several inputs.');
      requireImages(prep.x, 'XRAI');
      const base = await baseMap(prep.x, options, (method, o) =>
        baseRunner(method, context)(model, prep.x, {
          ...o,
          // The base method explains the same examples: a region is re-resolved there (its selector is
          // sized to the rows the method scores, e.g. two baselines' paths), classes are passed as fixed.
          target:
            prep.target.kind === 'region'
              ? options.target
              : targetForPoints(
                  prep.target,
                  Array.from({ length: prep.n }, (_, e) => e),
                ),
          batchSize: options.batchSize,
          signal: options.signal,
        }),
      );
      owned.push(base);
      // The segmentation and ranking load when XRAI first runs: apps that bundle every method do not pay
      // for them on first load.
      const [{ candidateRegions }, { rankRegions }] = await Promise.all([
        import('./region-masks.js'),
        import('./rank-regions.js'),
      ]);
      const [, h, w, c] = prep.x.shape;
      const images = (await prep.x.data()) as Float32Array;
      // The authors reduce an attribution over channels by its max.
      const reduced = tf.max(base, 3);
      owned.push(reduced);
      const maps = (await reduced.data()) as Float32Array;
      const out = new Float32Array(prep.x.size);
      const regions: RankedRegion[][] = [];
      const ranks: number[][] = [];
      for (let e = 0; e < prep.n; e++) {
        throwIfAborted(options.signal);
        const image = {
          data: images.subarray(e * h * w * c, (e + 1) * h * w * c),
          height: h,
          width: w,
          channels: c,
        };
        const candidates = candidateRegions(image, {
          scales,
          sigma: options.sigma ?? 0.8,
          minSize: options.minSize ?? 150,
          resize: options.resize ?? 224,
          dilation: options.dilation ?? 5,
        });
        const ranking = rankRegions(maps.subarray(e * h * w, (e + 1) * h * w), candidates, {
          algorithm: options.algorithm ?? 'full',
          areaThreshold: options.areaThreshold ?? 1,
          minPixelDiff: options.minPixelDiff ?? 50,
        });
        ranking.map.forEach((v, p) => {
          out.fill(v, (e * h * w + p) * c, (e * h * w + p + 1) * c);
        });
        regions.push(ranking.regions);
        ranks.push(Array.from(ranking.ranks));
        options.onProgress?.({ done: e + 1, total: prep.n, phase: 'xrai' });
      }
      return finishAttribution('xrai', prep, tf.tensor(out, prep.x.shape), {
        regions,
        ranks,
        algorithm: options.algorithm ?? 'full',
        baseMethod: options.baseAttribution ? 'custom' : (options.baseMethod ?? 'integrated-gradients'),
      });
    } finally {
      tf.dispose(owned);
      prep.dispose();
    }
  },
};

/**
 * The attribution XRAI ranks: the caller's `baseAttribution`, else the base method's map; integrated
 * gradients gets the authors' two baselines, a constant image at each example's min and one at its max.
 */
async function baseMap(
  x: tf.Tensor,
  options: XraiOptions,
  run: (method: string, options: Record<string, unknown>) => Promise<Attribution>,
): Promise<tf.Tensor> {
  const given = options.baseAttribution;
  if (given !== undefined) {
    const fits = given instanceof tf.Tensor && !given.isDisposed;
    const shape = fits && given.rank === x.rank - 1 ? [1, ...given.shape] : given.shape;
    if (!fits || shape.length !== x.rank || shape.some((d, i) => d !== x.shape[i] && !(i === 0 && d === 1)))
      throw new OptionError(
        `baseAttribution must be a live tensor of the input's shape ${shapeText(x.shape)} (or one example's); got ${fits ? shapeText(given.shape) : 'no tensor'}.`,
      );
    return tf.tidy(() => tf.broadcastTo(tf.reshape(tf.cast(given, 'float32'), shape), x.shape));
  }
  const method = options.baseMethod ?? 'integrated-gradients';
  if (method !== 'integrated-gradients') return takeValues(await run(method, { ...options.baseOptions }));
  const [lo, hi] = tf.tidy(() => {
    const flat = tf.reshape(x, [x.shape[0], -1]);
    const ones = tf.onesLike(x);
    const per = [x.shape[0], ...new Array<number>(x.rank - 1).fill(1)];
    return [tf.mul(ones, tf.reshape(tf.min(flat, 1), per)), tf.mul(ones, tf.reshape(tf.max(flat, 1), per))];
  });
  try {
    return takeValues(
      await run(method, { steps: options.steps ?? 100, baseline: [lo, hi], ...options.baseOptions }),
    );
  } finally {
    tf.dispose([lo, hi]);
  }
}

/** The values of an attribution made for XRAI (of the batched input), freeing the rest of it. */
function takeValues(a: Attribution): tf.Tensor {
  const values = tf.clone(a.values);
  a.dispose();
  return values;
}

/** XRAI; see `xraiExplainer`. */
export function xrai(model: AnyModel, x: ModelInput, options: XraiOptions = {}): Promise<Attribution> {
  return runMethod(xraiExplainer, model, x, { ...options });
}
