import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Seeded uniform initializer in [−limit, limit]. */
function init(seed: number, limit = 0.5): ReturnType<typeof tfl.initializers.randomUniform> {
  return tfl.initializers.randomUniform({ minval: -limit, maxval: limit, seed });
}

/**
 * A linear model f(x) = W·x + b on flat inputs `[N, F]` with the given weights (`weights[o][f]`): the
 * closed-form case for attribution tests (gradient = W row, IG = (x − x₀)·W row).
 */
export function linearModel(
  weights: readonly (readonly number[])[],
  bias?: readonly number[],
): tfl.Sequential {
  const outputs = weights.length;
  const features = weights[0].length;
  const model = tfl.sequential();
  model.add(
    tfl.layers.dense({ units: outputs, inputShape: [features], useBias: bias !== undefined, name: 'linear' }),
  );
  const kernel = tf.transpose(tf.tensor2d(weights as number[][]));
  model.layers[0].setWeights(bias ? [kernel, tf.tensor1d(bias as number[])] : [kernel]);
  kernel.dispose();
  return model;
}

/**
 * A two-layer ReLU network `[N, F] → hidden → outputs` with seeded weights; `softmax` adds a softmax head
 * (the logits view must then strip it). `bias: false` gives the bias-free net on which LRP-0 equals
 * gradient × input.
 */
export function tinyReluNet(
  options: {
    features?: number;
    hidden?: number;
    outputs?: number;
    seed?: number;
    bias?: boolean;
    softmax?: boolean;
  } = {},
): tfl.Sequential {
  const { features = 6, hidden = 5, outputs = 3, seed = 1, bias = true, softmax = false } = options;
  const model = tfl.sequential();
  model.add(
    tfl.layers.dense({
      units: hidden,
      inputShape: [features],
      activation: 'relu',
      useBias: bias,
      kernelInitializer: init(seed),
      biasInitializer: init(seed + 1, 0.1),
      name: 'hidden',
    }),
  );
  model.add(
    tfl.layers.dense({
      units: outputs,
      activation: softmax ? 'softmax' : 'linear',
      useBias: bias,
      kernelInitializer: init(seed + 2),
      biasInitializer: init(seed + 3, 0.1),
      name: 'out',
    }),
  );
  return model;
}

/** Sets every BatchNormalization layer's moving statistics and affine params to seeded non-trivial values. */
export function randomizeBatchNorm(model: tfl.LayersModel, seed = 7): void {
  let s = seed;
  const visit = (layers: tfl.layers.Layer[]) => {
    for (const layer of layers) {
      if (layer instanceof tfl.LayersModel) visit(layer.layers);
      if (layer.getClassName() !== 'BatchNormalization') continue;
      const values = layer.getWeights().map((w, i, all) => {
        const isVariance = i === all.length - 1;
        return isVariance
          ? tf.randomUniform(w.shape, 0.5, 2, 'float32', s++)
          : tf.randomUniform(w.shape, -0.5, 0.5, 'float32', s++);
      });
      layer.setWeights(values);
      tf.dispose(values);
    }
  };
  visit(model.layers);
}

/**
 * A small sequential CNN for `[N, 8, 8, 1]` inputs: Conv2D → BatchNorm → ReLU → MaxPool → Conv2D (relu,
 * the last spatial layer) → Flatten → Dense softmax. BatchNorm statistics are randomised so folding matters.
 */
