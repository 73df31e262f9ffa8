import * as tfl from '@tensorflow/tfjs-layers';

/**
 * A functional model with two inputs, an image `image` `[N, 6, 6, 2]` (conv 3×3 → ReLU → max pool) and a
 * tabular `tabular` `[N, 4]` (dense → ReLU), concatenated into a dense head of `outputs` logits (softmax with
 * `softmax: true`). Seeded weights; `bias: false` drops every bias (LRP-0 is then conservative).
 */
export function imageTabularModel(
  options: { seed?: number; bias?: boolean; outputs?: number; softmax?: boolean } = {},
): tfl.LayersModel {
  const { seed = 3, bias = true, outputs = 3, softmax = false } = options;
  const init = (s: number, limit = 0.5) =>
    tfl.initializers.randomUniform({ minval: -limit, maxval: limit, seed: s });
  const image = tfl.input({ shape: [6, 6, 2], name: 'image' });
  const tabular = tfl.input({ shape: [4], name: 'tabular' });
  const conv = tfl.layers
    .conv2d({
      filters: 4,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      useBias: bias,
      kernelInitializer: init(seed),
      biasInitializer: init(seed + 1, 0.1),
      name: 'conv',
    })
    .apply(image) as tfl.SymbolicTensor;
  const pooled = tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool' }).apply(conv) as tfl.SymbolicTensor;
  const flat = tfl.layers.flatten({ name: 'flat' }).apply(pooled) as tfl.SymbolicTensor;
  const hidden = tfl.layers
    .dense({
      units: 6,
      activation: 'relu',
      useBias: bias,
      kernelInitializer: init(seed + 2),
      biasInitializer: init(seed + 3, 0.1),
      name: 'tab_dense',
    })
    .apply(tabular) as tfl.SymbolicTensor;
  const joined = tfl.layers.concatenate({ name: 'joined' }).apply([flat, hidden]) as tfl.SymbolicTensor;
  const head = tfl.layers
    .dense({
      units: outputs,
      activation: softmax ? 'softmax' : 'linear',
      useBias: bias,
      kernelInitializer: init(seed + 4),
      biasInitializer: init(seed + 5, 0.1),
      name: 'head',
    })
    .apply(joined) as tfl.SymbolicTensor;
  return tfl.model({ inputs: [image, tabular], outputs: head, name: 'image_tabular' });
}
