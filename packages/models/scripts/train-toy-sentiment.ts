// Trains the shipped toy sentiment classifier on synthetic reviews (src/toy-reviews.ts), seeded end to
// end: corpus, vocabulary (sorted, so it does not depend on the draw), initializers, epoch order and the
// words replaced by [UNK]. No real text corpus is reachable offline; the synthetic one also makes the
// deciding words known, which is what token attributions are checked against.
// Run: pnpm --filter @loupe/models train:sentiment   (writes assets/toy-sentiment/)
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { fileSystemModelHandler } from '@loupe/core/node';
import * as tf from '@tensorflow/tfjs';
import * as lexicon from '../src/review-lexicon.js';
import {
  generateToyReviews,
  TOY_SENTIMENT_SEQUENCE_LENGTH as LENGTH,
  type ToyReview,
  tokenizeReview,
} from '../src/toy-reviews.js';
import { PAD_ID, TOY_SENTIMENT_PAD, TOY_SENTIMENT_UNKNOWN, UNKNOWN_ID } from '../src/toy-sentiment.js';
import { useFastCpuTrainingKernels } from './fast-cpu-kernels.js';
import { mulberry32, shuffleInPlace } from './prng.js';
import { writeTrainingRecord } from './training-record.js';

const SEED = Number(process.env.SEED ?? 5);
const EPOCHS = Number(process.env.EPOCHS ?? 2);
const TRAIN_REVIEWS = 8000;
const HELD_OUT_REVIEWS = 2000;
const BATCH = 64;
const LEARNING_RATE = 5e-3;
const EMBEDDING = 16;
const FILTERS = 32;
/**
 * Chances that a word other than the opinion word and negation is trained as [UNK] (so unknown words stay
 * neutral) or as [PAD] (so neutral words weigh as padding does: token attribution's baseline is all padding, and
 * without this the verb before the opinion word took up to half its score).
 */
const UNKNOWN_RATE = Number(process.env.UNKNOWN_RATE ?? 0.15);
const PAD_RATE = Number(process.env.PAD_RATE ?? 0.2);
const OUT = process.env.OUT ?? fileURLToPath(new URL('../assets/toy-sentiment/', import.meta.url));

/** Words the grammar puts around the lexicon's entries. */
// No "at all": it would follow negations only and become a second negation cue, muddying which words decide.
const TEMPLATE_WORDS = ['the', 'we', 'tried', 'and', 'it', 'was', 'what', 'a', 'an', ',', '.', '!'];

/** [PAD] = 0, [UNK] = 1, then every word the grammar can produce, sorted. */
function buildVocabulary(): Map<string, number> {
  const words = new Set<string>(TEMPLATE_WORDS);
  for (const list of Object.values(lexicon))
    for (const entry of list) for (const t of tokenizeReview(entry)) words.add(t);
  const vocabulary = new Map([
    [TOY_SENTIMENT_PAD, PAD_ID],
    [TOY_SENTIMENT_UNKNOWN, UNKNOWN_ID],
  ]);
  for (const word of [...words].sort()) vocabulary.set(word, vocabulary.size);
  return vocabulary;
}

function encode(reviews: ToyReview[], vocabulary: Map<string, number>, random?: () => number): Int32Array {
  const ids = new Int32Array(reviews.length * LENGTH).fill(PAD_ID);
  reviews.forEach((review, r) => {
    review.tokens.forEach((token, i) => {
      const id = vocabulary.get(token);
      if (id === undefined) throw new Error(`the grammar made '${token}', which is not in the vocabulary`);
      const draw = !random || i === review.opinion || i === review.negation ? 1 : random();
      ids[r * LENGTH + i] = draw < UNKNOWN_RATE ? UNKNOWN_ID : draw < UNKNOWN_RATE + PAD_RATE ? PAD_ID : id;
    });
  });
  return ids;
}

function buildModel(vocabularySize: number): tf.Sequential {
  return tf.sequential({
    name: 'toy_sentiment',
    layers: [
      tf.layers.embedding({
        name: 'embedding',
        inputDim: vocabularySize,
        outputDim: EMBEDDING,
        inputLength: LENGTH,
        embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: SEED + 1 }),
      }),
      tf.layers.conv1d({
        name: 'conv',
        filters: FILTERS,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: SEED + 2 }),
      }),
      tf.layers.globalMaxPooling1d({ name: 'pool' }),
      tf.layers.dense({
        name: 'scores',
        units: 2,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: SEED + 3 }),
      }),
    ],
  });
}

