import type {
  Attribution,
  CommonExplainOptions,
  ExplainableModel,
  ExplainerPlugin,
  ModelInput,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type { BaselineOption } from './baselines.js';
import { BATCH_SIZE_PARAM, SEED_PARAM } from './common-params.js';
import { completeness } from './completeness.js';
import { sumGradients } from './gradient-engine.js';
import { BASELINE_PARAM, BLUR_SIGMA_PARAM, scoreDifferences, withPathBaselines } from './path-baselines.js';
import { finishAttribution, type PreparedInput, perExampleShape } from './prepared-input.js';
import { QUADRATURE_RULES, type QuadratureRule, quadrature } from './quadrature.js';
import { type AnyModel, runMethod } from './run-method.js';

/** Options of `integratedGradients`. */
export interface IntegratedGradientsOptions extends CommonExplainOptions {
  /** 'zeros' (default), 'uniform' (seeded, in the input range), 'blur', 'mean', a tensor, or tensors averaged. */
  baseline?: BaselineOption;
  /** Quadrature points along the path (default 50). */
  steps?: number;
  /** Quadrature rule (default 'gauss-legendre'). Through `explain()` use this name: `method` names the explainer there. */
  quadrature?: QuadratureRule;
  /** Alias of `quadrature` for direct calls of `integratedGradients` (the name in the issue/API docs). */
  method?: QuadratureRule;
  /** When > 0: double the steps until |delta| ≤ tolerance·|f(x) − f(baseline)| for every example (or maxSteps). */
  tolerance?: number;
  /** Upper bound on steps when `tolerance` is set (default 1024). */
  maxSteps?: number;
  /** σ in pixels of the 'blur' baseline (default 5). */
  blurSigma?: number;
}

/**
 * Integrated gradients (Sundararajan, Taly & Yan 2017): (x − x₀) ⊙ ∫₀¹ ∇f(x₀ + α(x − x₀)) dα, by the chosen
 * quadrature; several baselines are averaged. `meta.convergenceDelta[e]` = Σ attribution − (f(x) − f(x₀))
 * (with f(x₀) averaged over baselines); `meta.steps` the steps used.
 */
export const integratedGradientsExplainer: ExplainerPlugin<IntegratedGradientsOptions> = {
  id: 'integrated-gradients',
  label: 'Integrated gradients',
  family: 'gradient',
  description:
    'Gradients averaged along the straight path from a baseline to the input, times the difference: attributions that sum to f(x) − f(baseline).',
  reference: 'Sundararajan, Taly & Yan (2017), Axiomatic Attribution for Deep Networks.',
  perInputOptions: ['baseline'],
  params: {
    baseline: BASELINE_PARAM,
    steps: {
      type: 'number',
      default: 50,
      min: 1,
      max: 4096,
      integer: true,
      help: 'Quadrature points along the path.',
      label: 'Steps',
    },
    quadrature: {
      type: 'enum',
      default: 'gauss-legendre',
      values: QUADRATURE_RULES,
      help: 'Quadrature rule: Gauss–Legendre (most accurate per step) or a Riemann sum.',
    },
    tolerance: {
      type: 'number',
      default: 0,
      min: 0,
      max: 1,
      step: 0.001,
      help: 'When > 0, double the steps until |Σ attribution − (f(x) − f(baseline))| ≤ tolerance·|f(x) − f(baseline)|, up to maxSteps.',
    },
    maxSteps: {
      type: 'number',
      default: 1024,
      min: 1,
      max: 65536,
      integer: true,
      help: 'Most steps the tolerance search may use.',
    },
    blurSigma: BLUR_SIGMA_PARAM,
    batchSize: BATCH_SIZE_PARAM,
    seed: SEED_PARAM,
  },
  async explain(model, x, options) {
    const steps = options.steps ?? 50;
    const rule = options.quadrature ?? options.method ?? 'gauss-legendre';
    quadrature(rule, steps); // validates the rule and steps before any work
    return withPathBaselines(model, x, options, (prep, baselines) =>
      integrate(model, prep, baselines, rule, steps, options),
    );
  },
};

async function integrate(
  model: ExplainableModel,
  prep: PreparedInput,
  baselines: tf.Tensor[],
  rule: QuadratureRule,
  firstSteps: number,
  options: IntegratedGradientsOptions,
): Promise<Attribution> {
  const nb = baselines.length;
  const batchSize = options.batchSize ?? 64;
  const tolerance = options.tolerance ?? 0;
  const maxSteps = Math.max(firstSteps, options.maxSteps ?? 1024);
  // Row e·nb + b holds example e's baseline b, so each example's points are contiguous.
  const [starts, diffs] = tf.tidy(() => {
    const x0 = tf.reshape(tf.stack(baselines, 1), [prep.n * nb, ...prep.x.shape.slice(1)]);
    const xr = tf.reshape(tf.stack(new Array<tf.Tensor>(nb).fill(prep.x), 1), x0.shape);
    return [x0, tf.sub(xr, x0)];
  });
  const warnings: string[] = [];
  try {
    const expected = await scoreDifferences(model, prep, starts, nb, batchSize);
    let steps = firstSteps;
    for (;;) {
      const { alphas, weights } = quadrature(rule, steps);
      const values = await sumGradients({
        model,
        target: prep.target,
        n: prep.n,
        pointsPerExample: nb * steps,
        batchSize,
        build: (points) => {
          const rows = points.map((p) => p.example * nb + Math.floor(p.index / steps));
          const shape = perExampleShape(points.length, prep.x.rank);
          const r = tf.tensor1d(rows, 'int32');
          const d = tf.gather(diffs, r);
          const alpha = tf.tensor(
            points.map((p) => alphas[p.index % steps]),
            shape,
          );
          const w = tf.tensor(
            points.map((p) => weights[p.index % steps] / nb),
            shape,
          );
          return { inputs: tf.add(tf.gather(starts, r), tf.mul(alpha, d)), multipliers: tf.mul(w, d) };
        },
        control: options,
        phase: 'integrated-gradients',
        warnings,
      });
      const { delta, ok } = await completeness(values, expected, tolerance);
      if (tolerance === 0 || ok || steps >= maxSteps) {
        if (tolerance > 0 && !ok)
          warnings.push(
            `tolerance ${tolerance} not reached within maxSteps ${maxSteps}; |delta| = ${delta.map((d) => Math.abs(d).toExponential(2)).join(', ')}.`,
          );
        return finishAttribution('integrated-gradients', prep, values, {
          convergenceDelta: delta,
          steps,
          quadrature: rule,
          ...(warnings.length ? { warnings } : {}),
        });
      }
      values.dispose();
      steps = Math.min(maxSteps, steps * 2);
    }
  } finally {
    tf.dispose([starts, diffs]);
  }
}

/** Integrated gradients; see `integratedGradientsExplainer`. */
export function integratedGradients(
  model: AnyModel,
  x: ModelInput,
  options: IntegratedGradientsOptions = {},
): Promise<Attribution> {
  const { method, ...rest } = options;
  return runMethod(integratedGradientsExplainer, model, x, {
    ...rest,
    quadrature: rest.quadrature ?? method,
  });
}
