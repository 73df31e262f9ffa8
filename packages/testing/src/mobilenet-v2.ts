import * as tfl from '@tensorflow/tfjs-layers';

/** Options of {@link buildMobileNetV2Like}. */
export interface MobileNetV2Options {
  /** Input height and width in pixels (3 channels). Default 224; any multiple of 32 keeps the shapes exact. */
  inputSize?: number;
  /** Width multiplier α of the paper: scales every layer's channels (rounded to multiples of 8). Default 1. */
  alpha?: number;
  /** Seed of all random weights and BatchNorm statistics. Default 0. */
  seed?: number;
  /** Number of output classes of the softmax head. Default 1000. */
  classes?: number;
}

/** Inverted-residual stages of MobileNetV2 (Sandler et al. 2018, Table 2): expansion t, channels c, repeats n, stride s. */
const STAGES: readonly { t: number; c: number; n: number; s: number }[] = [
  { t: 1, c: 16, n: 1, s: 1 },
  { t: 6, c: 24, n: 2, s: 2 },
  { t: 6, c: 32, n: 3, s: 2 },
  { t: 6, c: 64, n: 4, s: 2 },
  { t: 6, c: 96, n: 3, s: 1 },
  { t: 6, c: 160, n: 3, s: 2 },
  { t: 6, c: 320, n: 1, s: 1 },
];

/** Rounds channels to a multiple of 8 without going below 90% of the request (the paper's reference rule). */
function makeDivisible(value: number, divisor = 8): number {
  const rounded = Math.max(divisor, Math.floor((value + divisor / 2) / divisor) * divisor);
  return rounded < 0.9 * value ? rounded + divisor : rounded;
}

/** Layer factories that draw every weight from one seeded stream, so a seed fixes the whole model. */
class SeededLayers {
  private next: number;
  constructor(seed: number) {
    this.next = seed * 7919 + 1;
  }
  private seed(): number {
    this.next += 1;
    return this.next;
  }
  heNormal(): ReturnType<typeof tfl.initializers.randomUniform> {
    return tfl.initializers.heNormal({ seed: this.seed() });
  }
  /** Normal weights with standard deviation `stddev`. */
  normal(stddev: number): ReturnType<typeof tfl.initializers.randomUniform> {
    return tfl.initializers.randomNormal({ mean: 0, stddev, seed: this.seed() });
  }
  uniform(minval: number, maxval: number): ReturnType<typeof tfl.initializers.randomUniform> {
    return tfl.initializers.randomUniform({ minval, maxval, seed: this.seed() });
  }
  /** BatchNorm whose γ, β, moving mean and moving variance are all random, so folding it changes numbers. */
  batchNorm(name: string): tfl.layers.Layer {
    return tfl.layers.batchNormalization({
      name,
      epsilon: 1e-3,
      momentum: 0.999,
      gammaInitializer: this.uniform(0.5, 1.5),
      betaInitializer: this.uniform(-0.2, 0.2),
      movingMeanInitializer: this.uniform(-0.2, 0.2),
      movingVarianceInitializer: this.uniform(0.5, 1.5),
    });
  }
}

/** Conv (1×1 or k×k) → BatchNorm → optional ReLU6, named `<name>`, `<name>_BN`, `<name>_relu`. */
function convBn(
  x: tfl.SymbolicTensor,
  layers: SeededLayers,
  name: string,
  filters: number,
  kernelSize: number,
  strides: number,
  relu6: boolean,
): tfl.SymbolicTensor {
  let y = tfl.layers
    .conv2d({
      name,
      filters,
      kernelSize,
      strides,
      padding: 'same',
      useBias: false,
      kernelInitializer: layers.heNormal(),
    })
    .apply(x) as tfl.SymbolicTensor;
  y = layers.batchNorm(`${name}_BN`).apply(y) as tfl.SymbolicTensor;
  return relu6 ? (tfl.layers.reLU({ name: `${name}_relu`, maxValue: 6 }).apply(y) as tfl.SymbolicTensor) : y;
}

