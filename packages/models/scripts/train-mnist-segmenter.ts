// Trains the shipped MNIST digit segmenter on the tfjs cpu backend, seeded end to end: initializers, epoch
// order and shifts. Truth per pixel: background below SEGMENTER_INK_THRESHOLD, else 1 + the digit's label.
// Same split as the CNN (the 1,000 shipped sample digits are held out); the direct-loop training kernels of
// fast-cpu-kernels.ts make the run take minutes.
// Run: pnpm --filter @loupe/models train:segmenter   (writes assets/mnist-segmenter/)
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { fileSystemModelHandler } from '@loupe/core/node';
import * as tf from '@tensorflow/tfjs';
import { SEGMENTER_CLASSES, SEGMENTER_INK_THRESHOLD } from '../src/mnist-segmenter.js';
import { useFastCpuTrainingKernels } from './fast-cpu-kernels.js';
import { type DigitSet, loadMnistSplit, makeBatch, PIXELS, SIDE } from './mnist-data.js';
import { mulberry32, shuffleInPlace } from './prng.js';
import { pixelClasses, type SegmentationScores, scoreSegmentation } from './segmentation-data.js';
import { writeTrainingRecord } from './training-record.js';

const SEED = Number(process.env.SEED ?? 3);
const EPOCHS = Number(process.env.EPOCHS ?? 1);
const LIMIT = Number(process.env.LIMIT ?? Number.POSITIVE_INFINITY);
const BATCH = 32;
/**
 * High for Adam: the per-pixel head needs scores of several units from 1×1 convolutions over features of order
 * 1, and Adam moves each weight about one learning rate per step (at 3e-3 the head had learned nothing after
 * 100 steps; trunk and head at separate rates, 3e-3 and 2e-2, did worse than 1e-2 for all).
 */
const LEARNING_RATE = Number(process.env.LR ?? 1e-2);
const MAX_SHIFT = 2;
/** Loss weight of ink pixels relative to background ones (about 1 pixel in 5 is ink). */
const INK_WEIGHT = 2;
/** Weight of the auxiliary whole-digit classification loss. */
const AUX_WEIGHT = 0.5;
const FILTERS = { conv1: 16, conv2: 32, conv3: 32, mix: 16 };
const OUT = process.env.OUT ?? fileURLToPath(new URL('../assets/mnist-segmenter/', import.meta.url));

/**
 * A fully convolutional per-pixel classifier with a global-context branch (as ParseNet, Liu et al. 2015): the
 * whole digit's class scores (flattened 7×7 features → Dense) are broadcast to every pixel and mixed with
 * conv1's full-resolution features by a small ReLU layer of 1×1 convolutions, so each pixel's scores combine
 * "which digit" with "is this pixel ink". (Adding score maps instead, as an FCN skip does, cannot keep
 * background pixels background when the digit scores grow: their sum has no gate.)
 */
function buildSegmenter(seed: number): { model: tf.LayersModel; training: tf.LayersModel } {
  const conv = (
    name: string,
    filters: number,
    offset: number,
    kernelSize = 3,
    activation: 'relu' | 'linear' = 'relu',
  ) =>
    tf.layers.conv2d({
      name,
      filters,
      kernelSize,
      padding: 'same',
      activation,
      kernelInitializer: tf.initializers.heNormal({ seed: seed + offset }),
    });
  const apply = (layer: tf.layers.Layer, x: tf.SymbolicTensor | tf.SymbolicTensor[]) =>
    layer.apply(x) as tf.SymbolicTensor;
  const input = tf.input({ name: 'image', shape: [SIDE, SIDE, 1] });
  const edges = apply(conv('conv1', FILTERS.conv1, 1), input);
  let x = apply(tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }), edges);
  x = apply(conv('conv2', FILTERS.conv2, 2), x);
  x = apply(tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }), x);
  x = apply(conv('conv3', FILTERS.conv3, 3), x);
  x = apply(tf.layers.flatten({ name: 'flatten' }), x);
  const digitScores = apply(
    tf.layers.dense({
      name: 'digit_scores',
      units: SEGMENTER_CLASSES,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 4 }),
    }),
    x,
  );
  x = apply(tf.layers.reshape({ name: 'digit_map', targetShape: [1, 1, SEGMENTER_CLASSES] }), digitScores);
  x = apply(tf.layers.upSampling2d({ name: 'broadcast', size: [SIDE, SIDE] }), x);
  const mixed = apply(tf.layers.add({ name: 'mix' }), [
    apply(conv('mix_digit', FILTERS.mix, 5, 1, 'linear'), x),
    apply(conv('mix_pixel', FILTERS.mix, 6, 1, 'linear'), edges),
  ]);
  x = apply(tf.layers.activation({ name: 'mix_relu', activation: 'relu' }), mixed);
  const logits = apply(
    tf.layers.conv2d({
      name: 'scores',
      filters: SEGMENTER_CLASSES,
      kernelSize: 1,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 7 }),
    }),
    x,
  );
  const output = apply(tf.layers.activation({ name: 'softmax', activation: 'softmax' }), logits);
  return {
    model: tf.model({ name: 'mnist_segmenter', inputs: input, outputs: output }),
    // The same layers without the softmax (the loss takes logits: stable, cheap gradient), plus the whole-digit
    // scores for an auxiliary classification loss (deep supervision, Lee et al. 2015).
    training: tf.model({ name: 'mnist_segmenter_training', inputs: input, outputs: [logits, digitScores] }),
  };
}

