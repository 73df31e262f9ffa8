import type { Attribution, ExplainableModel, ExplainerPlugin, ModelInput } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { sumOverPoints } from '../point-sums.js';
import { finishAttribution, prepareInputAsync } from '../prepared-input.js';
import { type QuadratureRule, quadrature } from '../quadrature.js';
import { type AnyModel, runMethod } from '../run-method.js';
import { selectorFor } from '../target-select.js';
import { inputPaths } from './input-paths.js';
import { gradientAtLayer, pathPoints, perRow } from './layer-gradients.js';
import {
  ANY_TARGET,
  layerExampleShape,
  type NeuronOptions,
  neuronParams,
  requireLayer,
} from './layer-params.js';
import { neuronSelector } from './neuron-selector.js';

type NeuronKind = 'neuron-gradient' | 'neuron-integrated-gradients' | 'neuron-conductance';

/** ∂neuron/∂x at rows `xs`. Call inside `tf.tidy`. */
function gradientOfNeuron(
  model: ExplainableModel,
  layer: string,
  pick: (v: tf.Tensor) => tf.Tensor1D,
  xs: tf.Tensor,
): tf.Tensor {
  return tf.grad((v: tf.Tensor) => pick(model.activationBatched(v, layer)))(xs, tf.ones([xs.shape[0]]));
}

async function explainNeuron(
  kind: NeuronKind,
  model: ExplainableModel,
  x: tf.Tensor,
  options: NeuronOptions,
  defaultRule: QuadratureRule,
): Promise<Attribution> {
  const layer = requireLayer(model, options.layer);
  const steps = kind === 'neuron-gradient' ? 1 : (options.steps ?? 50);
  const rule = options.quadrature ?? defaultRule;
  if (kind !== 'neuron-gradient') quadrature(rule, steps);
  // Only conductance involves the output; the others explain the neuron itself.
  const target = kind === 'neuron-conductance' ? options.target : (options.target ?? ANY_TARGET);
  const prep = await prepareInputAsync(model, x, { ...options, target });
  try {
    const neuron = options.neuron ?? 0;
    const mode = options.neuronMode ?? 'unit';
    const pick = neuronSelector(model, layer, neuron, mode, layerExampleShape(model, layer, prep.x));
    const meta = { layer, neuron, neuronMode: mode };
    if (kind === 'neuron-gradient') {
      const values = tf.tidy(() => gradientOfNeuron(model, layer, pick, prep.x));
      return finishAttribution(kind, prep, values, meta);
    }
    const paths = await inputPaths(model, prep, options);
    try {
      const { nb } = paths;
      const { alphas, weights } = quadrature(rule, steps);
      const values = await sumOverPoints({
        n: prep.n,
        pointsPerExample: nb * steps,
        batchSize: options.batchSize ?? 64,
        compute: (refs) => {
          const rows = refs.map((p) => p.example * nb + Math.floor(p.index / steps));
          const xs = pathPoints(
            paths.starts,
            paths.diffs,
            rows,
            refs.map((p) => alphas[p.index % steps]),
          );
          const w = perRow(
            refs.map((p) => weights[p.index % steps] / nb),
            xs.rank,
          );
          let g = tf.mul(gradientOfNeuron(model, layer, pick, xs), w);
          if (kind === 'neuron-conductance') {
            // Chain rule through the neuron: ∂f/∂neuron at the point scales ∂neuron/∂x.
            const ids = refs.map((p) => p.example);
            const { gradient } = gradientAtLayer(model, layer, xs, selectorFor(prep.target, ids));
            g = tf.mul(
              g,
              tf.reshape(pick(gradient), [refs.length, ...new Array<number>(xs.rank - 1).fill(1)]),
            );
          }
          return tf.mul(g, tf.gather(paths.diffs, tf.tensor1d(rows, 'int32')));
        },
        control: options,
        phase: kind,
        warnings: [],
      });
      return finishAttribution(kind, prep, values, { ...meta, steps, quadrature: rule });
    } finally {
      paths.dispose();
    }
  } finally {
    prep.dispose();
  }
}

/** Neuron gradient (Captum's `NeuronGradient`): ∂neuron/∂x, the input's shape. */
export const neuronGradientExplainer: ExplainerPlugin<NeuronOptions> = {
  id: 'neuron-gradient',
  label: 'Neuron gradient',
  family: 'gradient',
  description: 'The gradient of one unit (or channel) of an inner layer with respect to the input.',
  reference:
    'Captum NeuronGradient; Simonyan, Vedaldi & Zisserman (2014), Deep Inside Convolutional Networks.',
  params: neuronParams('gauss-legendre'),
  explain(model, x, options) {
    return explainNeuron('neuron-gradient', model, x, options, 'gauss-legendre');
  },
};

/**
 * Neuron integrated gradients (Captum's `NeuronIntegratedGradients`): integrated gradients of one unit (or
 * channel) of an inner layer, (x − x₀) ⊙ ∫₀¹ ∂neuron/∂x (x₀ + α(x − x₀)) dα; sums to neuron(x) − neuron(x₀).
 */
export const neuronIntegratedGradientsExplainer: ExplainerPlugin<NeuronOptions> = {
  id: 'neuron-integrated-gradients',
  label: 'Neuron integrated gradients',
  family: 'gradient',
  description: 'Integrated gradients of one unit (or channel) of an inner layer: which inputs make it fire.',
  reference:
    'Captum NeuronIntegratedGradients; Sundararajan, Taly & Yan (2017), Axiomatic Attribution for Deep Networks.',
  perInputOptions: ['baseline'],
  params: neuronParams('gauss-legendre'),
  explain(model, x, options) {
    return explainNeuron('neuron-integrated-gradients', model, x, options, 'gauss-legendre');
  },
};

/**
 * Neuron conductance (Dhamdhere, Sundararajan & Yan 2018; Captum's `NeuronConductance`): the part of the
 * target's integrated gradients that flows through one unit, (x − x₀) ⊙ ∫₀¹ ∂f/∂n · ∂n/∂x dα, the input's
 * shape. Default rule the trapezoid (Captum's default for this method).
 */
export const neuronConductanceExplainer: ExplainerPlugin<NeuronOptions> = {
  id: 'neuron-conductance',
  label: 'Neuron conductance',
  family: 'gradient',
  description: 'How much each input contributes to the target through one unit of an inner layer.',
  reference: 'Dhamdhere, Sundararajan & Yan (2018), How Important Is a Neuron? (Captum NeuronConductance).',
  perInputOptions: ['baseline'],
  params: neuronParams('riemann-trapezoid'),
  explain(model, x, options) {
    return explainNeuron('neuron-conductance', model, x, options, 'riemann-trapezoid');
  },
};

/** Neuron gradient; see `neuronGradientExplainer`. */
export function neuronGradient(model: AnyModel, x: ModelInput, options: NeuronOptions): Promise<Attribution> {
  return runMethod(neuronGradientExplainer, model, x, { ...options });
}

/** Neuron integrated gradients; see `neuronIntegratedGradientsExplainer`. */
export function neuronIntegratedGradients(
  model: AnyModel,
  x: ModelInput,
  options: NeuronOptions,
): Promise<Attribution> {
  return runMethod(neuronIntegratedGradientsExplainer, model, x, { ...options });
}

/** Neuron conductance; see `neuronConductanceExplainer`. */
export function neuronConductance(
  model: AnyModel,
  x: ModelInput,
  options: NeuronOptions,
): Promise<Attribution> {
  return runMethod(neuronConductanceExplainer, model, x, { ...options });
}
