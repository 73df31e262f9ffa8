import { readFile } from 'node:fs/promises';
import { ModelLoadError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMnistSplit, makeBatch, PIXELS, SIDE } from '../scripts/mnist-data.js';
import { pixelClasses, scoreSegmentation } from '../scripts/segmentation-data.js';
import {
  loadMnistSegmenter,
  mnistAssetUrls,
  SEGMENTER_CLASSES,
  SEGMENTER_INK_THRESHOLD,
  segmenterClassNames,
} from '../src/index.js';

interface SegmenterRecord {
  heldOutDigits: number;
  inkThreshold: number;
  heldOutPixelAccuracy: number;
  heldOutMeanIoU: number;
  heldOutInkDigitAccuracy: number;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('loadMnistSegmenter', () => {
  it('maps [N, 28, 28, 1] to per-pixel probabilities [N, 28, 28, 11], leaking nothing', async () => {
    const before = tf.memory().numTensors;
    const model = await loadMnistSegmenter();
    expect(tf.memory().numTensors - before).toBe(model.weights.length);
    expect(model.inputs[0].shape).toEqual([null, SIDE, SIDE, 1]);
    expect(model.outputs[0].shape).toEqual([null, SIDE, SIDE, SEGMENTER_CLASSES]);
    expect(model.getLayer('conv3').outputShape).toEqual([null, 7, 7, 32]);
    expect(model.getLayer('digit_scores').outputShape).toEqual([null, SEGMENTER_CLASSES]);
    expect(model.layers[model.layers.length - 1].getConfig().activation).toBe('softmax');
    expect(segmenterClassNames).toEqual(['background', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const x = tf.randomUniform([2, SIDE, SIDE, 1], 0, 1, 'float32', 5);
    const sums = tf.tidy(() => tf.sum(model.predict(x) as tf.Tensor, -1));
    const [min, max] = tf.tidy(() => [tf.min(sums).dataSync()[0], tf.max(sums).dataSync()[0]]);
    expect(min).toBeCloseTo(1, 5);
    expect(max).toBeCloseTo(1, 5);
    tf.dispose([x, sums]);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('reaches its recorded held-out pixel accuracy, mean IoU and ink digit accuracy on the held-out digits', async () => {
    const record = JSON.parse(
      await readFile(new URL('../assets/mnist-segmenter/training.json', import.meta.url), 'utf8'),
    ) as SegmenterRecord;
    expect(record.inkThreshold).toBe(SEGMENTER_INK_THRESHOLD);
    const { heldOut } = loadMnistSplit();
    expect(record.heldOutDigits).toBe(heldOut.count);
    const model = await loadMnistSegmenter();
    const before = tf.memory().numTensors;
    const order = Array.from({ length: heldOut.count }, (_, i) => i);
    const { x, y } = makeBatch(heldOut, order, 0, heldOut.count, 0);
    const predicted = tf.tidy(() =>
      (model.predict(tf.tensor4d(x, [heldOut.count, SIDE, SIDE, 1])) as tf.Tensor).argMax(-1).dataSync(),
    );
    expect(predicted.length).toBe(heldOut.count * PIXELS);
    const scores = scoreSegmentation(predicted, pixelClasses(x, y));
    // The recorded numbers came from the same weights and digits; only float summation order may differ.
    expect(scores.pixelAccuracy).toBeGreaterThanOrEqual(record.heldOutPixelAccuracy - 1e-4);
    expect(scores.meanIoU).toBeGreaterThanOrEqual(record.heldOutMeanIoU - 1e-4);
    expect(scores.inkDigitAccuracy).toBeGreaterThanOrEqual(record.heldOutInkDigitAccuracy - 1e-4);
    expect(scores.pixelAccuracy).toBeGreaterThan(0.95);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('says what to do when model.json is missing', async () => {
    const modelUrl = new URL('./absent/model.json', mnistAssetUrls.segmenterModel);
    await expect(loadMnistSegmenter({ modelUrl })).rejects.toThrow(ModelLoadError);
  });
});

describe('segmentation scores', () => {
  it('count pixels, IoU per class and ink pixels by hand on a two-digit example', () => {
    const truth = new Int32Array(2 * PIXELS);
    const predicted = new Int32Array(2 * PIXELS);
    // Digit 0 (class 1): 4 ink pixels, 3 found, 1 called background. Digit 1 (class 8): 2 ink pixels, called 3.
    truth.set([1, 1, 1, 1], 0);
    predicted.set([1, 1, 1, 0], 0);
    truth.set([8, 8], PIXELS);
    predicted.set([3, 3], PIXELS);
    const s = scoreSegmentation(predicted, truth);
    expect(s.pixelAccuracy).toBeCloseTo((2 * PIXELS - 3) / (2 * PIXELS), 12);
    expect(s.iou[0]).toBeCloseTo((2 * PIXELS - 6) / (2 * PIXELS - 5), 12);
    expect(s.iou[1]).toBeCloseTo(3 / 4, 12);
    expect(s.iou[3]).toBe(0);
    expect(s.iou[8]).toBe(0);
    expect(s.iou[5]).toBeNaN();
    expect(s.meanIoU).toBeCloseTo((s.iou[0] + 3 / 4) / 4, 12);
    expect(s.inkDigitAccuracy).toBeCloseTo(3 / 6, 12);
    expect(s.inkRecall).toBeCloseTo(5 / 6, 12);
    expect(s.majorityDigitAccuracy).toBe(0.5);
  });

  it('labels pixels below the ink threshold background and the rest 1 + digit', () => {
    const x = new Float32Array(2 * PIXELS);
    x[0] = SEGMENTER_INK_THRESHOLD;
    x[1] = SEGMENTER_INK_THRESHOLD - 0.01;
    x[PIXELS] = 1;
    const classes = pixelClasses(x, [4, 9]);
    expect([classes[0], classes[1], classes[2], classes[PIXELS]]).toEqual([5, 0, 0, 10]);
  });
});
