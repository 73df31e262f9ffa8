import type { EvaluatorOptions, EvaluatorPlugin } from '../evaluator.js';
import { deletion, insertion, type PerturbationOptions, pixelFlipping } from '../metrics/perturbation.js';
import { curveParams } from './params.js';

const asCurveOptions = (o: EvaluatorOptions) => o as PerturbationOptions;

/** A curve result's warnings as the plugin result's, when it has any. */
const warningsOf = (r: { warnings?: string[] }) => (r.warnings ? { warnings: r.warnings } : {});

/** Pixel flipping as a plugin; value: ABPC (higher is better). */
export const pixelFlippingEvaluator: EvaluatorPlugin = {
  id: 'pixel-flipping',
  label: 'Pixel flipping (ABPC)',
  description: 'Replace features most- and least-relevant first; the area between the two curves.',
  reference: 'Samek et al. 2017, Evaluating the visualization of what a deep neural network has learned',
  params: curveParams('mean'),
  codeOptions: ['fractionPerStep'],
  better: 'higher',
  needs: 'attribution',
  async evaluate(model, data, source, options) {
    const result = await pixelFlipping(model, data.x, source, asCurveOptions(options));
    return { value: result.abpc, details: result, ...warningsOf(result) };
  },
};

/** Deletion as a plugin; value: AUC (lower is better). */
export const deletionEvaluator: EvaluatorPlugin = {
  id: 'deletion',
  label: 'Deletion AUC',
  description: "The target's probability as the most relevant pixels are removed.",
  reference: 'Petsiuk et al. 2018, RISE: Randomized input sampling for explanation of black-box models',
  params: curveParams('zero'),
  codeOptions: ['fractionPerStep'],
  better: 'lower',
  needs: 'attribution',
  async evaluate(model, data, source, options) {
    const curve = await deletion(model, data.x, source, asCurveOptions(options));
    return { value: curve.auc, details: curve, ...warningsOf(curve) };
  },
};

/** Insertion as a plugin; value: AUC (higher is better). */
export const insertionEvaluator: EvaluatorPlugin = {
  id: 'insertion',
  label: 'Insertion AUC',
  description: "The target's probability as the most relevant pixels are inserted into a blurred image.",
  reference: 'Petsiuk et al. 2018, RISE: Randomized input sampling for explanation of black-box models',
  params: curveParams('blur'),
  codeOptions: ['fractionPerStep'],
  better: 'higher',
  needs: 'attribution',
  async evaluate(model, data, source, options) {
    const curve = await insertion(model, data.x, source, asCurveOptions(options));
    return { value: curve.auc, details: curve, ...warningsOf(curve) };
  },
};
