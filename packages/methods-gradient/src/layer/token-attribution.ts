import {
  type Attribution,
  type CommonExplainOptions,
  type ExplainableModel,
  type ExplainerPlugin,
  InputValueError,
  type ModelInput,
  OptionError,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { BATCH_SIZE_PARAM } from '../common-params.js';
import { sumOverPoints } from '../point-sums.js';
import { finishAttribution, type PreparedInput, prepareInputAsync } from '../prepared-input.js';
import { QUADRATURE_RULES, type QuadratureRule, quadrature } from '../quadrature.js';
import { type AnyModel, runMethod } from '../run-method.js';
import { selectorFor } from '../target-select.js';
import { gradientAtLayer, pathPoints, perRow } from './layer-gradients.js';
import { deepLiftAtLayer } from './token-deeplift.js';

/** How token attribution attributes at the embedding output. */
export type TokenTechnique = 'integrated-gradients' | 'input-x-gradient' | 'deeplift';

/** The techniques, default first. */
export const TOKEN_TECHNIQUES: readonly TokenTechnique[] = [
  'integrated-gradients',
  'input-x-gradient',
  'deeplift',
];

/** Options of `tokenAttribution`. */
export interface TokenAttributionOptions extends CommonExplainOptions {
  /** The embedding layer (or graph node) whose output is attributed; 'auto' (default): the first embedding lookup. */
  layer?: string;
  /** `'integrated-gradients'` (default), `'input-x-gradient'` (e ⊙ ∂f/∂e, no baseline) or `'deeplift'` (Rescale). */
  technique?: TokenTechnique;
  /** The reference sequence: every token replaced by `padToken` (`'pad'`, default) or by `maskToken` (`'mask'`). */
  baseline?: 'pad' | 'mask';
  /** Id of the padding token (default 0). */
  padToken?: number;
  /** Id of the mask token (BERT's [MASK]); required with `baseline: 'mask'`. */
  maskToken?: number;
  /** Integrated gradients' points (default 50). */
  steps?: number;
  /** Integrated gradients' rule (default 'gauss-legendre'). */
  quadrature?: QuadratureRule;
}

/** The first embedding lookup of the model's graph, or the named layer. */
function embeddingLayer(model: ExplainableModel, name: string): string {
  if (name !== 'auto') {
    model.layer(name);
    return name;
  }
  const node = model.unfoldedGraph?.nodes.find((n) => n.op.kind === 'embedding');
  if (!node) {
    throw new OptionError(
      `Token attribution's layer 'auto' found no embedding lookup in this ${model.kind} model; name the layer that turns token ids into vectors (layer: '<name>'), or use layer-integrated-gradients for other inputs.`,
    );
  }
  return node.name;
}

/** The baseline id sequence: the input's shape, every id the pad (or mask) token; checked against the vocabulary. */
function baselineIds(model: ExplainableModel, x: tf.Tensor, options: TokenAttributionOptions): tf.Tensor {
  const kind = options.baseline ?? 'pad';
  const id = kind === 'mask' ? options.maskToken : (options.padToken ?? 0);
  if (id === undefined || id < 0)
    throw new OptionError(
      "baseline: 'mask' needs maskToken: the id of the model's mask token (e.g. BERT's [MASK]).",
    );
  const vocabulary = model.inputs[0]?.vocabulary;
  if (!Number.isInteger(id) || (vocabulary !== undefined && id >= vocabulary)) {
    throw new InputValueError(
      `The ${kind} token id ${id} is outside the vocabulary [0, ${(vocabulary ?? 1) - 1}]; give the id the model uses for ${kind === 'mask' ? 'masking' : 'padding'}.`,
    );
  }
  return tf.fill(x.shape, id, 'int32');
}

/** Layer integrated gradients at the embedding output, from the baseline sequence's embeddings to the input's. */
async function integrate(
  model: ExplainableModel,
  prep: PreparedInput,
  layer: string,
  x0: tf.Tensor,
  options: TokenAttributionOptions,
): Promise<{ values: tf.Tensor; delta: number[] }> {
  const steps = options.steps ?? 50;
  const { alphas, weights } = quadrature(options.quadrature ?? 'gauss-legendre', steps);
  const [e0, de] = tf.tidy(() => {
    const start = model.activationBatched(x0, layer);
    return [start, tf.sub(model.activationBatched(prep.x, layer), start)];
  });
  try {
    const values = await sumOverPoints({
      n: prep.n,
      pointsPerExample: steps,
      batchSize: options.batchSize ?? 64,
      compute: (points) => {
        const ids = points.map((p) => p.example);
        const at = pathPoints(
          e0,
          de,
          ids,
          points.map((p) => alphas[p.index]),
        );
        const xs = tf.gather(prep.x, tf.tensor1d(ids, 'int32'));
        const { gradient } = gradientAtLayer(model, layer, xs, selectorFor(prep.target, ids), at);
        const w = perRow(
          points.map((p) => weights[p.index]),
          gradient.rank,
        );
        return tf.mul(tf.mul(gradient, w), tf.gather(de, tf.tensor1d(ids, 'int32')));
      },
      control: options,
      phase: 'token-attribution',
      warnings: [],
    });
    const all = Array.from({ length: prep.n }, (_, e) => e);
    const diff = tf.tidy(() => {
      const select = selectorFor(prep.target, all);
      const total = tf.sum(tf.reshape(values, [prep.n, -1]), 1);
      return tf.sub(total, tf.sub(select(model.forwardBatched(prep.x)), select(model.forwardBatched(x0))));
    });
    const delta = Array.from(await diff.data());
    diff.dispose();
    return { values, delta };
  } finally {
    tf.dispose([e0, de]);
  }
}

/**
 * Token attribution for models whose input is token ids: integrated gradients, input × gradient or DeepLIFT
 * taken at the embedding output (ids have no gradient) and summed over the embedding dimensions, one score
 * per token, the ids' shape `[N, T]`. The baseline is the same sequence of pad (or mask) tokens; IG and
 * DeepLIFT scores sum to f(ids) − f(baseline) (`meta.convergenceDelta`). Follows Captum's
 * LayerIntegratedGradients-on-embeddings recipe (Sundararajan et al. 2017; Shrikumar et al. 2017).
 */
export const tokenAttributionExplainer: ExplainerPlugin<TokenAttributionOptions> = {
  id: 'token-attribution',
  label: 'Token attribution',
  family: 'gradient',
  description: 'One score per input token: attributions at the embedding output summed over its dimensions.',
  reference:
    'Sundararajan, Taly & Yan (2017), Axiomatic Attribution for Deep Networks (IG on embeddings); Shrikumar, Greenside & Kundaje (2017), DeepLIFT.',
  params: {
    layer: {
      type: 'layer',
      default: 'auto',
      filter: 'any',
      help: "The embedding layer; 'auto' finds the first embedding lookup.",
    },
    technique: {
      type: 'enum',
      default: 'integrated-gradients',
      values: TOKEN_TECHNIQUES,
      help: 'How the embedding output is attributed.',
    },
    baseline: {
      type: 'enum',
      default: 'pad',
      values: ['pad', 'mask'],
      help: 'Reference sequence: all pad tokens or all mask tokens.',
    },
    padToken: {
      type: 'number',
      default: 0,
      min: 0,
      max: 2_147_483_647,
      integer: true,
      help: 'Id of the padding token.',
    },
    maskToken: {
      type: 'number',
      default: -1,
      min: -1,
      max: 2_147_483_647,
      integer: true,
      help: "Id of the mask token (for baseline 'mask'); -1: none.",
    },
    steps: {
      type: 'number',
      default: 50,
      min: 1,
      max: 4096,
      integer: true,
      help: "Integrated gradients' points.",
      label: 'Steps',
    },
    quadrature: {
      type: 'enum',
      default: 'gauss-legendre',
      values: QUADRATURE_RULES,
      help: "Integrated gradients' rule.",
    },
    batchSize: BATCH_SIZE_PARAM,
  },
  supportsFunctionModels: false,
  async explain(model, x, options) {
    if (model.inputs.length !== 1 || model.inputs[0].dtype !== 'int32') {
      throw new OptionError(
        'Token attribution needs a model with one input of token ids (read by an embedding); for other inputs use layer-integrated-gradients with a layer.',
      );
    }
    const layer = embeddingLayer(model, options.layer ?? 'auto');
    const technique = options.technique ?? 'integrated-gradients';
    const prep = await prepareInputAsync(model, x, options);
    let x0: tf.Tensor | null = null;
    try {
      x0 = baselineIds(model, prep.x, options);
      let result: { values: tf.Tensor; delta?: number[] };
      if (technique === 'deeplift') {
        result = await deepLiftAtLayer(
          model,
          layer,
          prep.x,
          x0,
          prep.target,
          options.batchSize ?? 32,
          options,
        );
      } else if (technique === 'input-x-gradient') {
        const ids = Array.from({ length: prep.n }, (_, e) => e);
        result = {
          values: tf.tidy(() => {
            const { activation, gradient } = gradientAtLayer(
              model,
              layer,
              prep.x,
              selectorFor(prep.target, ids),
            );
            return tf.mul(activation, gradient);
          }),
        };
      } else {
        result = await integrate(model, prep, layer, x0, options);
      }
      const perToken = tf.tidy(() => {
        const v = result.values;
        const extra = Array.from({ length: v.rank - prep.x.rank }, (_, i) => prep.x.rank + i);
        return extra.length ? tf.sum(v, extra) : tf.clone(v);
      });
      result.values.dispose();
      return finishAttribution('token-attribution', prep, perToken, {
        layer,
        technique,
        ...(result.delta ? { convergenceDelta: result.delta } : {}),
      });
    } finally {
      x0?.dispose();
      prep.dispose();
    }
  },
};

/** Token attribution; see `tokenAttributionExplainer`. */
export function tokenAttribution(
  model: AnyModel,
  x: ModelInput,
  options: TokenAttributionOptions = {},
): Promise<Attribution> {
  return runMethod(tokenAttributionExplainer, model, x, { ...options });
}
