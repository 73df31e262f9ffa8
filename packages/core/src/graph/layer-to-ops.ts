import type * as tf from '@tensorflow/tfjs';
import { isKnownActivation, LINEAR } from './activations.js';
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
const MERGES: Record<string, 'add' | 'subtract' | 'multiply' | 'average' | 'maximum' | 'minimum'> = {
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

function weights(layer: tf.layers.Layer): tf.Tensor[] {
  // The layer's own variables: an unfolded graph reads them live, so weight updates need no rebuild.
  return layer.weights.map((w) => w.read());
}

/**
 * Translates a tfjs layer into plain ops on its weights. Layers this does not know (or configurations
 * it does not handle, such as channels-first data) become a `layer` op that calls the layer itself:
 * still correct, only without the explanation graph's savings.
 */
export function layerToOps(layer: tf.layers.Layer): LayerOpPart[] {
  const cls = layer.getClassName();
  const cfg = layer.getConfig() as Config;
  const fallback: LayerOpPart[] = [{ suffix: '', op: { kind: 'layer', layer } }];
  const single = (op: NodeOp): LayerOpPart[] => [{ suffix: '', op }];
  if (IDENTITY_LAYERS.has(cls)) return single({ kind: 'identity' });
  if (cls in MERGES) return single({ kind: 'merge', merge: MERGES[cls] });
  const activation = activationOf(cfg);
  const w = weights(layer);
  const useBias = cfg.useBias !== false;
  switch (cls) {
    case 'Dense':
      if (!activation) return fallback;
      return single({
        kind: 'dense',
        kernel: w[0] as tf.Tensor2D,
        bias: useBias ? (w[1] as tf.Tensor1D) : null,
        activation,
      });
    case 'Conv1D':
    case 'Conv2D': {
      const rank = cls === 'Conv1D' ? 1 : 2;
      if (!activation || !channelsLast(cfg)) return fallback;
      const padding = cfg.padding as 'same' | 'valid' | 'causal';
      return single({
        kind: 'conv',
        rank,
        kernel: w[0],
        bias: useBias ? (w[1] as tf.Tensor1D) : null,
        activation,
        padding,
        strides: arr(cfg.strides, rank),
        dilations: arr(cfg.dilationRate, rank),
      });
    }
    case 'DepthwiseConv2D': {
      if (!activation || !channelsLast(cfg)) return fallback;
      return single({
        kind: 'depthwise',
        kernel: w[0] as tf.Tensor4D,
        bias: useBias ? (w[1] as tf.Tensor1D) : null,
        activation,
        strides: arr(cfg.strides, 2) as [number, number],
        padding: cfg.padding as 'same' | 'valid',
        dilations: arr(cfg.dilationRate, 2) as [number, number],
      });
    }
    case 'SeparableConv2D': {
      if (!activation || !channelsLast(cfg)) return fallback;
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
            bias: useBias ? (w[2] as tf.Tensor1D) : null,
            activation,
            strides: [1, 1],
            padding: 'valid',
            dilations: [1, 1],
          },
        },
      ];
    }
    case 'BatchNormalization': {
      const axis = cfg.axis as number;
      if (axis !== -1 && axis !== (layer.outputShape as number[]).length - 1) return fallback;
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
      if (!channelsLast(cfg)) return fallback;
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
    case 'GlobalAveragePooling1D':
    case 'GlobalMaxPooling1D':
    case 'GlobalAveragePooling2D':
    case 'GlobalMaxPooling2D':
      if (!channelsLast(cfg)) return fallback;
      return single({
        kind: 'global-pool',
        pool: cls.startsWith('GlobalMax') ? 'max' : 'avg',
        rank: cls.endsWith('1D') ? 1 : 2,
      });
    case 'Activation':
      return activation ? single({ kind: 'activation', activation }) : fallback;
    case 'ReLU':
      return single({
        kind: 'activation',
        activation:
          cfg.maxValue == null ? { name: 'relu' } : { name: 'relu', maxValue: Number(cfg.maxValue) },
      });
    case 'LeakyReLU':
      return single({
        kind: 'activation',
        activation: { name: 'leakyRelu', alpha: Number(cfg.alpha ?? 0.3) },
      });
    case 'ELU':
      return single({ kind: 'activation', activation: { name: 'elu', alpha: Number(cfg.alpha ?? 1) } });
    case 'Softmax':
      return cfg.axis === -1 ||
        cfg.axis === undefined ||
        cfg.axis === (layer.outputShape as number[]).length - 1
        ? single({ kind: 'activation', activation: { name: 'softmax' } })
        : fallback;
    case 'Flatten':
      return single({ kind: 'reshape', shape: [-1] });
    case 'Reshape':
      return single({ kind: 'reshape', shape: (cfg.targetShape as number[]).map(Number) });
    case 'Concatenate':
      return single({ kind: 'concat', axis: Number(cfg.axis ?? -1) });
    case 'ZeroPadding2D': {
      if (!channelsLast(cfg)) return fallback;
      const p = cfg.padding as [[number, number], [number, number]];
      return single({
        kind: 'pad',
        paddings: [
          [p[0][0], p[0][1]],
          [p[1][0], p[1][1]],
        ],
      });
    }
    default:
      return fallback;
  }
}
