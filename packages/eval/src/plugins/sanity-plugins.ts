import { OptionError } from '@loupe/core';
import { type ExplainFunction, isMethod } from '../attribution-source.js';
import type { EvaluatorPlugin } from '../evaluator.js';
import { dataRandomization } from '../metrics/data-randomization.js';
import { type ModelRandomizationOptions, modelRandomization } from '../metrics/model-randomization.js';

/** Cascading (or independent) model randomization; value: |Spearman| after the last step (lower is better). */
export const modelRandomizationEvaluator: EvaluatorPlugin = {
  id: 'model-randomization',
  label: 'Model randomization (|Spearman|)',
  description: 'Re-draw layer weights from the top down and compare each new map with the original.',
  reference: 'Adebayo et al. 2018, Sanity checks for saliency maps',
  params: {
    mode: {
      type: 'enum',
      default: 'cascading',
      values: ['cascading', 'independent'],
      help: 'Keep earlier randomizations, or one layer at a time.',
    },
    initializers: {
      type: 'enum',
      default: 'he-normal',
      values: ['he-normal', 'layer'],
      help: 'Seeded He-normal kernels, or each layer’s own initializers.',
    },
  },
  codeOptions: ['layers'],
  better: 'lower',
  needs: 'method',
  async evaluate(model, data, source, options) {
    // modelRandomization itself rejects a finished attribution with an OptionError.
    const result = await modelRandomization(
      model,
      data.x,
      source as string | ExplainFunction,
      options as ModelRandomizationOptions,
    );
    const last = result.steps[result.steps.length - 1];
    const value =
      result.mode === 'cascading'
        ? last.spearmanAbs
        : result.steps.reduce((s, r) => s + r.spearmanAbs, 0) / result.steps.length;
    return { value, details: result };
  },
};

/** Data randomization; value: |Spearman| between true-label and random-label maps (lower is better). */
export const dataRandomizationEvaluator: EvaluatorPlugin = {
  id: 'data-randomization',
  label: 'Data randomization (|Spearman|)',
  description: 'Retrain on permuted labels with the same trainer and compare the maps.',
  reference: 'Adebayo et al. 2018, Sanity checks for saliency maps',
  params: {},
  codeOptions: ['trainer', 'numClasses'],
  better: 'lower',
  needs: 'method',
  requires: ['train'],
  async evaluate(model, data, source, options) {
    // Checked here, not left to the metric: it validates the train set first, so a finished attribution
    // with an empty train set would surface as an InputShapeError rather than this OptionError.
    if (!isMethod(source))
      throw new OptionError('data-randomization needs a method, not a finished attribution.');
    // evaluate() checks `requires`; called directly, dataRandomization rejects a missing train set itself.
    const result = await dataRandomization(model, data.x, source, { ...options, train: data.train! });
    return { value: result.spearmanAbs, details: result };
  },
};
