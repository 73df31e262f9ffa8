// Trains the shipped MNIST CNN on the tfjs cpu backend (tfjs-node cannot be installed here, and
// wasm lacks Conv2DBackpropFilter), seeded end to end: initializers, epoch order and shifts.
// Run: pnpm --filter @loupe/models train:cnn   (writes assets/mnist-cnn/ and assets/mnist-samples.bin)
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { fileSystemModelHandler } from '@loupe/core/node';
import { encodeSampleFile } from '../src/sample-format.js';
import { useFastCpuTrainingKernels } from './fast-cpu-kernels.js';
import { type DigitSet, loadMnistSplit, makeBatch, PIXELS, SIDE } from './mnist-data.js';
import { mulberry32, shuffleInPlace } from './prng.js';

const SEED = Number(process.env.SEED ?? 7);
const EPOCHS = Number(process.env.EPOCHS ?? 10);
const BATCH = 64;
const CONV1 = Number(process.env.CONV1 ?? 8);
const CONV2 = Number(process.env.CONV2 ?? 16);
const MAX_SHIFT = 2;
const LIMIT = Number(process.env.LIMIT ?? Number.POSITIVE_INFINITY);
const OUT = process.env.OUT ?? fileURLToPath(new URL('../assets/', import.meta.url));

/** conv1 → pool1 → conv2 (14×14 spatial output, the Grad-CAM layer) → pool2 → dense1 → logits. */
function buildModel(seed: number): tf.Sequential {
  const init = (offset: number) => tf.initializers.heNormal({ seed: seed + offset });
  return tf.sequential({
    name: 'mnist_cnn',
    layers: [
      tf.layers.conv2d({
        name: 'conv1',
        inputShape: [SIDE, SIDE, 1],
        filters: CONV1,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(1),
      }),
      tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }),
      tf.layers.conv2d({
        name: 'conv2',
        filters: CONV2,
        kernelSize: 3,
        padding: 'same',
        activation: 'relu',
        kernelInitializer: init(2),
      }),
      tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }),
      tf.layers.flatten({ name: 'flatten' }),
      tf.layers.dense({ name: 'dense1', units: 64, activation: 'relu', kernelInitializer: init(3) }),
      tf.layers.dense({
        name: 'logits',
        units: 10,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 4 }),
      }),
    ],
  });
}

function accuracy(model: tf.LayersModel, set: DigitSet): number {
  const order = Array.from({ length: set.count }, (_, i) => i);
  const { x, y } = makeBatch(set, order, 0, set.count, 0);
  const predicted = tf.tidy(() =>
    (model.predict(tf.tensor4d(x, [set.count, SIDE, SIDE, 1])) as tf.Tensor).argMax(-1).dataSync(),
  );
  let correct = 0;
  for (let i = 0; i < set.count; i++) if (predicted[i] === y[i]) correct++;
  return correct / set.count;
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  useFastCpuTrainingKernels();
  const { train, heldOut } = loadMnistSplit();
  const model = buildModel(SEED);
  model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const random = mulberry32(SEED);
  const order = Array.from({ length: train.count }, (_, i) => i);
  const started = Date.now();
  console.log(`train ${train.count} digits, held out ${heldOut.count}, seed ${SEED}, epochs ${EPOCHS}`);
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    shuffleInPlace(order, random);
    order.length = Math.min(order.length, LIMIT);
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start < order.length; start += BATCH) {
      const end = Math.min(order.length, start + BATCH);
      const { x, y } = makeBatch(train, order, start, end, MAX_SHIFT, random);
      const [xs, ys] = tf.tidy(() => [
        tf.tensor4d(x, [end - start, SIDE, SIDE, 1]),
        tf.oneHot(tf.tensor1d(y, 'int32'), 10),
      ]);
      const result = (await model.trainOnBatch(xs, ys)) as number[];
      tf.dispose([xs, ys]);
      lossSum += result[0];
      batches++;
    }
    const seconds = (Date.now() - started) / 1000;
    const acc = accuracy(model, heldOut);
    console.log(
      `epoch ${epoch}: loss ${(lossSum / batches).toFixed(4)} held-out accuracy ${(acc * 100).toFixed(2)}% ` +
        `(${seconds.toFixed(0)} s)`,
    );
  }
  const trainSeconds = (Date.now() - started) / 1000;
  const heldOutAccuracy = accuracy(model, heldOut);
  await model.save(fileSystemModelHandler(`${OUT}/mnist-cnn/model.json`));
  await writeFile(`${OUT}/mnist-samples.bin`, encodeSampleFile(heldOut));
  const report = {
    seed: SEED,
    epochs: EPOCHS,
    batchSize: BATCH,
    maxShift: MAX_SHIFT,
    trainDigits: train.count,
    heldOutDigits: heldOut.count,
    heldOutAccuracy,
    trainSeconds,
    backend: tf.getBackend(),
    tfjs: tf.version.tfjs,
    pixelsPerDigit: PIXELS,
  };
  await writeFile(`${OUT}/mnist-cnn/training.json`, `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report));
}

await main();