/**
 * Sets [PAD]'s embedding to the zero vector (after every step: projected gradient descent). Padding then adds
 * nothing to the convolution, the all-padding baseline of token attribution is the zero embedding that input ×
 * gradient implicitly compares with, and, with PAD_RATE, neutral words learn vectors near zero too.
 */
function zeroPadVector(model: tf.LayersModel): void {
  const layer = model.getLayer('embedding');
  const [table] = layer.getWeights();
  const zeroed = tf.tidy(() =>
    tf.concat([tf.zerosLike(tf.slice(table, [0, 0], [1, -1])), tf.slice(table, [1, 0], [-1, -1])]),
  );
  layer.setWeights([zeroed]);
  zeroed.dispose();
}

function accuracy(model: tf.LayersModel, reviews: ToyReview[], ids: Int32Array): number {
  if (reviews.length === 0) return Number.NaN;
  const predicted = tf.tidy(() =>
    (model.predict(tf.tensor2d(ids, [reviews.length, LENGTH], 'int32')) as tf.Tensor).argMax(-1).dataSync(),
  );
  return reviews.filter((review, i) => predicted[i] === review.label).length / reviews.length;
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  // Conv1D runs as Conv2D; the direct-loop kernels cut its backward pass from minutes to seconds.
  useFastCpuTrainingKernels();
  const vocabulary = buildVocabulary();
  const train = generateToyReviews({ count: TRAIN_REVIEWS, seed: SEED, split: 'train' });
  const heldOut = generateToyReviews({ count: HELD_OUT_REVIEWS, seed: SEED + 1, split: 'held-out' });
  const negated = heldOut.filter((r) => r.negation !== null);
  const heldIds = encode(heldOut, vocabulary);
  const negatedIds = encode(negated, vocabulary);
  const model = buildModel(vocabulary.size);
  zeroPadVector(model);
  model.compile({ optimizer: tf.train.adam(LEARNING_RATE), loss: 'sparseCategoricalCrossentropy' });
  const random = mulberry32(SEED);
  const order = Array.from({ length: train.length }, (_, i) => i);
  const started = Date.now();
  const history: { epoch: number; loss: number; heldOutAccuracy: number }[] = [];
  console.log(
    `vocabulary ${vocabulary.size}, train ${train.length} reviews, held out ${heldOut.length}, seed ${SEED}`,
  );
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    shuffleInPlace(order, random);
    const reviews = order.map((i) => train[i]);
    const xs = tf.tensor2d(encode(reviews, vocabulary, random), [reviews.length, LENGTH], 'int32');
    const ys = tf.tensor1d(
      reviews.map((r) => r.label),
      'float32',
    );
    const fit = await model.fit(xs, ys, {
      epochs: 1,
      batchSize: BATCH,
      shuffle: false,
      verbose: 0,
      callbacks: { onBatchEnd: async () => zeroPadVector(model) },
    });
    tf.dispose([xs, ys]);
    const loss = Number(fit.history.loss[0]);
    const heldOutAccuracy = accuracy(model, heldOut, heldIds);
    history.push({ epoch, loss, heldOutAccuracy });
    console.log(
      `epoch ${epoch}: loss ${loss.toFixed(4)} held-out accuracy ${(heldOutAccuracy * 100).toFixed(2)}%`,
    );
  }
  const trainSeconds = (Date.now() - started) / 1000;
  await mkdir(OUT, { recursive: true });
  await model.save(fileSystemModelHandler(`${OUT}/model.json`));
  await writeFile(`${OUT}/vocab.json`, `${JSON.stringify(Object.fromEntries(vocabulary), null, 1)}\n`);
  await writeTrainingRecord(OUT, {
    seed: SEED,
    epochs: EPOCHS,
    batchSize: BATCH,
    learningRate: LEARNING_RATE,
    unknownRate: UNKNOWN_RATE,
    padRate: PAD_RATE,
    padVector: 'zero',
    architecture: { embedding: EMBEDDING, convFilters: FILTERS, kernel: 3, sequenceLength: LENGTH },
    vocabularySize: vocabulary.size,
    trainReviews: train.length,
    heldOutReviews: heldOut.length,
    heldOutSeed: SEED + 1,
    heldOutAccuracy: history[history.length - 1].heldOutAccuracy,
    heldOutNegated: negated.length,
    heldOutNegatedAccuracy: accuracy(model, negated, negatedIds),
    history,
    trainSeconds,
  });
}

await main();
