// Ground-truth localization benchmark: an MNIST digit pasted at a seeded random position on a noisy,
// textured canvas with distractor strokes. The label depends only on the digit's pixels, so the digit
// mask is a known answer for "where should an attribution point". Trains a small CNN on it and ships the
// model plus 200 held-out images with their masks.
// Training does not use tfjs's own backward pass: the tfjs cpu backend's Conv2DBackpropFilter is
// ~40× slower than its forward conv, so @loupe/eval's plain-loop CNN trainer (the one ROAR uses) trains
// it and hands back an ordinary tf.LayersModel.
// Run: pnpm --filter @loupe/models exec tsx scripts/train-ground-truth.ts  (writes assets/ground-truth/)
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { type CnnArchitecture, trainCnn } from '../../eval/src/training/cnn-trainer.js';
import { SIDE as DIGIT, type DigitSet, loadMnistSplit, PIXELS } from './mnist-data.js';
import { mulberry32, shuffleInPlace } from './prng.js';

const SEED = Number(process.env.SEED ?? 11);
/** Passes over the training digits, each on freshly drawn scenes. */
const EPOCHS = Number(process.env.EPOCHS ?? 2);
const LIMIT = Number(process.env.LIMIT ?? Number.POSITIVE_INFINITY);
const BATCH = 32;
/** Canvas side; a 28×28 digit lands at an offset in [0, CANVAS − 28] on each axis. */
const CANVAS = 40;
const SHIPPED_PER_CLASS = 20;
const OUT = process.env.OUT ?? fileURLToPath(new URL('../assets/ground-truth/', import.meta.url));
const CANVAS_PIXELS = CANVAS * CANVAS;

interface Scene {
  pixels: Uint8Array;
  mask: Uint8Array;
  box: [number, number, number, number];
}

/** One seeded scene: texture + noise + two strokes, the digit composited on top with max(). */
function makeScene(digits: DigitSet, index: number, random: () => number): Scene {
  const canvas = new Float32Array(CANVAS_PIXELS);
  const angle = random() * Math.PI;
  const freq = 0.3 + random() * 0.6;
  const phase = random() * 2 * Math.PI;
  const fx = Math.cos(angle) * freq;
  const fy = Math.sin(angle) * freq;
  for (let r = 0; r < CANVAS; r++) {
    for (let c = 0; c < CANVAS; c++) {
      canvas[r * CANVAS + c] = 0.15 * (1 + Math.sin(fx * c + fy * r + phase)) + 0.2 * random();
    }
  }
  for (let s = 0; s < 2; s++) {
    let x = random() * CANVAS;
    let y = random() * CANVAS;
    const a = random() * 2 * Math.PI;
    const length = 6 + random() * 8;
    const ink = 0.5 + 0.5 * random();
    for (let t = 0; t < length; t++, x += Math.cos(a), y += Math.sin(a)) {
      const r = Math.round(y);
      const c = Math.round(x);
      if (r >= 0 && r < CANVAS && c >= 0 && c < CANVAS)
        canvas[r * CANVAS + c] = Math.max(canvas[r * CANVAS + c], ink);
    }
  }
  const ox = Math.floor(random() * (CANVAS - DIGIT + 1));
  const oy = Math.floor(random() * (CANVAS - DIGIT + 1));
  const mask = new Uint8Array(CANVAS_PIXELS);
  const box: [number, number, number, number] = [CANVAS, CANVAS, -1, -1];
  for (let r = 0; r < DIGIT; r++) {
    for (let c = 0; c < DIGIT; c++) {
      const v = digits.pixels[index * PIXELS + r * DIGIT + c] / 255;
      if (v <= 0.1) continue;
      const at = (oy + r) * CANVAS + ox + c;
      canvas[at] = Math.max(canvas[at], v);
      mask[at] = 1;
      box[0] = Math.min(box[0], ox + c);
      box[1] = Math.min(box[1], oy + r);
      box[2] = Math.max(box[2], ox + c);
      box[3] = Math.max(box[3], oy + r);
    }
  }
  const pixels = new Uint8Array(CANVAS_PIXELS);
  for (let i = 0; i < CANVAS_PIXELS; i++) pixels[i] = Math.round(Math.min(1, canvas[i]) * 255);
  return { pixels, mask, box };
}

function batchOf(digits: DigitSet, order: number[], start: number, end: number, random: () => number) {
  const x = new Float32Array((end - start) * CANVAS_PIXELS);
  const y = new Int32Array(end - start);
  for (let b = start; b < end; b++) {
    const scene = makeScene(digits, order[b], random);
    for (let i = 0; i < CANVAS_PIXELS; i++) x[(b - start) * CANVAS_PIXELS + i] = scene.pixels[i] / 255;
    y[b - start] = digits.labels[order[b]];
  }
  return { x, y };
}

