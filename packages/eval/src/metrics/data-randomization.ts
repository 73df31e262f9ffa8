import {
  type ExplainableModel,
  InputShapeError,
  normalizeInputAsync,
  OptionError,
  type OptionNames,
  type RunControl,
  rejectUnknownOptions,
  SeededRandom,
  type Target,
  wrapModel,
} from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';
import { attributionData, type ExplainFunction, fixedTarget } from '../attribution-source.js';
import { METRIC_COMMON_OPTION_NAMES } from '../option-names.js';
import { compareMaps, type MapSimilarity, meanSimilarity } from '../similarity/map-similarity.js';
import { accuracy } from '../training/accuracy.js';
import { type LabeledSet, mnistCnnTrainer, type Trainer } from '../training/trainer.js';

/** Options of {@link dataRandomization}. */
export interface DataRandomizationOptions extends RunControl {
  /** The training data both models are trained on (one with its labels permuted). */
  train: LabeledSet;
  /** Trains each model (default {@link mnistCnnTrainer}). */
  trainer?: Trainer;
  numClasses?: number;
  /** Target for both explanations (default: the true-label model's prediction). */
  target?: Target;
  seed?: number;
  methodOptions?: Record<string, unknown>;
}

const DATA_RANDOMIZATION_OPTION_NAMES: OptionNames<DataRandomizationOptions> = {
  ...METRIC_COMMON_OPTION_NAMES,
  train: true,
  trainer: true,
  numClasses: true,
};

/** Similarity between the two models' maps, plus their training accuracies. */
export interface DataRandomizationResult extends MapSimilarity {
  /** Training-set accuracy of the model trained on true labels. */
  trueLabelAccuracy: number;
  /** Training-set accuracy (against the permuted labels) of the model trained on permuted labels. */
  randomLabelAccuracy: number;
}

/**
 * Data randomization test (Adebayo et al. 2018): trains one model on the true labels and one on
 * randomly permuted labels with the same trainer and seed, explains `x` with both, and compares the maps
 * (Spearman signed and absolute, SSIM, HOG). Maps that stay alike cannot reflect the data–label relation.
 * `model` gives the input contract (shape, range) for both retrained models.
 */
export async function dataRandomization(
  model: ExplainableModel,
  x: tf.Tensor,
  method: string | ExplainFunction,
  options: DataRandomizationOptions,
): Promise<DataRandomizationResult> {
  rejectUnknownOptions('data-randomization', options ?? {}, Object.keys(DATA_RANDOMIZATION_OPTION_NAMES));
  const train = options?.train;
  if (!train?.x || !train.labels)
    throw new OptionError('dataRandomization needs options.train = { x, labels }.');
  if (train.labels.length === 0)
    throw new InputShapeError('options.train is empty; data randomization needs labelled examples.');
  if (typeof method !== 'string' && typeof method !== 'function')
    throw new OptionError(
      'dataRandomization re-explains retrained models, so it needs a method id or an explain function.',
    );
  const input = await normalizeInputAsync(x, model.inputShape);
  const xb = input.batched;
  try {
    const trainer = options.trainer ?? mnistCnnTrainer();
    const seed = options.seed ?? 0;
    const numClasses = options.numClasses ?? Math.max(...train.labels) + 1;
    const order = new SeededRandom(seed + 7).permutation(train.labels.length);
    const shuffled: LabeledSet = { x: train.x, labels: order.map((i) => train.labels[i]) };
    const control = { seed, numClasses, signal: options.signal };
    const trueModel = await trainer(train, control);
    const randomModel = await trainer(shuffled, control).catch((err) => {
      trueModel.dispose();
      throw err;
    });
    const wrappedTrue = wrapModel(trueModel, { inputRange: model.inputRange ?? undefined });
    const wrappedRandom = wrapModel(randomModel, { inputRange: model.inputRange ?? undefined });
    try {
      const target = await wrappedTrue.resolveTargetAsync(xb, options.target);
      const call = {
        target: fixedTarget(target, options.target),
        seed,
        signal: options.signal,
        methodOptions: options.methodOptions,
      };
      const da = await attributionData(wrappedTrue, xb, method, call);
      const db = await attributionData(wrappedRandom, xb, method, call);
      const n = xb.shape[0];
      const size = xb.size / n;
      const dims = xb.shape.slice(1);
      const sims = Array.from({ length: n }, (_, e) =>
        compareMaps(da.subarray(e * size, (e + 1) * size), db.subarray(e * size, (e + 1) * size), dims),
      );
      const accuracyControl = { signal: options.signal };
      return {
        ...meanSimilarity(sims),
        trueLabelAccuracy: await accuracy(trueModel, train, 128, accuracyControl),
        randomLabelAccuracy: await accuracy(randomModel, shuffled, 128, accuracyControl),
      };
    } finally {
      wrappedTrue.dispose();
      wrappedRandom.dispose();
      trueModel.dispose();
      randomModel.dispose();
    }
  } finally {
    if (!input.hadBatch) xb.dispose();
  }
}
