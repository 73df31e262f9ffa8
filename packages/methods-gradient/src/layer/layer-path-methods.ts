import type { Attribution, ExplainableModel, ExplainerPlugin, ModelInput } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { completeness } from '../completeness.js';
import { scoresOf } from '../gradient-engine.js';
import { sumOverPoints } from '../point-sums.js';
import { finishAttribution, type PreparedInput, prepareInputAsync } from '../prepared-input.js';
import { type QuadratureRule, quadrature } from '../quadrature.js';
import { type AnyModel, runMethod } from '../run-method.js';
import { selectorFor } from '../target-select.js';
import { type InputPaths, inputPaths } from './input-paths.js';
import { gradientAtLayer, pathPoints, perRow } from './layer-gradients.js';
import { type LayerPathOptions, pathParams, requireLayer } from './layer-params.js';

type PathBody = (
  model: ExplainableModel,
  prep: PreparedInput,
  paths: InputPaths,
  layer: string,
  rule: QuadratureRule,
  steps: number,
  options: LayerPathOptions,
) => Promise<Attribution>;

/** Validates, prepares and lays out the input paths, then runs `body`; frees everything on the way out. */
async function withPaths(
  model: ExplainableModel,
  x: tf.Tensor,
  options: LayerPathOptions,
  defaultRule: QuadratureRule,
  body: PathBody,
): Promise<Attribution> {
  const layer = requireLayer(model, options.layer);
  const steps = options.steps ?? 50;
  const rule = options.quadrature ?? defaultRule;
  quadrature(rule, steps);
  const prep = await prepareInputAsync(model, x, options);
  try {
    const paths = await inputPaths(model, prep, options);
    try {
      return await body(model, prep, paths, layer, rule, steps, options);
    } finally {
      paths.dispose();
    }
  } finally {
    prep.dispose();
  }
}

/** Scores of rows `xs` (row r of example ids[r]) with the layer's value replaced by `values`, read back. */
async function scoresWithLayer(
  model: ExplainableModel,
  prep: PreparedInput,
  layer: string,
  xs: tf.Tensor,
  values: tf.Tensor,
  ids: readonly number[],
): Promise<number[]> {
  const s = tf.tidy(() => selectorFor(prep.target, ids)(model.forwardFromLayerBatched(xs, layer, values)));
  const out = Array.from(await s.data());
  s.dispose();
  return out;
}

/** Mean over each example's nb rows. */
function meanPerExample(values: readonly number[], n: number, nb: number): number[] {
  return Array.from(
    { length: n },
    (_, e) => values.slice(e * nb, (e + 1) * nb).reduce((a, b) => a + b, 0) / nb,
  );
}

const layerIntegrate: PathBody = async (model, prep, paths, layer, rule, steps, options) => {
  const { nb } = paths;
  const rowsOfExample = Array.from({ length: prep.n * nb }, (_, r) => Math.floor(r / nb));
  // The path runs in the layer's space: from the baseline's activation to the input's.
  const [a0, da, xRep] = tf.tidy(() => {
    const xr = tf.gather(prep.x, tf.tensor1d(rowsOfExample, 'int32'));
    const start = model.activationBatched(paths.starts, layer);
    return [start, tf.sub(model.activationBatched(xr, layer), start), xr];
  });
  try {
    const { alphas, weights } = quadrature(rule, steps);
    const values = await sumOverPoints({
      n: prep.n,
      pointsPerExample: nb * steps,
      batchSize: options.batchSize ?? 64,
      compute: (points) => {
        const rows = points.map((p) => p.example * nb + Math.floor(p.index / steps));
        const at = pathPoints(
          a0,
          da,
          rows,
          points.map((p) => alphas[p.index % steps]),
        );
        const xs = tf.gather(
          prep.x,
          tf.tensor1d(
            points.map((p) => p.example),
            'int32',
          ),
        );
        const ids = points.map((p) => p.example);
        const { gradient } = gradientAtLayer(model, layer, xs, selectorFor(prep.target, ids), at);
        const w = perRow(
          points.map((p) => weights[p.index % steps] / nb),
          gradient.rank,
        );
        return tf.mul(tf.mul(gradient, w), tf.gather(da, tf.tensor1d(rows, 'int32')));
      },
      control: options,
      phase: 'layer-integrated-gradients',
      warnings: [],
    });
    const all = Array.from({ length: prep.n }, (_, e) => e);
    const fx = await scoresOf(model, prep.target, prep.x, all, options.batchSize ?? 64);
    const f0 = meanPerExample(await scoresWithLayer(model, prep, layer, xRep, a0, rowsOfExample), prep.n, nb);
    const { delta } = await completeness(
      values,
      fx.map((v, e) => v - f0[e]),
      0,
    );
    return finishAttribution('layer-integrated-gradients', prep, values, {
      layer,
      convergenceDelta: delta,
      steps,
      quadrature: rule,
    });
  } finally {
    tf.dispose([a0, da, xRep]);
  }
};

