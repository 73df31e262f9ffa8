import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { isKnownActivation, LINEAR } from './activations.js';
import {
  concatMove,
  identityMove,
  nearestResizeMove,
  padMove,
  repeatVectorMove,
  reshapeMove,
  sliceMove,
  transposeMove,
} from './moves.js';
import type { ActivationSpec, NodeOp } from './types.js';

/** One op a layer expands into; a separable conv expands into two (depthwise, then pointwise). */
export interface LayerOpPart {
  /** Appended to the layer name for all but the last part. */
  suffix: string;
  op: NodeOp;
  /** Channels of this part's output when it differs from the layer's (intermediate parts). */
  channels?: number;
}

type Config = Record<string, unknown>;

const IDENTITY_LAYERS = new Set([
  'Dropout',
  'SpatialDropout1D',
  'SpatialDropout2D',
  'GaussianNoise',
  'GaussianDropout',
  'AlphaDropout',
  'ActivityRegularization',
]);
const MERGES: Record<string, Extract<NodeOp, { kind: 'merge' }>['merge']> = {
  Add: 'add',
  Subtract: 'subtract',
  Multiply: 'multiply',
  Average: 'average',
  Maximum: 'maximum',
  Minimum: 'minimum',
};

function arr(v: unknown, n: number): number[] {
  if (Array.isArray(v)) return v.map(Number);
  return new Array<number>(n).fill(Number(v ?? 1));
}

function activationOf(cfg: Config): ActivationSpec | null {
  const name = typeof cfg.activation === 'string' ? cfg.activation : 'linear';
  return isKnownActivation(name) ? { name } : null;
}

function channelsLast(cfg: Config): boolean {
  return cfg.dataFormat === undefined || cfg.dataFormat === null || cfg.dataFormat === 'channelsLast';
}

function weights(layer: tfl.layers.Layer): tf.Tensor[] {
  // The layer's own variables: an unfolded graph reads them live, so weight updates need no rebuild.
  return layer.weights.map((w) => w.read());
}

const single = (op: NodeOp): LayerOpPart[] => [{ suffix: '', op }];

/** Layers that only move data (no weights, no arithmetic). */
function movementOps(cls: string, cfg: Config, outputShape: readonly (number | null)[]): NodeOp | null {
  switch (cls) {
    case 'Flatten':
      return reshapeMove([-1], 'Flatten');
    case 'Reshape':
      return reshapeMove((cfg.targetShape as number[]).map(Number));
    case 'Concatenate':
      return concatMove(Number(cfg.axis ?? -1), 'Concatenate');
    case 'Permute':
      return transposeMove([0, ...(cfg.dims as number[]).map(Number)]);
    case 'RepeatVector':
      return repeatVectorMove(Number(cfg.n));
    case 'ZeroPadding2D': {
      if (!channelsLast(cfg)) return null;
      const p = cfg.padding as [[number, number], [number, number]];
      return padMove([[0, 0], p[0], p[1], [0, 0]], 0, 'ZeroPadding2D');
    }
    case 'Cropping2D': {
      if (!channelsLast(cfg)) return null;
      const c = cfg.cropping as [[number, number], [number, number]];
      const [h, w] = [outputShape[1] as number, outputShape[2] as number];
      return sliceMove([0, c[0][0], c[1][0], 0], [-1, h, w, -1], 'Cropping2D');
    }
    case 'UpSampling2D': {
      if (!channelsLast(cfg) || (cfg.interpolation ?? 'nearest') !== 'nearest') return null;
      return nearestResizeMove([outputShape[1] as number, outputShape[2] as number], false, false);
    }
    default:
      return IDENTITY_LAYERS.has(cls) ? identityMove(cls) : null;
  }
}

function activationLayer(cls: string, cfg: Config, w: tf.Tensor[], rank: number): NodeOp | null {
  switch (cls) {
    case 'Activation': {
      const activation = activationOf(cfg);
      return activation ? { kind: 'activation', activation } : null;
    }
    case 'ReLU':
      return {
        kind: 'activation',
        activation:
          cfg.maxValue == null ? { name: 'relu' } : { name: 'relu', maxValue: Number(cfg.maxValue) },
      };
    case 'LeakyReLU':
      return { kind: 'activation', activation: { name: 'leakyRelu', alpha: Number(cfg.alpha ?? 0.3) } };
    case 'PReLU':
      return { kind: 'activation', activation: { name: 'prelu', slopes: w[0] } };
    case 'ELU':
      return { kind: 'activation', activation: { name: 'elu', alpha: Number(cfg.alpha ?? 1) } };
    case 'Softmax':
      return cfg.axis === -1 || cfg.axis === undefined || cfg.axis === rank - 1
        ? { kind: 'activation', activation: { name: 'softmax' } }
        : null;
    default:
      return null;
  }
}

