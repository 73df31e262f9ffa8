import { registerBackend, unregisterBackend, useBackend } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webgpuBackend } from '../src/node.js';

/** conv2d → relu → sum, the gradient taken with respect to the input. */
function tinyNet(x: tf.Tensor4D, w: tf.Tensor4D): tf.Scalar {
  return tf.sum(tf.relu(tf.conv2d(x, w, 1, 'same')));
}

async function runTinyNet(): Promise<{ value: number; grad: Float32Array }> {
  const x = tf.randomUniform([1, 5, 5, 2], -1, 1, 'float32', 11) as tf.Tensor4D;
  const w = tf.randomUniform([3, 3, 2, 3], -1, 1, 'float32', 12) as tf.Tensor4D;
  const value = tf.tidy(() => tinyNet(x, w));
  const grad = tf.grad((input: tf.Tensor) => tinyNet(input as tf.Tensor4D, w))(x);
  const result = { value: (await value.data())[0], grad: (await grad.data()) as Float32Array };
  tf.dispose([x, w, value, grad]);
  return result;
}

const availability = await webgpuBackend.isAvailable();
if (!availability.available) console.info(`webgpu tests skipped: ${availability.reason}`);

describe('webgpu backend plugin', () => {
  beforeAll(() => registerBackend(webgpuBackend));
  afterAll(async () => {
    await useBackend('cpu');
    unregisterBackend('webgpu');
  });

  it('is available in CI and on this project machine (SwiftShader through Debian chromium)', () => {
    // CI exports VK_ICD_FILENAMES and installs chromium; a missing adapter there is a failure, not a skip.
    if (process.env.CI || process.env.VK_ICD_FILENAMES) expect(availability).toEqual({ available: true });
    else expect(availability.available || /VK_ICD_FILENAMES/.test(availability.reason ?? '')).toBe(true);
  });

  it.skipIf(!availability.available)(
    'agrees with cpu to 1e-4 on conv2d + relu + sum and its gradient',
    async () => {
      await useBackend('cpu');
      const reference = await runTinyNet();
      expect(await useBackend('webgpu')).toBe('webgpu');
      expect(tf.getBackend()).toBe('webgpu');
      const before = tf.memory().numTensors;
      const gpu = await runTinyNet();
      expect(tf.memory().numTensors).toBe(before);
      expect(Math.abs(gpu.value - reference.value)).toBeLessThan(
        1e-4 * Math.max(1, Math.abs(reference.value)),
      );
      const scale = Math.max(1, ...reference.grad.map(Math.abs));
      const worst = Math.max(...gpu.grad.map((g, i) => Math.abs(g - reference.grad[i])));
      expect(worst).toBeLessThan(1e-4 * scale);
      expect(reference.grad.some((g) => g !== 0)).toBe(true);
    },
  );
});
