import type { Attribution, CommonExplainOptions, ExplainerPlugin, ModelInput } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { camInput, upsampleToInputs } from './cam-inputs.js';
import { resolveCamLayer } from './cam-layer.js';
import { camMaps } from './cam-maps.js';
import { BATCH_SIZE_PARAM } from './common-params.js';
import { sumGradients } from './gradient-engine.js';
import { finishAttribution, prepareInputAsync } from './prepared-input.js';
import { reluRules } from './relu-rules.js';
import { type AnyModel, runMethod } from './run-method.js';

/** Options of `guidedGradCam`. */
export interface GuidedGradCamOptions extends CommonExplainOptions {
  /** Layer name, or 'auto' (default) for the last layer with a spatial output. */
  layer?: string;
}

/**
 * Guided Grad-CAM (Selvaraju et al. 2017): guided backpropagation ⊙ the rectified Grad-CAM map upsampled
 * bilinearly to the input (repeated over channels): pixel-level detail, class-discriminative.
 */
export const guidedGradCamExplainer: ExplainerPlugin<GuidedGradCamOptions> = {
  id: 'guided-grad-cam',
  label: 'Guided Grad-CAM',
  family: 'gradient',
  description:
    'Guided backpropagation multiplied by the upsampled Grad-CAM map: fine detail, restricted to where the class evidence is.',
  reference:
    'Selvaraju, Cogswell, Das, Vedantam, Parikh & Batra (2017), Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization.',
  params: {
    layer: {
      type: 'layer',
      default: 'auto',
      filter: 'spatial',
      help: "Grad-CAM layer; 'auto' takes the last layer with a spatial output.",
    },
    batchSize: BATCH_SIZE_PARAM,
  },
  supportsFunctionModels: false,
  async explain(model, x, options) {
    const layer = resolveCamLayer(model, options.layer ?? 'auto');
    const prep = await prepareInputAsync(model, x, options);
    const batchSize = options.batchSize ?? 64;
    const warnings: string[] = [];
    try {
      camInput(model, layer.name, prep.x);
      const maps = await camMaps(model, prep.x, prep.target, layer.name, {
        weighting: 'grad-cam',
        relu: true,
        batchSize,
        control: options,
        phase: 'guided-grad-cam',
      });
      let guided: tf.Tensor;
      try {
        guided = await sumGradients({
          model,
          target: prep.target,
          n: prep.n,
          pointsPerExample: 1,
          batchSize,
          build: (points) => ({
            inputs: tf.slice(prep.x, points[0].example, points.length),
            multipliers: null,
          }),
          control: options,
          phase: 'guided-grad-cam',
          warnings,
          rules: reluRules('guided'),
        });
      } catch (err) {
        maps.dispose();
        throw err;
      }
      const values = tf.tidy(() => tf.mul(guided, upsampleToInputs(model, layer.name, maps, prep.x)));
      tf.dispose([maps, guided]);
      return finishAttribution('guided-grad-cam', prep, values, {
        layer: layer.name,
        ...(warnings.length ? { warnings } : {}),
      });
    } finally {
      prep.dispose();
    }
  },
};

/** Guided Grad-CAM; see `guidedGradCamExplainer`. */
export function guidedGradCam(
  model: AnyModel,
  x: ModelInput,
  options: GuidedGradCamOptions = {},
): Promise<Attribution> {
  return runMethod(guidedGradCamExplainer, model, x, { ...options });
}
