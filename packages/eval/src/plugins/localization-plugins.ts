import type { EvaluatorPlugin } from '../evaluator.js';
import { pointingGame, relevanceMass, relevanceRank, sparseness } from '../metrics/localization.js';

// evaluate() checks `requires: ['masks']`; called directly, the metrics reject a missing mask themselves.

/** Pointing game as a plugin; value: hit rate (higher is better). */
export const pointingGameEvaluator: EvaluatorPlugin = {
  id: 'pointing-game',
  label: 'Pointing game',
  description: 'Whether the most relevant position lies on the ground-truth region.',
  reference: 'Zhang et al. 2018, Top-down neural attention by excitation backprop',
  params: {
    tolerance: {
      type: 'number',
      default: 0,
      min: 0,
      help: 'Hits within this many pixels of the mask count.',
    },
  },
  better: 'higher',
  needs: 'attribution',
  requires: ['masks'],
  async evaluate(model, data, source, options) {
    const r = await pointingGame(model, data.x, source, {
      ...options,
      mask: data.masks!,
      tolerance: options.tolerance as number,
    });
    return { value: r.value, details: r };
  },
};

/** Relevance mass accuracy as a plugin (higher is better). */
export const relevanceMassEvaluator: EvaluatorPlugin = {
  id: 'relevance-mass',
  label: 'Relevance mass accuracy',
  description: 'Share of positive relevance inside the ground-truth region.',
  reference:
    'Arras et al. 2022, CLEVR-XAI: A benchmark dataset for the ground truth evaluation of neural network explanations',
  params: {},
  better: 'higher',
  needs: 'attribution',
  requires: ['masks'],
  async evaluate(model, data, source, options) {
    const r = await relevanceMass(model, data.x, source, { ...options, mask: data.masks! });
    return { value: r.value, details: r };
  },
};

/** Relevance rank accuracy as a plugin (higher is better). */
export const relevanceRankEvaluator: EvaluatorPlugin = {
  id: 'relevance-rank',
  label: 'Relevance rank accuracy',
  description: 'Share of the K most relevant positions inside the ground-truth region of size K.',
  reference:
    'Arras et al. 2022, CLEVR-XAI: A benchmark dataset for the ground truth evaluation of neural network explanations',
  params: {},
  better: 'higher',
  needs: 'attribution',
  requires: ['masks'],
  async evaluate(model, data, source, options) {
    const r = await relevanceRank(model, data.x, source, { ...options, mask: data.masks! });
    return { value: r.value, details: r };
  },
};

/** Gini sparseness as a plugin (higher is more concentrated). */
export const sparsenessEvaluator: EvaluatorPlugin = {
  id: 'sparseness',
  label: 'Sparseness (Gini)',
  description: 'Gini index of the absolute attribution: how concentrated the map is.',
  reference: 'Chalasani et al. 2020, Concise explanations of neural networks using adversarial training',
  params: {},
  better: 'higher',
  needs: 'attribution',
  async evaluate(model, data, source, options) {
    const r = await sparseness(model, data.x, source, options);
    return { value: r.value, details: r };
  },
};