/** conv1 → pool1 → conv2 → pool2 → conv3 (10×10, the Grad-CAM layer) → global max pool → logits. */
const ARCHITECTURE: CnnArchitecture = {
  name: 'ground_truth_cnn',
  inputShape: [CANVAS, CANVAS, 1],
  layers: [
    { kind: 'conv', name: 'conv1', filters: 8 },
    { kind: 'pool', name: 'pool1' },
    { kind: 'conv', name: 'conv2', filters: 16 },
    { kind: 'pool', name: 'pool2' },
    { kind: 'conv', name: 'conv3', filters: 32 },
    { kind: 'global-max', name: 'global_max' },
    { kind: 'dense', name: 'logits', units: 10, activation: 'softmax' },
  ],
};

function accuracy(model: tf.LayersModel, x: Float32Array, y: Int32Array): number {
  const predicted = tf.tidy(() =>
    (model.predict(tf.tensor4d(x, [y.length, CANVAS, CANVAS, 1])) as tf.Tensor).argMax(-1).dataSync(),
  );
  let correct = 0;
  for (let i = 0; i < y.length; i++) if (predicted[i] === y[i]) correct++;
  return correct / y.length;
}

function encodeSamples(scenes: Scene[], labels: number[]): Uint8Array {
  const maskBytes = Math.ceil(CANVAS_PIXELS / 8);
  const n = scenes.length;
  const out = new Uint8Array(16 + n * (CANVAS_PIXELS + maskBytes + 1 + 4));
  out.set([0x4c, 0x47, 0x54, 0x31], 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, n, true);
  view.setUint32(8, CANVAS, true);
  let at = 16;
  for (const s of scenes) {
    out.set(s.pixels, at);
    at += CANVAS_PIXELS;
  }
  for (const s of scenes) {
    for (let i = 0; i < CANVAS_PIXELS; i++) if (s.mask[i]) out[at + (i >> 3)] |= 1 << (i & 7);
    at += maskBytes;
  }
  out.set(labels, at);
  at += n;
  for (const s of scenes) {
    out.set(s.box, at);
    at += 4;
  }
  return out;
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const { train, heldOut } = loadMnistSplit();
  const random = mulberry32(SEED);
  const testOrder = Array.from({ length: heldOut.count }, (_, i) => i);
  const test = batchOf(heldOut, testOrder, 0, heldOut.count, mulberry32(SEED + 1));
  const count = Math.min(train.count, LIMIT);
  const order = Array.from({ length: count }, (_, i) => i);
  shuffleInPlace(order, random);
  // Fresh scenes per epoch (new positions, textures, strokes) so the net cannot memorise backgrounds.
  const draws = Array.from({ length: EPOCHS }, () => batchOf(train, order, 0, count, random));
  const x = new Float32Array(EPOCHS * count * CANVAS_PIXELS);
  const trainLabels = new Int32Array(EPOCHS * count);
  draws.forEach((s, e) => {
    x.set(s.x, e * count * CANVAS_PIXELS);
    trainLabels.set(s.y, e * count);
  });
  const started = Date.now();
  console.log(`train ${count} digits × ${EPOCHS} scene draws on ${CANVAS}×${CANVAS} canvases, seed ${SEED}`);
  const model = await trainCnn(
    ARCHITECTURE,
    { x, labels: trainLabels, count: trainLabels.length },
    {
      seed: SEED,
      epochs: 1,
      batchSize: BATCH,
      learningRate: 2e-3,
      onStep: (done, total) => {
        if (done % 50 === 0 || done === total)
          console.log(`step ${done}/${total} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      },
    },
  );
  const heldOutAccuracy = accuracy(model, test.x, test.y);
  const shippedRandom = mulberry32(SEED + 2);
  const scenes: Scene[] = [];
  const labels: number[] = [];
  for (let label = 0; label < 10; label++) {
    let taken = 0;
    for (let i = 0; i < heldOut.count && taken < SHIPPED_PER_CLASS; i++) {
      if (heldOut.labels[i] !== label) continue;
      scenes.push(makeScene(heldOut, i, shippedRandom));
      labels.push(label);
      taken++;
    }
  }
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const manifest = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }],
      };
      await writeFile(`${OUT}/model.json`, JSON.stringify(manifest));
      await writeFile(`${OUT}/weights.bin`, new Uint8Array(artifacts.weightData as ArrayBuffer));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  await writeFile(`${OUT}/samples.bin`, encodeSamples(scenes, labels));
  const report = {
    seed: SEED,
    sceneDraws: EPOCHS,
    batchSize: BATCH,
    canvas: CANVAS,
    trainDigits: order.length,
    heldOutScenes: heldOut.count,
    heldOutAccuracy,
    shippedScenes: scenes.length,
    trainSeconds: (Date.now() - started) / 1000,
    backend: tf.getBackend(),
    tfjs: tf.version.tfjs,
  };
  await writeFile(`${OUT}/training.json`, `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report));
}

await main();