export function tinyCnn(
  options: { seed?: number; size?: number; channels?: number; classes?: number } = {},
): tfl.Sequential {
  const { seed = 3, size = 8, channels = 1, classes = 4 } = options;
  const m = tfl.sequential();
  m.add(
    tfl.layers.conv2d({
      inputShape: [size, size, channels],
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      kernelInitializer: init(seed),
      biasInitializer: init(seed + 1, 0.1),
      name: 'conv1',
    }),
  );
  m.add(tfl.layers.batchNormalization({ name: 'bn1' }));
  m.add(tfl.layers.activation({ activation: 'relu', name: 'relu1' }));
  m.add(tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }));
  m.add(
    tfl.layers.conv2d({
      filters: 6,
      kernelSize: 3,
      activation: 'relu',
      padding: 'same',
      kernelInitializer: init(seed + 2),
      biasInitializer: init(seed + 3, 0.1),
      name: 'conv2',
    }),
  );
  m.add(tfl.layers.flatten({ name: 'flatten' }));
  m.add(
    tfl.layers.dense({
      units: classes,
      activation: 'softmax',
      kernelInitializer: init(seed + 4),
      name: 'logits',
    }),
  );
  randomizeBatchNorm(m, seed + 10);
  return m;
}

/**
 * A functional model with branches, a residual add, a concatenation, a depthwise conv, a separable conv
 * and a nested model used as a layer (as in transfer learning), ending in a separate Softmax activation.
 * Input `[N, 8, 8, 2]`.
 */
export function tinyFunctionalModel(seed = 11): tfl.LayersModel {
  const inner = tfl.sequential({ name: 'backbone' });
  inner.add(
    tfl.layers.conv2d({
      inputShape: [8, 8, 2],
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      kernelInitializer: init(seed),
      name: 'stem',
    }),
  );
  inner.add(tfl.layers.batchNormalization({ name: 'stem_bn' }));
  inner.add(tfl.layers.reLU({ maxValue: 6, name: 'stem_relu6' }));
  const input = tfl.input({ shape: [8, 8, 2], name: 'image' });
  const features = inner.apply(input) as tfl.SymbolicTensor;
  const dw = tfl.layers
    .depthwiseConv2d({
      kernelSize: 3,
      depthMultiplier: 2,
      padding: 'same',
      strides: 2,
      depthwiseInitializer: init(seed + 1),
      name: 'dw',
    })
    .apply(features) as tfl.SymbolicTensor;
  const dwBn = tfl.layers.batchNormalization({ name: 'dw_bn' }).apply(dw) as tfl.SymbolicTensor;
  const branchA = tfl.layers
    .conv2d({
      filters: 8,
      kernelSize: 1,
      activation: 'relu',
      kernelInitializer: init(seed + 2),
      name: 'branch_a',
    })
    .apply(dwBn) as tfl.SymbolicTensor;
  const branchB = tfl.layers
    .separableConv2d({
      filters: 8,
      kernelSize: 3,
      padding: 'same',
      depthwiseInitializer: init(seed + 3),
      pointwiseInitializer: init(seed + 4),
      name: 'branch_b',
    })
    .apply(dwBn) as tfl.SymbolicTensor;
  const added = tfl.layers.add({ name: 'residual' }).apply([branchA, branchB]) as tfl.SymbolicTensor;
  const leaky = tfl.layers.leakyReLU({ alpha: 0.1, name: 'leaky' }).apply(added) as tfl.SymbolicTensor;
  const pooled = tfl.layers
    .averagePooling2d({ poolSize: 2, name: 'avgpool' })
    .apply(leaky) as tfl.SymbolicTensor;
  const gap = tfl.layers.globalAveragePooling2d({ name: 'gap' }).apply(leaky) as tfl.SymbolicTensor;
  const flat = tfl.layers.flatten({ name: 'flat' }).apply(pooled) as tfl.SymbolicTensor;
  const joined = tfl.layers.concatenate({ name: 'concat' }).apply([flat, gap]) as tfl.SymbolicTensor;
  const dense = tfl.layers
    .dense({
      units: 5,
      kernelInitializer: init(seed + 5),
      biasInitializer: init(seed + 6, 0.1),
      name: 'scores',
    })
    .apply(joined) as tfl.SymbolicTensor;
  const probs = tfl.layers.softmax({ name: 'probs' }).apply(dense) as tfl.SymbolicTensor;
  const model = tfl.model({ inputs: input, outputs: probs, name: 'functional' });
  randomizeBatchNorm(model, seed + 20);
  return model;
}
