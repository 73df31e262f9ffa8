import * as tf from '@tensorflow/tfjs';

/** Per-example Σ over all but the batch axis, read back. */
export function exampleSums(t: tf.Tensor): number[] {
  const s = tf.tidy(() => tf.sum(tf.reshape(t, [t.shape[0], -1]), 1));
  const out = Array.from(s.dataSync());
  s.dispose();
  return out;
}

/** max |a − b| / max |b| (relative to the reference's largest value). */
export function relativeMaxError(a: tf.Tensor, b: tf.Tensor): number {
  const [diff, scale] = tf.tidy(() => [tf.max(tf.abs(tf.sub(a, b))), tf.max(tf.abs(b))]);
  const out = diff.dataSync()[0] / Math.max(scale.dataSync()[0], 1e-12);
  tf.dispose([diff, scale]);
  return out;
}

/** Smallest value of a tensor, read back. */
export function minValue(t: tf.Tensor): number {
  const m = tf.min(t);
  const v = m.dataSync()[0];
  m.dispose();
  return v;
}

/** Largest |value| of a tensor, read back. */
export function maxAbs(t: tf.Tensor): number {
  const m = tf.tidy(() => tf.max(tf.abs(t)));
  const v = m.dataSync()[0];
  m.dispose();
  return v;
}

/**
 * The model that `@loupe/models` ships (trained MNIST CNN) when its assets are there; otherwise the same
 * architecture (conv1 relu → pool1 → conv2 relu → pool2 → flatten → dense1 relu → logits softmax) with
 * seeded weights and non-zero biases, so the tests still run the real layer sequence.
 */
export async function mnistCnn(): Promise<{ model: tf.LayersModel; trained: boolean; images: tf.Tensor }> {
  try {
    // A computed specifier: @loupe/models may not have its entry (or types) yet; it resolves at run time.
    const specifier = '@loupe/models';
    const pkg = (await import(/* @vite-ignore */ specifier)) as {
      loadMnistCnn?: () => Promise<tf.LayersModel>;
      loadMnistSamples?: () => Promise<{ images: tf.Tensor; labels: unknown }>;
    };
    if (pkg.loadMnistCnn && pkg.loadMnistSamples) {
      const model = await pkg.loadMnistCnn();
      const samples = await pkg.loadMnistSamples();
      const images = tf.slice(samples.images, 0, 4);
      samples.images.dispose();
      return { model, trained: true, images };
    }
  } catch {
    // Assets or the package entry are not built yet: fall back to the architecture with seeded weights.
  }
  const init = (seed: number) => tf.initializers.heNormal({ seed });
  const bias = (seed: number) => tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed });
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        name: 'conv1',
        inputShape: [28, 28, 1],
        filters: 8,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(1),
        biasInitializer: bias(11),
      }),
      tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }),
      tf.layers.conv2d({
        name: 'conv2',
        filters: 16,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(2),
        biasInitializer: bias(12),
      }),
      tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({
        name: 'dense1',
        units: 64,
        activation: 'relu',
        kernelInitializer: init(3),
        biasInitializer: bias(13),
      }),
      tf.layers.dense({
        name: 'logits',
        units: 10,
        activation: 'softmax',
        kernelInitializer: init(4),
        biasInitializer: bias(14),
      }),
    ],
  });
  return { model, trained: false, images: tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 21) };
}

const seeded = (seed: number) => tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed });

/** Sequences `[N, 10, 3]`: causal Conv1D (ReLU) → MaxPooling1D → Conv1D → GlobalAveragePooling1D → Dense. */
export function sequenceModel(): tf.LayersModel {
  const m = tf.sequential();
  m.add(
    tf.layers.conv1d({
      inputShape: [10, 3],
      filters: 4,
      kernelSize: 3,
      padding: 'causal',
      activation: 'relu',
      kernelInitializer: seeded(1),
      biasInitializer: seeded(2),
      name: 'causal',
    }),
  );
  m.add(tf.layers.maxPooling1d({ poolSize: 2, name: 'pool' }));
  m.add(
    tf.layers.conv1d({
      filters: 5,
      kernelSize: 2,
      activation: 'tanh',
      kernelInitializer: seeded(3),
      biasInitializer: seeded(4),
      name: 'conv',
    }),
  );
  m.add(tf.layers.globalAveragePooling1d({ name: 'gap' }));
  m.add(tf.layers.dense({ units: 3, kernelInitializer: seeded(5), biasInitializer: seeded(6), name: 'out' }));
  return m;
}

/** Images `[N, 6, 6, 2]`: ZeroPadding2D → valid Conv2D (ELU) → GlobalMaxPooling2D → Dense softmax. */
export function paddedModel(): tf.LayersModel {
  const m = tf.sequential();
  m.add(tf.layers.zeroPadding2d({ inputShape: [6, 6, 2], padding: 1, name: 'pad' }));
  m.add(
    tf.layers.conv2d({
      filters: 4,
      kernelSize: 3,
      activation: 'elu',
      kernelInitializer: seeded(7),
      biasInitializer: seeded(8),
      name: 'conv',
    }),
  );
  m.add(tf.layers.globalMaxPooling2d({ name: 'gmp' }));
  m.add(
    tf.layers.dense({
      units: 3,
      activation: 'softmax',
      kernelInitializer: seeded(9),
      biasInitializer: seeded(10),
      name: 'out',
    }),
  );
  return m;
}