/** Conductance and internal influence: layer gradients at points along the input-space path. */
function inputPathBody(id: 'layer-conductance' | 'internal-influence'): PathBody {
  return async (model, prep, paths, layer, rule, steps, options) => {
    const { nb } = paths;
    // Conductance follows Captum: steps + 1 points, gradient at point i times the activation change to i + 1.
    const points = id === 'layer-conductance' ? steps + 1 : steps;
    const { alphas, weights } = quadrature(rule, points);
    const values = await sumOverPoints({
      n: prep.n,
      pointsPerExample: nb * steps,
      batchSize: options.batchSize ?? 64,
      compute: (refs) => {
        const rows = refs.map((p) => p.example * nb + Math.floor(p.index / steps));
        const at = refs.map((p) => p.index % steps);
        const xs = pathPoints(
          paths.starts,
          paths.diffs,
          rows,
          at.map((i) => alphas[i]),
        );
        const ids = refs.map((p) => p.example);
        const { activation, gradient } = gradientAtLayer(model, layer, xs, selectorFor(prep.target, ids));
        if (id === 'internal-influence')
          return tf.mul(
            gradient,
            perRow(
              at.map((i) => weights[i] / nb),
              gradient.rank,
            ),
          );
        const next = model.activationBatched(
          pathPoints(
            paths.starts,
            paths.diffs,
            rows,
            at.map((i) => alphas[i + 1]),
          ),
          layer,
        );
        return tf.div(tf.mul(gradient, tf.sub(next, activation)), nb);
      },
      control: options,
      phase: id,
      warnings: [],
    });
    if (id === 'internal-influence')
      return finishAttribution(id, prep, values, { layer, steps, quadrature: rule });
    // Σ ∂f/∂a·Δa approaches f(path end) − f(path start) as steps grow; the trapezoid's points are both ends.
    const ids = Array.from({ length: prep.n * nb }, (_, r) => Math.floor(r / nb));
    const ends = tf.tidy(() => tf.add(paths.starts, tf.mul(paths.diffs, alphas[steps])));
    const begins = tf.tidy(() => tf.add(paths.starts, tf.mul(paths.diffs, alphas[0])));
    const fEnd = meanPerExample(
      await scoresOf(model, prep.target, ends, ids, options.batchSize ?? 64),
      prep.n,
      nb,
    );
    const fBegin = meanPerExample(
      await scoresOf(model, prep.target, begins, ids, options.batchSize ?? 64),
      prep.n,
      nb,
    );
    tf.dispose([ends, begins]);
    const { delta } = await completeness(
      values,
      fEnd.map((v, e) => v - fBegin[e]),
      0,
    );
    return finishAttribution(id, prep, values, { layer, convergenceDelta: delta, steps, quadrature: rule });
  };
}

/**
 * Layer integrated gradients (Captum's `LayerIntegratedGradients`): integrated gradients in a layer's space,
 * (a(x) − a(x₀)) ⊙ ∫₀¹ ∂f/∂a (a(x₀) + α(a(x) − a(x₀))) dα with the rest of the model fed by x, `[N, ...layer]`.
 * Sums to f(x) − f(x with the layer at a(x₀)) (= f(x) − f(x₀) when every path runs through the layer):
 * `meta.convergenceDelta`. Costs one forward to the layer per point fewer than input IG's backward through it.
 */
