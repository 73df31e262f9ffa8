import type { Attribution, ExplainerPlugin, ModelInput } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { BATCH_SIZE_PARAM } from '../common-params.js';
import { sumOverPoints } from '../point-sums.js';
import { finishAttribution, prepareInputAsync } from '../prepared-input.js';
import { type AnyModel, runMethod } from '../run-method.js';
import { selectorFor } from '../target-select.js';
import { gradientAtLayer } from './layer-gradients.js';
import { ANY_TARGET, LAYER_PARAM, type LayerOptions, requireLayer } from './layer-params.js';

/**
 * Layer activation (Captum's `LayerActivation`): the layer's output for each example, `[N, ...layer]`. It
 * needs no target (one given is recorded). `meta.layer` names the layer.
 */
export const layerActivationExplainer: ExplainerPlugin<LayerOptions> = {
  id: 'layer-activation',
  label: 'Layer activation',
  family: 'gradient',
  attributes: 'layer',
  description: "A layer's (or graph node's) output for each example: what the model computed there.",
  reference:
    'Captum LayerActivation; Erhan, Bengio, Courville & Vincent (2009), Visualizing Higher-Layer Features of a Deep Network.',
  params: { layer: LAYER_PARAM, batchSize: BATCH_SIZE_PARAM },
  async explain(model, x, options) {
    const layer = requireLayer(model, options.layer);
    const prep = await prepareInputAsync(model, x, { ...options, target: options.target ?? ANY_TARGET });
    try {
      const values = await sumOverPoints({
        n: prep.n,
        pointsPerExample: 1,
        batchSize: options.batchSize ?? 64,
        compute: (points) =>
          model.activationBatched(tf.slice(prep.x, points[0].example, points.length), layer),
        control: options,
        phase: 'layer-activation',
        warnings: [],
      });
      return finishAttribution('layer-activation', prep, values, { layer });
    } finally {
      prep.dispose();
    }
  },
};

/**
 * Layer gradient × activation (Captum's `LayerGradientXActivation`): a ⊙ ∂score/∂a at the layer, `[N,
 * ...layer]`; on a model linear after the layer it is each unit's exact contribution to the score.
 */
export const layerGradientXActivationExplainer: ExplainerPlugin<LayerOptions> = {
  id: 'layer-gradient-x-activation',
  label: 'Layer gradient × activation',
  family: 'gradient',
  attributes: 'layer',
  description: "A layer's output times the gradient of the target score with respect to it.",
  reference:
    'Captum LayerGradientXActivation; Shrikumar, Greenside, Shcherbina & Kundaje (2016), Not Just a Black Box.',
  params: { layer: LAYER_PARAM, batchSize: BATCH_SIZE_PARAM },
  async explain(model, x, options) {
    const layer = requireLayer(model, options.layer);
    const prep = await prepareInputAsync(model, x, options);
    try {
      const values = await sumOverPoints({
        n: prep.n,
        pointsPerExample: 1,
        batchSize: options.batchSize ?? 64,
        compute: (points) => {
          const ids = points.map((p) => p.example);
          const xs = tf.slice(prep.x, ids[0], ids.length);
          const { activation, gradient } = gradientAtLayer(model, layer, xs, selectorFor(prep.target, ids));
          return tf.mul(activation, gradient);
        },
        control: options,
        phase: 'layer-gradient-x-activation',
        warnings: [],
      });
      return finishAttribution('layer-gradient-x-activation', prep, values, { layer });
    } finally {
      prep.dispose();
    }
  },
};

/** Layer activation; see `layerActivationExplainer`. */
export function layerActivation(model: AnyModel, x: ModelInput, options: LayerOptions): Promise<Attribution> {
  return runMethod(layerActivationExplainer, model, x, { ...options });
}

/** Layer gradient × activation; see `layerGradientXActivationExplainer`. */
export function layerGradientXActivation(
  model: AnyModel,
  x: ModelInput,
  options: LayerOptions,
): Promise<Attribution> {
  return runMethod(layerGradientXActivationExplainer, model, x, { ...options });
}
