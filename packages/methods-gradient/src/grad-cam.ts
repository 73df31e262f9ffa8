import type {
  Attribution,
  CommonExplainOptions,
  ExplainableModel,
  ExplainerPlugin,
  ModelInput,
  ParamsSchema,
} from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';
import { camInput, upsampleToInputs } from './cam-inputs.js';
import { resolveCamLayer } from './cam-layer.js';
import { type CamWeighting, camMaps } from './cam-maps.js';
import { BATCH_SIZE_PARAM } from './common-params.js';
import { finishAttribution, prepareInputAsync } from './prepared-input.js';
import { type AnyModel, runMethod } from './run-method.js';

/** Options of `gradCam` and `gradCamPlusPlus`. */
export interface GradCamOptions extends CommonExplainOptions {
  /** Layer name, or 'auto' (default) for the last layer with a spatial output. */
  layer?: string;
  /** Keep only positive evidence, relu(map) (default true). */
  relu?: boolean;
  /** Resize the map bilinearly to the input (default true): `[N, H, W, C]`, the map repeated over channels. `false`: `[N, h, w]` at the layer's resolution. */
  upsample?: boolean;
}

const CAM_PARAMS: ParamsSchema = {
  layer: {
    type: 'layer',
    default: 'auto',
    filter: 'spatial',
    help: "Layer whose activations are weighted; 'auto' takes the last layer with a spatial output.",
  },
  relu: {
    type: 'boolean',
    default: true,
    help: 'Keep only the positive part of the map (evidence for the target).',
  },
  upsample: {
    type: 'boolean',
    default: true,
    help: "Resize the map to the input's size (bilinear, repeated over channels); off: the layer's h × w map.",
  },
  batchSize: BATCH_SIZE_PARAM,
};

/** Shared body of Grad-CAM and Grad-CAM++. */
async function explainCam(
  id: string,
  weighting: CamWeighting,
  model: ExplainableModel,
  x: tf.Tensor,
  options: GradCamOptions,
): Promise<Attribution> {
  const layer = resolveCamLayer(model, options.layer ?? 'auto');
  const prep = await prepareInputAsync(model, x, options);
  try {
    if (options.upsample !== false) {
      camInput(model, layer.name, prep.x);
    }
    const maps = await camMaps(model, prep.x, prep.target, layer.name, {
      weighting,
      relu: options.relu !== false,
      batchSize: options.batchSize ?? 64,
      control: options,
      phase: id,
    });
    let values: tf.Tensor = maps;
    if (options.upsample !== false) {
      values = upsampleToInputs(model, layer.name, maps, prep.x);
      maps.dispose();
    }
    return finishAttribution(id, prep, values, { layer: layer.name, layerShape: [...layer.outputShape] });
  } finally {
    prep.dispose();
  }
}

/**
 * Grad-CAM (Selvaraju et al. 2017): map = Σ_c mean_hw(∂score/∂A_c) · A_c at a spatial layer, rectified and
 * upsampled by default. `meta.layer` names the layer used.
 */
export const gradCamExplainer: ExplainerPlugin<GradCamOptions> = {
  id: 'grad-cam',
  label: 'Grad-CAM',
  family: 'gradient',
  description:
    "A coarse map of where a convolutional layer's features support the target: channels weighted by their mean gradient.",
  reference:
    'Selvaraju, Cogswell, Das, Vedantam, Parikh & Batra (2017), Grad-CAM: Visual Explanations from Deep Networks via Gradient-based Localization.',
  params: CAM_PARAMS,
  supportsFunctionModels: false,
  explain(model, x, options) {
    return explainCam('grad-cam', 'grad-cam', model, x, options);
  },
};

/**
 * Grad-CAM++ (Chattopadhay et al. 2018): channel weights Σ_hw a·relu(∂score/∂A) with per-position
 * coefficients a (see `camMaps`), better for several instances of a class.
 */
export const gradCamPlusPlusExplainer: ExplainerPlugin<GradCamOptions> = {
  id: 'grad-cam-plus-plus',
  label: 'Grad-CAM++',
  family: 'gradient',
  description:
    'Grad-CAM with per-position weighting of positive gradients, which covers several instances of a class better.',
  reference:
    'Chattopadhay, Sarkar, Howlader & Balasubramanian (2018), Grad-CAM++: Generalized Gradient-based Visual Explanations for Deep Convolutional Networks.',
  params: CAM_PARAMS,
  supportsFunctionModels: false,
  explain(model, x, options) {
    return explainCam('grad-cam-plus-plus', 'grad-cam-plus-plus', model, x, options);
  },
};

/** Grad-CAM; see `gradCamExplainer`. */
export function gradCam(model: AnyModel, x: ModelInput, options: GradCamOptions = {}): Promise<Attribution> {
  return runMethod(gradCamExplainer, model, x, { ...options });
}

/** Grad-CAM++; see `gradCamPlusPlusExplainer`. */
export function gradCamPlusPlus(
  model: AnyModel,
  x: ModelInput,
  options: GradCamOptions = {},
): Promise<Attribution> {
  return runMethod(gradCamPlusPlusExplainer, model, x, { ...options });
}
