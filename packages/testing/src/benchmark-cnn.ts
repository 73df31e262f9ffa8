import * as tfl from '@tensorflow/tfjs-layers';

/**
 * The CNN of the PyTorch ruler (`torch_baseline.py`'s `MnistCnn`), for side-by-side benchmarks: 28×28×1 →
 * conv 3×3 16 → conv 3×3 32 → max pool 2 → conv 3×3 64 → max pool 2 → dense 128 → dense 10 logits, ReLU
 * after every layer but the last, 'same' padding. Weights are seeded Glorot-uniform (PyTorch's default init
 * differs; the timing does not depend on the values). 3,136 features reach the first dense layer.
 */
export function buildBenchmarkCnn(seed = 1): tfl.Sequential {
  let s = seed;
  const conv = (filters: number, extra: Partial<Parameters<typeof tfl.layers.conv2d>[0]> = {}) =>
    tfl.layers.conv2d({
      filters,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: s++ }),
      ...extra,
    });
  const model = tfl.sequential({ name: 'benchmark_cnn' });
  model.add(conv(16, { inputShape: [28, 28, 1] }));
  model.add(conv(32));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(conv(64));
  model.add(tfl.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tfl.layers.flatten());
  model.add(
    tfl.layers.dense({
      units: 128,
      activation: 'relu',
      kernelInitializer: tfl.initializers.glorotUniform({ seed: s++ }),
    }),
  );
  model.add(
    tfl.layers.dense({ units: 10, kernelInitializer: tfl.initializers.glorotUniform({ seed: s++ }) }),
  );
  return model;
}
