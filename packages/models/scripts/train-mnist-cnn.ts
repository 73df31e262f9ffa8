// Trains the shipped MNIST CNN on the tfjs cpu backend (tfjs-node cannot be installed here, and
// wasm lacks Conv2DBackpropFilter), seeded end to end: initializers, epoch order and shifts.
// Gradients are computed by WORKERS worker threads on fixed slices of each batch and summed in
// slice order, so a given SEED and WORKERS give the same weights on every run.
// Run: pnpm --filter @loupe/models train:cnn   (writes assets/mnist-cnn/ and assets/mnist-samples.bin)
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fileSystemModelHandler } from '@loupe/core/node';
import * as tf from '@tensorflow/tfjs';
import { encodeSampleFile } from '../src/sample-format.js';
import type { GradientReply, GradientRequest } from './cnn-grad-worker.js';
import { useFastCpuTrainingKernels } from './fast-cpu-kernels.js';
import { buildModel, CONV1, CONV2, DENSE1 } from './mnist-cnn-architecture.js';
import { type DigitSet, loadMnistSplit, makeBatch, PIXELS, SIDE } from './mnist-data.js';
import { mulberry32, shuffleInPlace } from './prng.js';

const SEED = Number(process.env.SEED ?? 7);
const EPOCHS = Number(process.env.EPOCHS ?? 8);
const BATCH = 64;
const WORKERS = Number(process.env.WORKERS ?? 3);
const LEARNING_RATE = 2e-3;
const MAX_SHIFT = 2;
const LIMIT = Number(process.env.LIMIT ?? Number.POSITIVE_INFINITY);
const OUT = process.env.OUT ?? fileURLToPath(new URL('../assets/', import.meta.url));

const SPLIT = loadMnistSplit();

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
  const { train, heldOut } = SPLIT;
  const model = buildModel(SEED);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const optimizer = tf.train.adam(LEARNING_RATE);
  const workers = Array.from(
    { length: WORKERS },
    () => new Worker(new URL('./cnn-grad-worker-entry.mjs', import.meta.url), { workerData: { seed: SEED } }),
  );
  const ask = (worker: Worker, request: GradientRequest) =>
    new Promise<GradientReply>((resolve, reject) => {
      const fail = (error: Error) => reject(error);
      worker.once('error', fail);
      worker.once('message', (reply: GradientReply) => {
        worker.off('error', fail);
        resolve(reply);
      });
      worker.postMessage(request);
    });
  const random = mulberry32(SEED);
  const order = Array.from({ length: train.count }, (_, i) => i);
  const started = Date.now();
  console.log(`train ${train.count} digits, held out ${heldOut.count}, seed ${SEED}, epochs ${EPOCHS}`);
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    shuffleInPlace(order, random);
    order.length = Math.min(order.length, LIMIT);
    let lossSum = 0;
    for (let start = 0; start < order.length; start += BATCH) {
      const end = Math.min(order.length, start + BATCH);
      const { x, y } = makeBatch(train, order, start, end, MAX_SHIFT, random);
      const weights = model.getWeights().map((w) => w.dataSync() as Float32Array);
      const slice = Math.ceil((end - start) / WORKERS);
      const replies = await Promise.all(
        workers.map((worker, k) =>
          ask(worker, {
            weights,
            x: x.slice(k * slice * PIXELS, (k + 1) * slice * PIXELS),
            y: y.slice(k * slice, (k + 1) * slice),
          }),
        ),
      );
      tf.tidy(() => {
        const named = variables.map((v, i) => {
          let sum = tf.zeros(v.shape);
          for (const reply of replies) sum = sum.add(tf.tensor(reply.gradients[i], v.shape));
          return { name: v.name, tensor: sum.div(end - start) };
        });
        optimizer.applyGradients(named);
      });
      lossSum += replies.reduce((s, r) => s + r.loss, 0);
    }
    const seconds = (Date.now() - started) / 1000;
    const acc = accuracy(model, heldOut);
    console.log(
      `epoch ${epoch}: loss ${(lossSum / order.length).toFixed(4)} held-out accuracy ${(acc * 100).toFixed(2)}% ` +
        `(${seconds.toFixed(0)} s)`,
    );
    // Saved after every epoch, so a run stopped after epoch k equals a run with EPOCHS=k.
    await save(model, { epochs: epoch, heldOutAccuracy: acc, trainSeconds: seconds });
  }
  await Promise.all(workers.map((w) => w.terminate()));
}

async function save(
  model: tf.LayersModel,
  progress: { epochs: number; heldOutAccuracy: number; trainSeconds: number },
): Promise<void> {
  const { train, heldOut } = SPLIT;
  await model.save(fileSystemModelHandler(`${OUT}/mnist-cnn/model.json`));
  await writeFile(`${OUT}/mnist-samples.bin`, encodeSampleFile(heldOut));
  const report = {
    seed: SEED,
    epochs: progress.epochs,
    batchSize: BATCH,
    maxShift: MAX_SHIFT,
    learningRate: LEARNING_RATE,
    workers: WORKERS,
    architecture: { conv1: CONV1, conv2: CONV2, dense1: DENSE1 },
    trainDigits: train.count,
    heldOutDigits: heldOut.count,
    heldOutAccuracy: progress.heldOutAccuracy,
    trainSeconds: progress.trainSeconds,
    backend: tf.getBackend(),
    tfjs: tf.version.tfjs,
    pixelsPerDigit: PIXELS,
  };
  await writeFile(`${OUT}/mnist-cnn/training.json`, `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report));
}

await main();
