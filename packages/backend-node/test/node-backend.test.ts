import {
  BackendUnavailableError,
  listBackends,
  registerBackend,
  unregisterBackend,
  useBackend,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { locateTfjsNode, nodeBackend, TFJS_NODE_BACKEND } from '../src/index.js';

/** conv2d → relu → sum and its input gradient on the active backend. */
async function runTinyNet(): Promise<{ value: number; grad: Float32Array }> {
  const x = tf.randomUniform([1, 5, 5, 2], -1, 1, 'float32', 21) as tf.Tensor4D;
  const w = tf.randomUniform([3, 3, 2, 3], -1, 1, 'float32', 22) as tf.Tensor4D;
  const f = (input: tf.Tensor) => tf.sum(tf.relu(tf.conv2d(input as tf.Tensor4D, w, 1, 'same')));
  const value = tf.tidy(() => f(x));
  const grad = tf.grad(f)(x);
  const result = { value: (await value.data())[0], grad: (await grad.data()) as Float32Array };
  tf.dispose([x, w, value, grad]);
  return result;
}

const backendBefore = tf.getBackend();
const availability = await nodeBackend.isAvailable();
if (!availability.available) console.info(`tfjs-node tests skipped: ${availability.reason}`);

describe('node backend plugin', () => {
  afterAll(async () => {
    unregisterBackend(TFJS_NODE_BACKEND);
    await tf.setBackend('cpu');
  });

  it('probing does not switch the active backend', () => {
    expect(tf.getBackend()).toBe(backendBefore);
  });

  it.skipIf(availability.available)(
    'when tfjs-node is absent, says so with the install command',
    async () => {
      expect('reason' in locateTfjsNode()).toBe(true);
      expect(availability.reason).toContain('@tensorflow/tfjs-node is not installed');
      expect(availability.reason).toContain('pnpm add @tensorflow/tfjs-node');
      expect(availability.reason).toContain('libtensorflow');
      registerBackend(nodeBackend);
      const row = (await listBackends()).find((b) => b.name === TFJS_NODE_BACKEND);
      expect(row).toMatchObject({ available: false, priority: 300, reason: availability.reason });
      await expect(useBackend(TFJS_NODE_BACKEND)).rejects.toBeInstanceOf(BackendUnavailableError);
      await expect(useBackend(TFJS_NODE_BACKEND)).rejects.toThrow(/pnpm add @tensorflow\/tfjs-node/);
      expect(await useBackend('auto')).not.toBe(TFJS_NODE_BACKEND);
    },
  );

  it.skipIf(!availability.available)(
    'agrees with cpu to 1e-4 on conv2d + relu + sum and its gradient',
    async () => {
      await useBackend('cpu');
      const reference = await runTinyNet();
      registerBackend(nodeBackend);
      expect(await useBackend(TFJS_NODE_BACKEND)).toBe(TFJS_NODE_BACKEND);
      const before = tf.memory().numTensors;
      const native = await runTinyNet();
      expect(tf.memory().numTensors).toBe(before);
      expect(Math.abs(native.value - reference.value)).toBeLessThan(
        1e-4 * Math.max(1, Math.abs(reference.value)),
      );
      const scale = Math.max(1, ...reference.grad.map(Math.abs));
      const worst = Math.max(...native.grad.map((g, i) => Math.abs(g - reference.grad[i])));
      expect(worst).toBeLessThan(1e-4 * scale);
    },
  );
});