export const layerIntegratedGradientsExplainer: ExplainerPlugin<LayerPathOptions> = {
  id: 'layer-integrated-gradients',
  label: 'Layer integrated gradients',
  family: 'gradient',
  attributes: 'layer',
  description:
    "Integrated gradients in an inner layer's space: how much each unit of the layer contributes, summing to f(x) − f(baseline).",
  reference:
    'Captum LayerIntegratedGradients; Sundararajan, Taly & Yan (2017), Axiomatic Attribution for Deep Networks.',
  perInputOptions: ['baseline'],
  params: pathParams('gauss-legendre'),
  explain(model, x, options) {
    return withPaths(model, x, options, 'gauss-legendre', layerIntegrate);
  },
};

/**
 * Layer conductance (Dhamdhere, Sundararajan & Yan 2018; Captum's `LayerConductance`): along the input path
 * x₀ → x, Σ_i ∂f/∂a(x_i) ⊙ (a(x_{i+1}) − a(x_i)) over steps + 1 points, `[N, ...layer]`. The default rule is
 * the trapezoid's equally spaced points (Captum defaults to Gauss–Legendre, whose points miss both ends), so the
 * sum approaches f(x) − f(x₀) (first order in 1/steps): `meta.convergenceDelta` is the gap.
 */
export const layerConductanceExplainer: ExplainerPlugin<LayerPathOptions> = {
  id: 'layer-conductance',
  label: 'Layer conductance',
  family: 'gradient',
  attributes: 'layer',
  description:
    'How much of the path from baseline to input flows through each unit of a layer; sums to f(x) − f(baseline).',
  reference: 'Dhamdhere, Sundararajan & Yan (2018), How Important Is a Neuron? (Captum LayerConductance).',
  perInputOptions: ['baseline'],
  params: pathParams('riemann-trapezoid'),
  explain(model, x, options) {
    return withPaths(model, x, options, 'riemann-trapezoid', inputPathBody('layer-conductance'));
  },
};

/**
 * Internal influence (Leino, Sen, Datta, Fredrikson & Li 2018; Captum's `InternalInfluence`): the layer gradient
 * integrated along the input path, ∫₀¹ ∂f/∂a (x₀ + α(x − x₀)) dα, `[N, ...layer]` (not multiplied by anything).
 */
export const internalInfluenceExplainer: ExplainerPlugin<LayerPathOptions> = {
  id: 'internal-influence',
  label: 'Internal influence',
  family: 'gradient',
  attributes: 'layer',
  description: 'The gradient at an inner layer averaged along the path from baseline to input.',
  reference:
    'Leino, Sen, Datta, Fredrikson & Li (2018), Influence-Directed Explanations for Deep Convolutional Networks (Captum InternalInfluence).',
  perInputOptions: ['baseline'],
  params: pathParams('gauss-legendre'),
  explain(model, x, options) {
    return withPaths(model, x, options, 'gauss-legendre', inputPathBody('internal-influence'));
  },
};

/** Layer integrated gradients; see `layerIntegratedGradientsExplainer`. */
export function layerIntegratedGradients(
  model: AnyModel,
  x: ModelInput,
  options: LayerPathOptions,
): Promise<Attribution> {
  return runMethod(layerIntegratedGradientsExplainer, model, x, { ...options });
}

/** Layer conductance; see `layerConductanceExplainer`. */
export function layerConductance(
  model: AnyModel,
  x: ModelInput,
  options: LayerPathOptions,
): Promise<Attribution> {
  return runMethod(layerConductanceExplainer, model, x, { ...options });
}

/** Internal influence; see `internalInfluenceExplainer`. */
export function internalInfluence(
  model: AnyModel,
  x: ModelInput,
  options: LayerPathOptions,
): Promise<Attribution> {
  return runMethod(internalInfluenceExplainer, model, x, { ...options });
}
