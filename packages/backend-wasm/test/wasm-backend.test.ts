import { BackendUnavailableError, registerBackend, unregisterBackend, useBackend } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWasmBackend,
  missingWasmKernels,
  nodeWasmDirectory,
  WASM_BINARY_NAMES,
  wasmBackend,
} from '../src/index.js';

/** conv2d → relu → max pool → weighted sum: touches Conv2DBackpropInput, ReluGrad (Step) and MaxPoolGrad. */
function tinyNet(x: tf.Tensor4D, w: tf.Tensor4D, u: tf.Tensor4D): tf.Scalar {
  const y = tf.maxPool(tf.relu(tf.conv2d(x, w, 1, 'same')), 2, 2, 'valid');
  return tf.sum(tf.mul(y, u));
}

/** Values of the tiny net and its input gradient on the active backend, as plain arrays. */
async function runTinyNet(): Promise<{ value: number; grad: Float32Array }> {
  const x = tf.randomUniform([2, 6, 6, 3], -1, 1, 'float32', 1) as tf.Tensor4D;
  const w = tf.randomUniform([3, 3, 3, 4], -1, 1, 'float32', 2) as tf.Tensor4D;
  const u = tf.randomUniform([2, 3, 3, 4], -1, 1, 'float32', 3) as tf.Tensor4D;
  const value = tf.tidy(() => tinyNet(x, w, u));
  const grad = tf.grad((input: tf.Tensor) => tinyNet(input as tf.Tensor4D, w, u))(x);
  const result = { value: (await value.data())[0], grad: (await grad.data()) as Float32Array };
  tf.dispose([x, w, u, value, grad]);
  return result;
}

describe('wasm backend plugin (Node)', () => {
  beforeAll(() => registerBackend(wasmBackend));
  afterAll(async () => {
    await useBackend('cpu');
    unregisterBackend('wasm');
  });

  it('finds the binaries in the installed package', async () => {
    const dir = nodeWasmDirectory();
    expect(dir).toMatch(/tfjs-backend-wasm[\\/]dist[\\/]$/);
    const { existsSync } = await import('node:fs');
    for (const name of WASM_BINARY_NAMES) expect(existsSync(`${dir}${name}`)).toBe(true);
    expect(await wasmBackend.isAvailable()).toEqual({ available: true });
  });

  it('reports a wrong wasmPaths directory with the fix', async () => {
    const broken = createWasmBackend({ wasmPaths: '/nonexistent/dir/' });
    const availability = await broken.isAvailable();
    expect(availability.available).toBe(false);
    expect(availability.reason).toContain('/nonexistent/dir/tfjs-backend-wasm.wasm');
    expect(availability.reason).toContain('wasmPaths');
  });

  it('agrees with cpu to 1e-4 on a tiny op and its input gradient, without leaking tensors', async () => {
    await useBackend('cpu');
    const reference = await runTinyNet();
    expect(await useBackend('wasm')).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    const before = tf.memory().numTensors;
    const wasm = await runTinyNet();
    expect(tf.memory().numTensors).toBe(before);
    expect(Math.abs(wasm.value - reference.value)).toBeLessThan(
      1e-4 * Math.max(1, Math.abs(reference.value)),
    );
    const scale = Math.max(1, ...reference.grad.map(Math.abs));
    const worst = Math.max(...wasm.grad.map((g, i) => Math.abs(g - reference.grad[i])));
    expect(worst).toBeLessThan(1e-4 * scale);
    expect(reference.grad.some((g) => g !== 0)).toBe(true);
  });

  it('lists the gradient kernels wasm lacks, and the list is true', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const missing = await missingWasmKernels();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    expect(missing).toEqual(
      expect.arrayContaining(['Conv2DBackpropFilter', 'DepthwiseConv2dNativeBackpropInput']),
    );
    expect(missing).not.toContain('Conv2DBackpropInput');
    expect(missing).not.toContain('MaxPoolGrad');
    expect(await missingWasmKernels(['Conv2DBackpropInput', 'Conv2DBackpropFilter'])).toEqual([
      'Conv2DBackpropFilter',
    ]);

    await useBackend('wasm');
    const x = tf.ones([1, 4, 4, 2]) as tf.Tensor4D;
    const w = tf.ones([3, 3, 2, 2]) as tf.Tensor4D;
    // A filter gradient needs the kernel the probe says is missing. (tfjs strands the tape's tensors when
    // a backward kernel is missing, one more reason core keeps weight gradients out of explanation graphs.)
    expect(() =>
      tf.tidy(() => tf.grad((f: tf.Tensor) => tf.sum(tf.conv2d(x, f as tf.Tensor4D, 1, 'same')))(w)),
    ).toThrow(/Conv2DBackpropFilter/);
    tf.dispose([x, w]);
  });

  it('a second plugin with a bad path fails setup with a typed error once wasm is running', async () => {
    await useBackend('wasm');
    unregisterBackend('wasm');
    registerBackend(createWasmBackend({ wasmPaths: '/nonexistent/dir/' }));
    await expect(useBackend('wasm')).rejects.toBeInstanceOf(BackendUnavailableError);
    unregisterBackend('wasm');
    registerBackend(wasmBackend);
  });
});
