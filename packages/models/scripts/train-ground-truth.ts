// Ground-truth localization benchmark: an MNIST digit pasted at a seeded random position on a noisy,
// textured canvas with distractor strokes. The label depends only on the digit's pixels, so the digit
// mask is a known answer for "where should an attribution point". Trains a small CNN on it and ships the
// model plus 200 held-out images with their masks.
// Convolutions are trained as im2col + matmul because the tfjs cpu backend's Conv2DBackpropFilter is
// ~40× slower than its forward conv; the trained weights go into an ordinary tf.LayersModel.
// Run: pnpm --filter @loupe/models exec tsx scripts/train-ground-truth.ts  (writes assets/ground-truth/)
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { SIDE as DIGIT, type DigitSet, loadMnistSplit, PIXELS } from './mnist-data.js';
import { mulberry32, shuffleInPlace } from './prng.js';

const SEED = Number(process.env.SEED ?? 11);
const EPOCHS = Number(process.env.EPOCHS ?? 6);
const LIMIT = Number(process.env.LIMIT ?? Number.POSITIVE_INFINITY);
const BATCH = 64;
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
function buildModel(): tf.Sequential {
  const conv = (name: string, filters: number, inputShape?: number[]) =>
    tf.layers.conv2d({
      name,
      filters,
      kernelSize: 3,
      padding: 'same',
      activation: 'relu',
      ...(inputShape ? { inputShape } : {}),
    });
  return tf.sequential({
    name: 'ground_truth_cnn',
    layers: [
      conv('conv1', 8, [CANVAS, CANVAS, 1]),
      tf.layers.maxPooling2d({ name: 'pool1', poolSize: 2 }),
      conv('conv2', 16),
      tf.layers.maxPooling2d({ name: 'pool2', poolSize: 2 }),
      conv('conv3', 32),
      tf.layers.globalMaxPooling2d({ name: 'global_max' }),
      tf.layers.dense({ name: 'logits', units: 10, activation: 'softmax' }),
    ],
  });
}

/** 3×3 'same' convolution as patches × kernel; autodiff through slice/concat/matmul is fast on cpu. */
function conv3x3(x: tf.Tensor4D, kernel: tf.Tensor, bias: tf.Tensor): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const padded = tf.pad(x, [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ]);
  const slices: tf.Tensor[] = [];
  for (let di = 0; di < 3; di++)
    for (let dj = 0; dj < 3; dj++) slices.push(tf.slice(padded, [0, di, dj, 0], [n, h, w, c]));
  const patches = tf.reshape(tf.concat(slices, 3), [n * h * w, 9 * c]);
  const out = tf.add(tf.matMul(patches, tf.reshape(kernel, [9 * c, -1])), bias);
  return tf.relu(tf.reshape(out, [n, h, w, -1])) as tf.Tensor4D;
}

function trainingForward(vars: tf.Variable[], x: tf.Tensor4D): tf.Tensor2D {
  const [k1, b1, k2, b2, k3, b3, wd, bd] = vars;
  let h = tf.maxPool(conv3x3(x, k1, b1), 2, 2, 'valid');
  h = tf.maxPool(conv3x3(h, k2, b2), 2, 2, 'valid');
  const pooled = tf.max(conv3x3(h, k3, b3), [1, 2]);
  return tf.add(tf.matMul(pooled, wd), bd) as tf.Tensor2D;
}

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
  for (const s of scenes) out.set(s.pixels, (at += 0) && at), (at += CANVAS_PIXELS);
  for (const s of scenes) {
    for (let i = 0; i < CANVAS_PIXELS; i++) if (s.mask[i]) out[at + (i >> 3)] |= 1 << (i & 7);
    at += maskBytes;
  }
  out.set(labels, at);
  at += n;
  for (const s of scenes) out.set(s.box, at), (at += 4);
  return out;
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const { train, heldOut } = loadMnistSplit();
  const random = mulberry32(SEED);
  const model = buildModel();
  const initial = model.getWeights();
  const vars = initial.map((w, i) => {
    const seeded =
      i % 2 === 0
        ? tf.randomNormal(
            w.shape,
            0,
            Math.sqrt(2 / w.shape.slice(0, -1).reduce((a, b) => a * b, 1)),
            'float32',
            SEED + i,
          )
        : tf.zeros(w.shape);
    return tf.variable(seeded);
  });
  const optimizer = tf.train.adam(2e-3);
  const order = Array.from({ length: Math.min(train.count, LIMIT) }, (_, i) => i);
  const testOrder = Array.from({ length: heldOut.count }, (_, i) => i);
  const test = batchOf(heldOut, testOrder, 0, heldOut.count, mulberry32(SEED + 1));
  const started = Date.now();
  console.log(`train ${order.length} digits on ${CANVAS}×${CANVAS} canvases, seed ${SEED}, epochs ${EPOCHS}`);
  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    shuffleInPlace(order, random);
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start < order.length; start += BATCH) {
      const end = Math.min(order.length, start + BATCH);
      const { x, y } = batchOf(train, order, start, end, random);
      const xs = tf.tensor4d(x, [end - start, CANVAS, CANVAS, 1]);
      const ys = tf.oneHot(tf.tensor1d(y, 'int32'), 10);
      const loss = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(ys, trainingForward(vars, xs)),
        true,
      ) as tf.Scalar;
      lossSum += (await loss.data())[0];
      tf.dispose([xs, ys, loss]);
      batches++;
    }
    model.setWeights(vars);
    const seconds = (Date.now() - started) / 1000;
    const acc = accuracy(model, test.x, test.y);
    console.log(
      `epoch ${epoch}: loss ${(lossSum / batches).toFixed(4)} held-out accuracy ${(acc * 100).toFixed(2)}% (${seconds.toFixed(0)} s)`,
    );
  }
  model.setWeights(vars);
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
    epochs: EPOCHS,
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
  tf.dispose([...initial, ...vars]);
}

await main();