/** Dense, convolutions, BatchNorm, pooling: the layers with weights or windows. */
function computeOps(layer: tfl.layers.Layer, cls: string, cfg: Config, w: tf.Tensor[]): LayerOpPart[] | null {
  const activation = activationOf(cfg);
  const useBias = cfg.useBias !== false;
  const bias = (k: number) => (useBias ? (w[k] as tf.Tensor1D) : null);
  if (['Dense', 'Conv1D', 'Conv2D', 'DepthwiseConv2D', 'SeparableConv2D'].includes(cls)) {
    if (!activation || !channelsLast(cfg)) return null;
  }
  switch (cls) {
    case 'Dense':
      return single({
        kind: 'dense',
        kernel: w[0] as tf.Tensor2D,
        bias: bias(1),
        activation: activation as ActivationSpec,
      });
    case 'Conv1D':
    case 'Conv2D': {
      const rank = cls === 'Conv1D' ? 1 : 2;
      return single({
        kind: 'conv',
        rank,
        kernel: w[0],
        bias: bias(1),
        activation: activation as ActivationSpec,
        padding: cfg.padding as 'same' | 'valid' | 'causal',
        strides: arr(cfg.strides, rank),
        dilations: arr(cfg.dilationRate, rank),
      });
    }
    case 'DepthwiseConv2D':
      return single({
        kind: 'depthwise',
        kernel: w[0] as tf.Tensor4D,
        bias: bias(1),
        activation: activation as ActivationSpec,
        strides: arr(cfg.strides, 2) as [number, number],
        padding: cfg.padding as 'same' | 'valid',
        dilations: arr(cfg.dilationRate, 2) as [number, number],
      });
    case 'SeparableConv2D': {
      const depthwise = w[0] as tf.Tensor4D;
      return [
        {
          suffix: '/depthwise',
          channels: depthwise.shape[2] * depthwise.shape[3],
          op: {
            kind: 'depthwise',
            kernel: depthwise,
            bias: null,
            activation: LINEAR,
            strides: arr(cfg.strides, 2) as [number, number],
            padding: cfg.padding as 'same' | 'valid',
            dilations: arr(cfg.dilationRate, 2) as [number, number],
          },
        },
        {
          suffix: '',
          op: {
            kind: 'conv',
            rank: 2,
            kernel: w[1],
            bias: bias(2),
            activation: activation as ActivationSpec,
            strides: [1, 1],
            padding: 'valid',
            dilations: [1, 1],
          },
        },
      ];
    }
    case 'BatchNormalization': {
      const axis = cfg.axis as number;
      if (axis !== -1 && axis !== (layer.outputShape as number[]).length - 1) return null;
      let i = 0;
      const gamma = cfg.scale !== false ? (w[i++] as tf.Tensor1D) : null;
      const beta = cfg.center !== false ? (w[i++] as tf.Tensor1D) : null;
      return single({
        kind: 'batchnorm',
        gamma,
        beta,
        mean: w[i] as tf.Tensor1D,
        variance: w[i + 1] as tf.Tensor1D,
        epsilon: Number(cfg.epsilon ?? 1e-3),
      });
    }
    case 'MaxPooling1D':
    case 'AveragePooling1D':
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      if (!channelsLast(cfg)) return null;
      const rank = cls.endsWith('1D') ? 1 : 2;
      const poolSize = arr(cfg.poolSize, rank);
      return single({
        kind: 'pool',
        pool: cls.startsWith('Max') ? 'max' : 'avg',
        rank,
        poolSize,
        strides: cfg.strides == null ? poolSize : arr(cfg.strides, rank),
        padding: cfg.padding as 'same' | 'valid',
      });
    }
    case 'Embedding':
      return single({ kind: 'embedding', table: w[0] as tf.Tensor2D });
    case 'GlobalAveragePooling1D':
    case 'GlobalMaxPooling1D':
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D':
      if (!channelsLast(cfg)) return null;
      return single({
        kind: 'global-pool',
        pool: cls.startsWith('GlobalMax') ? 'max' : 'avg',
        rank: cls.endsWith('1D') ? 1 : 2,
      });
    default:
      return null;
  }
}

/**
 * Translates a tfjs layer into plain ops on its weights. Layers this does not know (or configurations
 * it does not handle, such as channels-first data) become a `layer` op that calls the layer itself:
 * still correct, only without the explanation graph's savings and without relevance rules.
 */
export function layerToOps(layer: tfl.layers.Layer): LayerOpPart[] {
  const cls = layer.getClassName();
  const cfg = layer.getConfig() as Config;
  if (cls in MERGES) return single({ kind: 'merge', merge: MERGES[cls] });
  const outputShape = layer.outputShape as (number | null)[];
  const moved = movementOps(cls, cfg, outputShape);
  if (moved) return single(moved);
  const w = weights(layer);
  const act = activationLayer(cls, cfg, w, outputShape.length);
  if (act) return single(act);
  return computeOps(layer, cls, cfg, w) ?? single({ kind: 'layer', layer });
}
