import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

it('importing the package registers no tfjs backend and no Loupe backend', async () => {
  const { listBackends } = await import('@loupe/core');
  await import('../src/index.js');
  expect(tf.findBackendFactory('wasm')).toBeFalsy();
  expect((await listBackends()).map((b) => b.name)).toEqual(['cpu']);
});
