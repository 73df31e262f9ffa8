import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type BackendEvent,
  type BackendPlugin,
  backendSelfTest,
  listBackends,
  onBackendEvent,
  registerBackend,
  unregisterBackend,
  useBackend,
} from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * A plugin whose tfjs backend is the cpu backend under another name with one kernel broken: `Conv2D`
 * returning zeros (a wrong answer) or `Conv2DBackpropInput` missing (a gradient that throws).
 */
function faultyBackend(
  name: string,
  priority: number,
  fault: 'wrong-conv' | 'no-conv-gradient',
): BackendPlugin {
  return {
    name,
    priority,
    async isAvailable() {
      return { available: true };
    },
    async setup() {
      if (tf.findBackend(name)) return;
      const { MathBackendCPU } = await import('@tensorflow/tfjs-backend-cpu');
      tf.registerBackend(name, () => new MathBackendCPU());
      for (const k of tf.getKernelsForBackend('cpu')) {
        if (fault === 'no-conv-gradient' && k.kernelName === 'Conv2DBackpropInput') continue;
        if (fault === 'wrong-conv' && k.kernelName === 'Conv2D') {
          tf.registerKernel({
            kernelName: 'Conv2D',
            backendName: name,
            kernelFunc: ({ inputs, backend, attrs }) => {
              const out = k.kernelFunc({ inputs, backend, attrs }) as tf.TensorInfo;
              const cpu = backend as InstanceType<typeof MathBackendCPU>;
              const values = cpu.data.get(out.dataId).values as Float32Array;
              values.fill(0);
              return out;
            },
          });
          continue;
        }
        tf.registerKernel({ ...k, backendName: name });
      }
    },
  };
}

afterEach(async () => {
  for (const n of ['wrong-conv', 'no-grad']) unregisterBackend(n);
  await useBackend('cpu');
});

describe("useBackend('auto') self-test", () => {
  it('passes on the cpu backend and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const result = await backendSelfTest();
    expect(result).toMatchObject({ passed: true });
    expect(result.millis).toBeGreaterThanOrEqual(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('skips backends that compute a wrong convolution or cannot take its gradient, saying why', async () => {
    registerBackend(faultyBackend('wrong-conv', 500, 'wrong-conv'));
    registerBackend(faultyBackend('no-grad', 400, 'no-conv-gradient'));
    const events: BackendEvent[] = [];
    const off = onBackendEvent((e) => events.push(e));
    const before = tf.memory().numTensors;
    expect(await useBackend('auto')).toBe('cpu');
    off();
    expect(tf.getBackend()).toBe('cpu');
    expect(tf.memory().numTensors).toBe(before);
    expect(events.at(-1)?.skipped).toEqual([
      {
        name: 'wrong-conv',
        reason: expect.stringMatching(/self-test failed: wrong result: conv2d\[\d+\] is 0/),
      },
      { name: 'no-grad', reason: 'self-test failed: it lacks the kernels Conv2DBackpropInput' },
    ]);
    const rows = await listBackends();
    expect(rows.find((r) => r.name === 'wrong-conv')?.selfTest).toMatchObject({ passed: false });
    expect(rows.find((r) => r.name === 'cpu')?.selfTest).toMatchObject({ passed: true });
  });
});
