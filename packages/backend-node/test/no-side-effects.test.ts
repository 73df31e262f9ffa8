import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

it('importing the package loads nothing and registers nothing', async () => {
  const { listBackends } = await import('@loupe/core');
  await import('../src/index.js');
  expect(tf.findBackendFactory('tensorflow')).toBeFalsy();
  expect((await listBackends()).map((b) => b.name)).toEqual(['cpu']);
});
