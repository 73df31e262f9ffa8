import * as tf from '@tensorflow/tfjs';

/** Sequence length and features of the recurrent fixtures' input `[N, T, F]`. */
export const STEPS = 4;
export const FEATURES = 3;

type Cell = 'lstm' | 'gru';

function seeded(seed: number) {
  return {
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 1 }),
    // Non-zero biases, so LRP's bias absorption and DeepLIFT's reference activations are exercised.
    biasInitializer: tf.initializers.randomUniform({ minval: -0.3, maxval: 0.3, seed: seed + 2 }),
  };
}

function cell(kind: Cell, units: number, seed: number, extra: Record<string, unknown> = {}): tf.layers.Layer {
  const config = { units, ...seeded(seed), ...extra };
  return kind === 'lstm' ? tf.layers.lstm(config) : tf.layers.gru(config);
}

function head(m: tf.Sequential, seed: number): tf.Sequential {
  m.add(
    tf.layers.dense({
      units: 3,
      name: 'logits',
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
      biasInitializer: tf.initializers.randomUniform({ minval: -0.2, maxval: 0.2, seed: seed + 1 }),
    }),
  );
  return m;
}

/** Small recurrent LayersModels on `[N, 4, 3]` with 3 logits: LSTM, GRU, Bidirectional, sequences, stacks. */
export const RECURRENT_MODELS: { name: string; build: () => tf.LayersModel }[] = [
  {
    name: 'LSTM',
    build: () => head(tf.sequential({ layers: [cell('lstm', 4, 1, { inputShape: [STEPS, FEATURES] })] }), 9),
  },
  {
    name: 'GRU',
    build: () => head(tf.sequential({ layers: [cell('gru', 4, 2, { inputShape: [STEPS, FEATURES] })] }), 9),
  },
  {
    name: 'LSTM (return_sequences) → GRU, sigmoid recurrent activation',
    build: () =>
      head(
        tf.sequential({
          layers: [
            cell('lstm', 3, 3, {
              inputShape: [STEPS, FEATURES],
              returnSequences: true,
              recurrentActivation: 'sigmoid',
            }),
            cell('gru', 3, 4, { recurrentActivation: 'sigmoid' }),
          ],
        }),
        9,
      ),
  },
  {
    name: 'Bidirectional LSTM (return_sequences, concat) → Flatten',
    build: () =>
      head(
        tf.sequential({
          layers: [
            tf.layers.bidirectional({
              layer: cell('lstm', 3, 5, { returnSequences: true }) as tf.RNN,
              inputShape: [STEPS, FEATURES],
              mergeMode: 'concat',
            }),
            tf.layers.flatten(),
          ],
        }),
        9,
      ),
  },
  {
    name: 'Bidirectional GRU (sum), go_backwards inside',
    build: () =>
      head(
        tf.sequential({
          layers: [
            tf.layers.bidirectional({
              layer: cell('gru', 3, 6) as tf.RNN,
              inputShape: [STEPS, FEATURES],
              mergeMode: 'sum',
            }),
          ],
        }),
        9,
      ),
  },
];
