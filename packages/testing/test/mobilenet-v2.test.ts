import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildMobileNetV2Like } from '../src/mobilenet-v2.js';

async function probabilities(model: tf.LayersModel, n: number, size: number): Promise<number[][]> {
  const x = tf.randomUniform([n, size, size, 3], -1, 1, 'float32', 5);
  const y = model.predict(x) as tf.Tensor2D;
  expect(y.shape).toEqual([n, 1000]);
  const rows = (await y.array()) as number[][];
  tf.dispose([x, y]);
  return rows;
}

describe('buildMobileNetV2Like', () => {
  it('has MobileNetV2-224 shapes and parameter count, and outputs probabilities', async () => {
    const before = tf.memory().numTensors;
    const model = buildMobileNetV2Like({ seed: 1 });
    // Keras's MobileNetV2(alpha=1, 224) has 3,538,984 parameters; the same layers give the same count.
    expect(model.countParams()).toBe(3_538_984);
    expect(model.inputs[0].shape).toEqual([null, 224, 224, 3]);
    expect(model.getLayer('Conv1').outputShape).toEqual([null, 112, 112, 32]);
    expect(model.getLayer('block_16_project_BN').outputShape).toEqual([null, 7, 7, 320]);
    expect(model.getLayer('Conv_1').outputShape).toEqual([null, 7, 7, 1280]);
    const adds = model.layers.filter((l) => l.getClassName() === 'Add').map((l) => l.name);
    expect(adds).toHaveLength(10);
    expect(model.layers.filter((l) => l.getClassName() === 'DepthwiseConv2D')).toHaveLength(17);
    const [row] = await probabilities(model, 1, 224);
    expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    expect(row.every((p) => p >= 0)).toBe(true);
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('builds at 96×96 with random BatchNorm statistics, deterministic per seed', async () => {
    const before = tf.memory().numTensors;
    const a = buildMobileNetV2Like({ inputSize: 96, seed: 3 });
    const b = buildMobileNetV2Like({ inputSize: 96, seed: 3 });
    const c = buildMobileNetV2Like({ inputSize: 96, seed: 4 });
    expect(a.getLayer('Conv_1').outputShape).toEqual([null, 3, 3, 1280]);
    const [, , mean, variance] = a.getLayer('block_5_depthwise_BN').getWeights();
    const meanValues = await mean.data();
    const varianceValues = await variance.data();
    expect(meanValues.some((m) => Math.abs(m) > 0.05)).toBe(true);
    expect(varianceValues.some((v) => Math.abs(v - 1) > 0.05)).toBe(true);
    expect(Math.min(...varianceValues)).toBeGreaterThan(0);
    const pa = await probabilities(a, 2, 96);
    const pb = await probabilities(b, 2, 96);
    const pc = await probabilities(c, 2, 96);
    for (const row of pa) expect(row.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 4);
    expect(pa).toEqual(pb);
    expect(pa).not.toEqual(pc);
    for (const m of [a, b, c]) m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('buildMobileNetV2Like at small sizes', () => {
  it('at 32×32, different inputs give clearly different logits and a non-zero input gradient', async () => {
    const before = tf.memory().numTensors;
    const model = buildMobileNetV2Like({ inputSize: 32, classes: 10, seed: 2 });
    const logitsModel = tf.model({
      inputs: model.inputs,
      outputs: model.getLayer('global_average_pooling2d').output,
    });
    const x = tf.randomUniform([2, 32, 32, 3], 0, 1, 'float32', 9);
    const [spread, gradientNorm] = tf.tidy(() => {
      const features = logitsModel.predict(x) as tf.Tensor2D;
      const [a, b] = tf.split(features, 2);
      // Feature difference between the two inputs relative to the features' own size: 0 for a network that
      // ignores its input (the old initialisation gave exactly 0 here).
      const relative = tf.div(tf.norm(tf.sub(a, b)), tf.norm(a));
      const grad = tf.grad((v: tf.Tensor) => tf.sum(tf.max(model.apply(v) as tf.Tensor2D, 1)))(x);
      return [relative.dataSync()[0], tf.norm(grad).dataSync()[0]];
    });
    expect(spread).toBeGreaterThan(0.1);
    expect(gradientNorm).toBeGreaterThan(1e-3);
    x.dispose();
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
