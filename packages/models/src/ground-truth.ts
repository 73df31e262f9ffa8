import { ModelLoadError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { loadLayersModelFrom, readAssetBytes, toUrl } from './load-asset.js';

/** Where the ground-truth benchmark's files are (file: URLs in Node, bundled URLs in browsers). */
export const groundTruthAssetUrls = {
  model: new URL('../assets/ground-truth/model.json', import.meta.url),
  weights: new URL('../assets/ground-truth/weights.bin', import.meta.url),
  samples: new URL('../assets/ground-truth/samples.bin', import.meta.url),
} as const;

/**
 * The ground-truth localization benchmark: MNIST digits pasted at random positions on noisy, textured
 * canvases with distractor strokes, so the label depends only on the digit's pixels and the digit mask
 * is a known answer for where an explanation should point.
 */
export interface GroundTruthBenchmark {
  /** A small CNN trained on such scenes: input [N, S, S, 1] in [0, 1], output 10 class probabilities. */
  model: tfl.LayersModel;
  /** Scenes `[N, S, S, 1]` in [0, 1]. */
  images: tf.Tensor4D;
  /** 1 on the digit's ink pixels (value > 0.1 before compositing), 0 elsewhere, `[N, S, S, 1]`. */
  masks: tf.Tensor4D;
  /** The digit's class per scene. */
  labels: number[];
  /** Bounding box of the digit's ink per scene: [x0, y0, x1, y1], inclusive pixel coordinates. */
  boxes: [number, number, number, number][];
  /** Canvas side S in pixels. */
  side: number;
  /** Frees the model and tensors. */
  dispose(): void;
}

/** Scenes, masks, labels and boxes as stored in the "LGT1" file. */
export interface GroundTruthSamples {
  count: number;
  side: number;
  pixels: Uint8Array;
  masks: Uint8Array;
  labels: Uint8Array;
  boxes: [number, number, number, number][];
}

/**
 * Decodes the benchmark's sample file: "LGT1", count and side (uint32 LE), 4 reserved bytes, then
 * count × side² uint8 pixels, count bit-packed masks (⌈side²/8⌉ bytes each, LSB first), count labels,
 * count × 4 box bytes.
 */
export function decodeGroundTruthSamples(
  bytes: Uint8Array,
  source = 'ground-truth samples',
): GroundTruthSamples {
  const magic = [0x4c, 0x47, 0x54, 0x31];
  if (bytes.byteLength < 16 || !magic.every((b, i) => bytes[i] === b)) {
    throw new ModelLoadError(
      `${source} is not a Loupe ground-truth sample file (it does not start with "LGT1").`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(4, true);
  const side = view.getUint32(8, true);
  const area = side * side;
  const maskBytes = Math.ceil(area / 8);
  const expected = 16 + count * (area + maskBytes + 1 + 4);
  if (bytes.byteLength !== expected) {
    throw new ModelLoadError(
      `${source} declares ${count} scenes of ${side}×${side} (${expected} bytes) but holds ${bytes.byteLength}; reinstall @loupe/models.`,
    );
  }
  let at = 16 + count * area;
  const pixels = bytes.subarray(16, at);
  const masks = new Uint8Array(count * area);
  for (let n = 0; n < count; n++, at += maskBytes) {
    for (let i = 0; i < area; i++) masks[n * area + i] = (bytes[at + (i >> 3)] >> (i & 7)) & 1;
  }
  const labels = bytes.slice(at, at + count);
  at += count;
  const boxes = Array.from(
    { length: count },
    (_, n) => Array.from(bytes.subarray(at + 4 * n, at + 4 * n + 4)) as [number, number, number, number],
  );
  return { count, side, pixels, masks, labels, boxes };
}

/**
 * Loads the shipped ground-truth benchmark: the trained CNN and 200 held-out scenes (20 per class) with
 * their digit masks and boxes. Works in Node (files) and in browsers (bundled asset URLs); pass
 * `baseUrl` (the folder holding model.json, weights.bin and samples.bin) where your app serves them.
 */
export async function loadGroundTruthBenchmark(
  options: { baseUrl?: URL | string } = {},
): Promise<GroundTruthBenchmark> {
  const base = options.baseUrl === undefined ? null : toUrl(options.baseUrl);
  const at = (name: string, fallback: URL) =>
    base ? new URL(name, base.href.endsWith('/') ? base : `${base.href}/`) : fallback;
  const samplesUrl = at('samples.bin', groundTruthAssetUrls.samples);
  const samples = decodeGroundTruthSamples(await readAssetBytes(samplesUrl), samplesUrl.href);
  const model = await loadLayersModelFrom(
    at('model.json', groundTruthAssetUrls.model),
    at('weights.bin', groundTruthAssetUrls.weights),
  );
  const shape: [number, number, number, number] = [samples.count, samples.side, samples.side, 1];
  const images = tf.tidy(() =>
    tf.div(tf.tensor4d(Float32Array.from(samples.pixels), shape), 255),
  ) as tf.Tensor4D;
  const masks = tf.tensor4d(Float32Array.from(samples.masks), shape);
  return {
    model,
    images,
    masks,
    labels: Array.from(samples.labels),
    boxes: samples.boxes,
    side: samples.side,
    dispose() {
      model.dispose();
      images.dispose();
      masks.dispose();
    },
  };
}
