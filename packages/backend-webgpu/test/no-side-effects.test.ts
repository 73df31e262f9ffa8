import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

it('importing the package registers nothing and leaves navigator alone', async () => {
  const { listBackends } = await import('@loupe/core');
  await import('../src/index.js');
  expect(tf.findBackendFactory('webgpu')).toBeFalsy();
  expect((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu).toBeUndefined();
  expect((await listBackends()).map((b) => b.name)).toEqual(['cpu']);
});
