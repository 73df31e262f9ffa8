// Trains a small VAE on the CNN's training digits (same seeded split) and ships its decoder as
// the MNIST generator: z ∈ R^LATENT ~ N(0, I) → 28×28×1 image in [0, 1]. Seeded: initializers,
// epoch order and the reparameterisation noise. Dense layers only, so the cpu backend is quick.
// Run: pnpm --filter @loupe/models train:generator   (writes assets/mnist-generator/)
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { encodePng, fileSystemModelHandler } from '@loupe/core/node';
import * as tf from '@tensorflow/tfjs';
import { type DigitSet, loadMnistSplit, makeBatch, PIXELS, SIDE } from './mnist-data.js';
import { mulberry32, shuffleInPlace } from './prng.js';

const SEED = Number(process.env.SEED ?? 11);
const LATENT = 10;
const HIDDEN = 128;
const EPOCHS = Number(process.env.EPOCHS ?? 4);
const BATCH = 64;
const LEARNING_RATE = 2e-3;
const GRID = 10;
const OUT = process.env.OUT ?? fileURLToPath(new URL('../assets/mnist-generator/', import.meta.url));

const init = (offset: number) => tf.initializers.glorotUniform({ seed: SEED + offset });

function buildEncoder(): tf.LayersModel {
  const input = tf.input({ shape: [SIDE, SIDE, 1], name: 'image' });
  const flat = tf.layers.flatten({ name: 'encoder_flatten' }).apply(input) as tf.SymbolicTensor;
  const hidden = tf.layers
    .dense({ name: 'encoder_hidden', units: HIDDEN, activation: 'relu', kernelInitializer: init(1) })
    .apply(flat) as tf.SymbolicTensor;
  const mean = tf.layers.dense({ name: 'z_mean', units: LATENT, kernelInitializer: init(2) }).apply(hidden);
  const logVar = tf.layers
    .dense({ name: 'z_log_var', units: LATENT, kernelInitializer: init(3) })
    .apply(hidden);
  return tf.model({
    name: 'mnist_vae_encoder',
    inputs: input,
    outputs: [mean, logVar] as tf.SymbolicTensor[],
  });
}

/** The shipped generator: latent → decoder_hidden → decoder_pixels (sigmoid) → image [28, 28, 1]. */
function buildDecoder(): tf.Sequential {
  return tf.sequential({
    name: 'mnist_generator',
    layers: [
      tf.layers.dense({
        name: 'decoder_hidden',
        inputShape: [LATENT],
        units: HIDDEN,
        activation: 'relu',
        kernelInitializer: init(4),
      }),
      tf.layers.dense({
        name: 'decoder_pixels',
        units: PIXELS,
        activation: 'sigmoid',
        kernelInitializer: init(5),
      }),
      tf.layers.reshape({ name: 'image', targetShape: [SIDE, SIDE, 1] }),
    ],
  });
}

/** Per-digit Bernoulli negative log-likelihood (summed over pixels), clipped away from log 0. */
function reconstructionLoss(target: tf.Tensor, output: tf.Tensor): tf.Tensor1D {
  const p = output.clipByValue(1e-6, 1 - 1e-6);
  const ll = target.mul(p.log()).add(tf.scalar(1).sub(target).mul(tf.scalar(1).sub(p).log()));
  return ll.reshape([target.shape[0], -1]).sum(1).neg() as tf.Tensor1D;
}

function evaluate(encoder: tf.LayersModel, decoder: tf.LayersModel, set: DigitSet) {
  const order = Array.from({ length: set.count }, (_, i) => i);
  const { x } = makeBatch(set, order, 0, set.count, 0);
  return tf.tidy(() => {
    const images = tf.tensor4d(x, [set.count, SIDE, SIDE, 1]);
    const [mean] = encoder.predict(images) as tf.Tensor[];
    const output = decoder.predict(mean) as tf.Tensor;
    return {
      bcePerDigit: reconstructionLoss(images, output).mean().dataSync()[0],
      msePerPixel: output.sub(images).square().mean().dataSync()[0],
    };
  });
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const { train, heldOut } = loadMnistSplit();
  const encoder = buildEncoder();
  const decoder = buildDecoder();
  const optimizer = tf.train.adam(LEARNING_RATE);
  const random = mulberry32(SEED);
  const order = Array.from({ length: train.count }, (_, i) => i);
  const variables = [...encoder.trainableWeights, ...decoder.trainableWeights].map(
    (w) => w.read() as tf.Variable,
  );
  const started = Date.now();
  let step = 0;
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    shuffleInPlace(order, random);
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start + BATCH <= order.length; start += BATCH) {
      const { x } = makeBatch(train, order, start, start + BATCH, 0);
      const noiseSeed = Math.floor(random() * 2 ** 31) + step++;
      const images = tf.tensor4d(x, [BATCH, SIDE, SIDE, 1]);
      const loss = optimizer.minimize(
        () => {
          const [mean, logVar] = encoder.apply(images, { training: true }) as tf.Tensor[];
          const eps = tf.randomNormal(mean.shape, 0, 1, 'float32', noiseSeed);
          const z = mean.add(logVar.mul(0.5).exp().mul(eps));
          const output = decoder.apply(z, { training: true }) as tf.Tensor;
          const kl = logVar.add(1).sub(mean.square()).sub(logVar.exp()).sum(1).mul(-0.5);
          return reconstructionLoss(images, output).add(kl).mean() as tf.Scalar;
        },
        true,
        variables,
      );
      images.dispose();
      lossSum += loss?.dataSync()[0] ?? Number.NaN;
      loss?.dispose();
      batches++;
    }
    const seconds = (Date.now() - started) / 1000;
    console.log(
      `epoch ${epoch}: negative ELBO ${(lossSum / batches).toFixed(2)} per digit (${seconds.toFixed(0)} s)`,
    );
    // Saved after every epoch, so a run stopped after epoch k equals a run with EPOCHS=k.
    await save(encoder, decoder, heldOut, train.count, { epochs: epoch, trainSeconds: seconds });
  }
}

async function save(
  encoder: tf.LayersModel,
  decoder: tf.LayersModel,
  heldOut: DigitSet,
  trainDigits: number,
  progress: { epochs: number; trainSeconds: number },
): Promise<void> {
  const heldOutError = evaluate(encoder, decoder, heldOut);
  await decoder.save(fileSystemModelHandler(`${OUT}/model.json`));
  const grid = tf.tidy(() => {
    const z = tf.randomNormal([GRID * GRID, LATENT], 0, 1, 'float32', SEED);
    const images = decoder.predict(z) as tf.Tensor4D;
    return images
      .reshape([GRID, GRID, SIDE, SIDE])
      .transpose([0, 2, 1, 3])
      .reshape([GRID * SIDE, GRID * SIDE, 1]);
  });
  await writeFile(`${OUT}/samples.png`, await encodePng(grid));
  grid.dispose();
  const report = {
    seed: SEED,
    latentDim: LATENT,
    hiddenUnits: HIDDEN,
    epochs: progress.epochs,
    batchSize: BATCH,
    learningRate: LEARNING_RATE,
    trainDigits,
    heldOutDigits: heldOut.count,
    heldOutReconstruction: heldOutError,
    trainSeconds: progress.trainSeconds,
    backend: tf.getBackend(),
    tfjs: tf.version.tfjs,
  };
  await writeFile(`${OUT}/training.json`, `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report));
}

await main();
