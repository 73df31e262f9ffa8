import type { EvaluatorPlugin } from '../evaluator.js';
import { listEvaluators, registerEvaluator } from '../evaluator-registry.js';
import { deletionEvaluator, insertionEvaluator, pixelFlippingEvaluator } from './curve-plugins.js';
import {
  pointingGameEvaluator,
  relevanceMassEvaluator,
  relevanceRankEvaluator,
  sparsenessEvaluator,
} from './localization-plugins.js';
import { karEvaluator, roarEvaluator } from './retraining-plugins.js';
import { infidelityEvaluator, maxSensitivityEvaluator } from './robustness-plugins.js';
import { dataRandomizationEvaluator, modelRandomizationEvaluator } from './sanity-plugins.js';

export {
  dataRandomizationEvaluator,
  deletionEvaluator,
  infidelityEvaluator,
  insertionEvaluator,
  karEvaluator,
  maxSensitivityEvaluator,
  modelRandomizationEvaluator,
  pixelFlippingEvaluator,
  pointingGameEvaluator,
  relevanceMassEvaluator,
  relevanceRankEvaluator,
  roarEvaluator,
  sparsenessEvaluator,
};

/** Every metric of this package as an evaluator plugin, in the order `registerEvalMetrics` registers them. */
export const evalMetrics: readonly EvaluatorPlugin[] = [
  deletionEvaluator,
  insertionEvaluator,
  pixelFlippingEvaluator,
  infidelityEvaluator,
  maxSensitivityEvaluator,
  modelRandomizationEvaluator,
  dataRandomizationEvaluator,
  roarEvaluator,
  karEvaluator,
  pointingGameEvaluator,
  relevanceMassEvaluator,
  relevanceRankEvaluator,
  sparsenessEvaluator,
];

/** Registers every metric of this package; ones already registered are skipped, so calling twice is harmless. */
export function registerEvalMetrics(): void {
  const known = new Set(listEvaluators().map((e) => e.id));
  for (const plugin of evalMetrics) if (!known.has(plugin.id)) registerEvaluator(plugin);
}
