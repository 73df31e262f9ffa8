import {
  type CommonExplainOptions,
  type ExplainableModel,
  OptionError,
  type ParamSpec,
  type ParamsSchema,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { type BaselineOption, NAMED_BASELINES } from '../baselines.js';
import { BATCH_SIZE_PARAM, SEED_PARAM } from '../common-params.js';
import { QUADRATURE_RULES, type QuadratureRule } from '../quadrature.js';
import { NEURON_MODES, type NeuronMode } from './neuron-selector.js';

/** Options every layer method takes. */
export interface LayerOptions extends CommonExplainOptions {
  /**
   * The layer (or GraphModel node, or op of the explanation graph: any name in `model.layers`) whose output is
   * attributed to. Required.
   */
  layer?: string;
}

/** Options of the path methods (layer IG, layer conductance, internal influence, neuron IG and conductance). */
export interface LayerPathOptions extends LayerOptions {
  /** Input baseline: 'zeros' (default), 'uniform', 'blur', 'mean', a tensor or tensors averaged (as integrated gradients). */
  baseline?: BaselineOption;
  /** Quadrature points along the path (default 50). */
  steps?: number;
  /** Quadrature rule (default per method, as Captum's). */
  quadrature?: QuadratureRule;
  /** σ in pixels of the 'blur' baseline (default 5). */
  blurSigma?: number;
}

/** Options of the neuron methods. */
export interface NeuronOptions extends LayerPathOptions {
  /** Which unit (flat index into one example's layer value, row-major) or channel (last axis) is explained (default 0). */
  neuron?: number;
  /** `'unit'` (default): one element; `'channel'`: channel `neuron` summed over every position. */
  neuronMode?: NeuronMode;
}

/**
 * The target of methods that need none (layer activation, the neuron methods but conductance): every example
 * scored by the sum of its outputs, so preparing works on any output, dense ones included.
 */
export const ANY_TARGET = (scores: tf.Tensor): tf.Tensor =>
  tf.sum(tf.reshape(scores, [scores.shape[0], -1]), 1);

/** `layer`: any layer or graph node. */
export const LAYER_PARAM: ParamSpec = {
  type: 'layer',
  default: '',
  filter: 'any',
  help: "The layer (or graph node) whose output is attributed to: any name in the model's layers.",
  label: 'Layer',
};

/** Schema of the path options, with the method's default quadrature rule. */
export function pathParams(rule: QuadratureRule): ParamsSchema {
  return {
    layer: LAYER_PARAM,
    baseline: {
      type: 'enum',
      default: 'zeros',
      values: NAMED_BASELINES,
      help: "Path start in input space: 'zeros', 'uniform' noise (seeded), a Gaussian 'blur', the per-channel 'mean'; in code also tensors (averaged).",
    },
    steps: {
      type: 'number',
      default: 50,
      min: 2,
      max: 4096,
      integer: true,
      help: 'Points along the path.',
      label: 'Steps',
    },
    quadrature: {
      type: 'enum',
      default: rule,
      values: QUADRATURE_RULES,
      help: 'Quadrature rule along the path.',
    },
    blurSigma: { type: 'number', default: 5, min: 0, step: 0.5, help: "σ in pixels of the 'blur' baseline." },
    batchSize: BATCH_SIZE_PARAM,
    seed: SEED_PARAM,
  };
}

/** Schema of the neuron methods: the path options plus `neuron` and `neuronMode`. */
export function neuronParams(rule: QuadratureRule): ParamsSchema {
  return {
    ...pathParams(rule),
    neuron: {
      type: 'number',
      default: 0,
      min: 0,
      max: 2_147_483_647,
      integer: true,
      help: "Unit (flat index into one example's layer value) or, with neuronMode 'channel', channel index.",
      label: 'Neuron',
    },
    neuronMode: {
      type: 'enum',
      default: 'unit',
      values: NEURON_MODES,
      help: "'unit': one element of the layer; 'channel': a channel summed over positions.",
    },
  };
}

/**
 * The layer a layer or neuron method reads: `UnknownLayerError` (from the model, listing its layers) for an
 * unknown name, `OptionError` listing them when none is given.
 */
export function requireLayer(model: ExplainableModel, name: string | undefined): string {
  if (!name) {
    const names = model.layers.map((l) => l.name);
    throw new OptionError(
      `This method attributes to an inner layer: pass layer: '<name>' (one of ${names.slice(0, 40).join(', ')}${names.length > 40 ? ', …' : ''}).`,
    );
  }
  model.layer(name);
  return name;
}

/** One example's shape of a layer's value, found by running the first example up to it. */
export function layerExampleShape(model: ExplainableModel, layer: string, x: tf.Tensor): number[] {
  const a = tf.tidy(() => model.activationBatched(tf.slice(x, 0, 1), layer));
  const shape = a.shape.slice(1);
  a.dispose();
  return shape;
}