/** One inverted residual block: expand 1×1 (skipped when t = 1) → depthwise 3×3 → linear projection 1×1 (+ add). */
function invertedResidual(
  x: tfl.SymbolicTensor,
  layers: SeededLayers,
  prefix: string,
  expansion: number,
  outChannels: number,
  stride: number,
): tfl.SymbolicTensor {
  const inChannels = x.shape[3] as number;
  let y = expansion === 1 ? x : convBn(x, layers, `${prefix}expand`, inChannels * expansion, 1, 1, true);
  y = tfl.layers
    .depthwiseConv2d({
      name: `${prefix}depthwise`,
      kernelSize: 3,
      strides: stride,
      padding: 'same',
      useBias: false,
      // He initialisation with the true fan-in of a depthwise 3×3 filter (9). tfjs's heNormal counts a
      // depthwise kernel [3, 3, C, 1] as fan-in 9·C, which shrinks every block's signal by √C: after a
      // dozen blocks the logits no longer depended on the input (identical for any input at 32×32).
      depthwiseInitializer: layers.normal(Math.sqrt(2 / 9)),
    })
    .apply(y) as tfl.SymbolicTensor;
  y = layers.batchNorm(`${prefix}depthwise_BN`).apply(y) as tfl.SymbolicTensor;
  y = tfl.layers.reLU({ name: `${prefix}depthwise_relu`, maxValue: 6 }).apply(y) as tfl.SymbolicTensor;
  y = convBn(y, layers, `${prefix}project`, outChannels, 1, 1, false);
  if (stride === 1 && inChannels === outChannels) {
    y = tfl.layers.add({ name: `${prefix}add` }).apply([x, y]) as tfl.SymbolicTensor;
  }
  return y;
}

/**
 * A functional `tf.LayersModel` with MobileNetV2's architecture (Sandler et al. 2018, "MobileNetV2: Inverted
 * Residuals and Linear Bottlenecks") and seeded random weights: Conv-BN-ReLU6 stem (32·α, stride 2), 17
 * inverted residual blocks, a 1×1 conv to 1280 channels (1280·α when α > 1) with BN and ReLU6, global average
 * pooling and a Dense softmax head. Layer names follow Keras's MobileNetV2 (`Conv1`, `block_3_depthwise`,
 * `block_3_project_BN`, `block_3_add`, `Conv_1`, `predictions` …). BatchNorm statistics are random, so folding
 * BatchNorm changes the arithmetic while keeping the outputs. Input `[N, inputSize, inputSize, 3]`; output
 * `[N, classes]` probabilities. The caller owns the model (`model.dispose()`).
 */
export function buildMobileNetV2Like(options: MobileNetV2Options = {}): tfl.LayersModel {
  const { inputSize = 224, alpha = 1, seed = 0, classes = 1000 } = options;
  const layers = new SeededLayers(seed);
  const input = tfl.input({ shape: [inputSize, inputSize, 3], name: 'input_1' });
  let x = tfl.layers
    .conv2d({
      name: 'Conv1',
      filters: makeDivisible(32 * alpha),
      kernelSize: 3,
      strides: 2,
      padding: 'same',
      useBias: false,
      kernelInitializer: layers.heNormal(),
    })
    .apply(input) as tfl.SymbolicTensor;
  x = layers.batchNorm('bn_Conv1').apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.reLU({ name: 'Conv1_relu', maxValue: 6 }).apply(x) as tfl.SymbolicTensor;
  let block = 0;
  for (const { t, c, n, s } of STAGES) {
    for (let i = 0; i < n; i += 1) {
      const prefix = block === 0 ? 'expanded_conv_' : `block_${block}_`;
      x = invertedResidual(x, layers, prefix, t, makeDivisible(c * alpha), i === 0 ? s : 1);
      block += 1;
    }
  }
  x = convBn(x, layers, 'Conv_1', alpha > 1 ? makeDivisible(1280 * alpha) : 1280, 1, 1, false);
  x = tfl.layers.reLU({ name: 'out_relu', maxValue: 6 }).apply(x) as tfl.SymbolicTensor;
  x = tfl.layers.globalAveragePooling2d({ name: 'global_average_pooling2d' }).apply(x) as tfl.SymbolicTensor;
  const output = tfl.layers
    .dense({
      name: 'predictions',
      units: classes,
      activation: 'softmax',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: seed * 7919 }),
    })
    .apply(x) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: output, name: `mobilenetv2_${alpha}_${inputSize}` });
}
