import { wrapModel } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import type { ServedFile } from './model-server.js';

/** Tokens the model reads at once (shorter texts are padded with id 0). */
export const TEXT_LENGTH = 8;
/** Class names the served labels give: class 1 when "good" decides, class 0 when "bad" does. */
export const TEXT_LABELS = ['negative', 'positive'];
const FILLERS = ['the', 'film', 'was', 'a', 'movie', 'plot', 'and', 'it', 'story', 'this', 'actors', 'very'];
/** The vocabulary: 0 pad, 1 unknown, the two deciding words, then the fillers. */
export const TEXT_VOCAB: Record<string, number> = Object.fromEntries(
  ['[PAD]', '[UNK]', 'good', 'bad', ...FILLERS].map((token, id) => [token, id]),
);

/**
 * Trains embedding → mean pooling → dense softmax on a task whose answer is known: each sequence holds
 * filler words and exactly one deciding word, "good" (label 1) or "bad" (label 0). Seeded; about a second
 * on tfjs' cpu backend. Returns the files a host serves (model.json, weights.bin, vocab.json, labels.json)
 * and the model's logits for a row of ids (what the playground explains: its softmax is peeled off).
 */
export async function trainTextModel(): Promise<{
  files: Record<string, ServedFile>;
  logits(row: readonly number[]): number[];
}> {
  await tf.setBackend('cpu');
  let seed = 7;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 600; i++) {
    const used = 3 + Math.floor(rand() * (TEXT_LENGTH - 2));
    const row = Array.from({ length: TEXT_LENGTH }, (_, t) =>
      t < used ? 4 + Math.floor(rand() * FILLERS.length) : 0,
    );
    row[Math.floor(rand() * used)] = i % 2 === 0 ? TEXT_VOCAB.good : TEXT_VOCAB.bad;
    rows.push(row);
    labels.push(i % 2 === 0 ? 1 : 0);
  }
  const model = tf.sequential();
  const vocabulary = Object.keys(TEXT_VOCAB).length;
  model.add(
    tf.layers.embedding({
      inputDim: vocabulary,
      outputDim: 8,
      inputLength: TEXT_LENGTH,
      name: 'embed',
      embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: 1 }),
    }),
  );
  model.add(tf.layers.globalAveragePooling1d({ name: 'pool' }));
  model.add(
    tf.layers.dense({
      units: 2,
      activation: 'softmax',
      name: 'scores',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
    }),
  );
  model.compile({ optimizer: tf.train.adam(0.05), loss: 'sparseCategoricalCrossentropy' });
  const xs = tf.tensor2d(rows, [rows.length, TEXT_LENGTH], 'int32');
  const ys = tf.tensor1d(labels);
  await model.fit(xs, ys, { epochs: 25, batchSize: 50, shuffle: false, verbose: 0 });
  tf.dispose([xs, ys]);
  const files: Record<string, ServedFile> = {};
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = tf.io.CompositeArrayBuffer.join(artifacts.weightData);
      const manifest = [{ paths: ['weights.bin'], weights: artifacts.weightSpecs ?? [] }];
      const json = {
        format: 'layers-model',
        modelTopology: artifacts.modelTopology,
        weightsManifest: manifest,
      };
      files['/text/model.json'] = { body: JSON.stringify(json), type: 'application/json' };
      files['/text/weights.bin'] = { body: Buffer.from(weights), type: 'application/octet-stream' };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  files['/text/vocab.json'] = { body: JSON.stringify(TEXT_VOCAB), type: 'application/json' };
  files['/text/labels.json'] = { body: JSON.stringify(TEXT_LABELS), type: 'application/json' };
  const wrapped = wrapModel(model);
  return {
    files,
    logits: (row) =>
      tf.tidy(() =>
        Array.from(wrapped.forwardBatched(tf.tensor2d([[...row]], [1, row.length], 'int32')).dataSync()),
      ),
  };
}