/**
 * Softmax cross-entropy of the true pixel classes (ink pixels weighted INK_WEIGHT, averaged over pixels) plus
 * AUX_WEIGHT × the cross-entropy of the whole-digit scores (class 1 + label). Without the auxiliary term the digit branch
 * learned no digit identity in two epochs (the per-pixel loss is dominated by background vs ink early on).
 */
function lossOf(
  training: tf.LayersModel,
  x: tf.Tensor4D,
  truth: tf.Tensor3D,
  digitClasses: tf.Tensor1D,
): tf.Scalar {
  const [z, digit] = training.apply(x, { training: true }) as [tf.Tensor4D, tf.Tensor2D];
  const weights = tf.where(tf.equal(truth, 0), tf.fill(truth.shape, 1), tf.fill(truth.shape, INK_WEIGHT));
  const pixels = tf.losses.softmaxCrossEntropy(
    tf.oneHot(truth, SEGMENTER_CLASSES),
    z,
    weights,
    0,
    tf.Reduction.MEAN,
  );
  const whole = tf.losses.softmaxCrossEntropy(tf.oneHot(digitClasses, SEGMENTER_CLASSES), digit);
  return tf.add(pixels, tf.mul(whole, AUX_WEIGHT)) as tf.Scalar;
}

function evaluate(model: tf.LayersModel, set: DigitSet): SegmentationScores {
  const order = Array.from({ length: set.count }, (_, i) => i);
  const { x, y } = makeBatch(set, order, 0, set.count, 0);
  const predicted = new Int32Array(set.count * PIXELS);
  for (let start = 0; start < set.count; start += 100) {
    const n = Math.min(100, set.count - start);
    const part = tf.tidy(() => {
      const batch = tf.tensor4d(x.subarray(start * PIXELS, (start + n) * PIXELS), [n, SIDE, SIDE, 1]);
      return (model.predict(batch) as tf.Tensor).argMax(-1).dataSync();
    });
    predicted.set(part, start * PIXELS);
  }
  return scoreSegmentation(predicted, pixelClasses(x, y));
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  useFastCpuTrainingKernels();
  const { train, heldOut } = loadMnistSplit();
  const { model, training } = buildSegmenter(SEED);
  const optimizer = tf.train.adam(LEARNING_RATE);
  const random = mulberry32(SEED);
  const order = Array.from({ length: train.count }, (_, i) => i);
  const started = Date.now();
  const history: ({ epoch: number; loss: number } & SegmentationScores)[] = [];
  console.log(`train ${train.count} digits, held out ${heldOut.count}, seed ${SEED}, epochs ${EPOCHS}`);
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    shuffleInPlace(order, random);
    order.length = Math.min(order.length, LIMIT);
    let lossSum = 0;
    for (let start = 0; start < order.length; start += BATCH) {
      const end = Math.min(order.length, start + BATCH);
      const { x, y } = makeBatch(train, order, start, end, MAX_SHIFT, random);
      const truth = pixelClasses(x, y);
      const loss = tf.tidy(() => {
        const xs = tf.tensor4d(x, [end - start, SIDE, SIDE, 1]);
        const ts = tf.tensor3d(truth, [end - start, SIDE, SIDE], 'int32');
        const ls = tf.tensor1d(
          y.map((label) => label + 1),
          'int32',
        );
        return optimizer.minimize(() => lossOf(training, xs, ts, ls), true) as tf.Scalar;
      });
      lossSum += loss.dataSync()[0] * (end - start);
      loss.dispose();
      if ((start / BATCH) % 50 === 0)
        console.log(
          `  step ${start / BATCH}: loss ${(lossSum / end).toFixed(4)} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
        );
    }
    const scores = evaluate(model, heldOut);
    history.push({ epoch, loss: lossSum / order.length, ...scores });
    console.log(`epoch ${epoch}: ${JSON.stringify(history[history.length - 1])}`);
  }
  const trainSeconds = (Date.now() - started) / 1000;
  await mkdir(OUT, { recursive: true });
  await model.save(fileSystemModelHandler(`${OUT}/model.json`));
  const last = history[history.length - 1];
  await writeTrainingRecord(OUT, {
    seed: SEED,
    epochs: EPOCHS,
    batchSize: BATCH,
    learningRate: LEARNING_RATE,
    maxShift: MAX_SHIFT,
    inkThreshold: SEGMENTER_INK_THRESHOLD,
    inkWeight: INK_WEIGHT,
    auxiliaryWeight: AUX_WEIGHT,
    architecture: FILTERS,
    trainDigits: order.length,
    heldOutDigits: heldOut.count,
    heldOutPixelAccuracy: last.pixelAccuracy,
    heldOutMeanIoU: last.meanIoU,
    heldOutInkDigitAccuracy: last.inkDigitAccuracy,
    heldOutInkRecall: last.inkRecall,
    heldOutMajorityDigitAccuracy: last.majorityDigitAccuracy,
    heldOutIoU: last.iou,
    history,
    trainSeconds,
  });
}

await main();
