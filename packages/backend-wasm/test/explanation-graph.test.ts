import { registerBackend, useBackend, wrapModel } from '@loupe/core';
import { buildMobileNetV2Like, maxRelativeError } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { missingWasmKernels, wasmBackend } from '../src/index.js';

// On wasm, plain tf.grad through a LayersModel fails (Conv2DBackpropFilter is missing there); core's
// explanation graph computes no weight gradient and routes the depthwise input gradient through kernels
// wasm has.
let source: tf.LayersModel;
let x: tf.Tensor;
let cpuGradient: Float32Array;

beforeAll(async () => {
  await tf.setBackend('cpu');
  source = buildMobileNetV2Like({ inputSize: 64, alpha: 0.35, seed: 4 });
  x = tf.randomUniform([2, 64, 64, 3], -1, 1, 'float32', 5);
  const onCpu = wrapModel(source, { output: 'probabilities' });
  const g = onCpu.inputGradient(x, 7);
  cpuGradient = g.gradient.dataSync().slice() as Float32Array;
  tf.dispose([g.gradient, g.scores]);
  onCpu.dispose();
  try {
    registerBackend(wasmBackend);
  } catch {
    // already registered by another test in this worker
  }
  await useBackend('wasm');
});

afterAll(async () => {
  x.dispose();
  source.dispose();
  await useBackend('cpu');
});

describe('explanation graph on the wasm backend', () => {
  it('lacks the kernels that plain gradients need', async () => {
    expect(await missingWasmKernels()).toEqual(
      expect.arrayContaining(['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropInput']),
    );
  });

  it('computes a MobileNetV2 input gradient equal to cpu', () => {
    const model = wrapModel(source, { output: 'probabilities' });
    const before = tf.memory().numTensors;
    const { gradient, scores } = model.inputGradient(x, 7);
    expect(tf.getBackend()).toBe('wasm');
    expect(maxRelativeError(gradient.dataSync(), cpuGradient)).toBeLessThan(1e-4);
    tf.dispose([gradient, scores]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
