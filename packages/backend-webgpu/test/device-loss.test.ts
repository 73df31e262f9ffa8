import {
  type BackendEvent,
  onBackendEvent,
  registerBackend,
  reportBackendLost,
  useBackend,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { createWebGpuBackend, type DeviceLostInfo, watchDeviceLoss } from '../src/index.js';

function fakeDevice(info: DeviceLostInfo): { lost: Promise<DeviceLostInfo> } {
  return { lost: Promise.resolve(info) };
}

it('ignores a deliberate destroy and reports a real loss with its reason', async () => {
  const reasons: string[] = [];
  watchDeviceLoss(fakeDevice({ reason: 'destroyed', message: 'Device was destroyed.' }), (r) =>
    reasons.push(r),
  );
  watchDeviceLoss(fakeDevice({ reason: 'unknown', message: 'driver reset' }), (r) => reasons.push(r));
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(reasons).toEqual(['WebGPU device lost (unknown): driver reset']);
});

const plugin = createWebGpuBackend();
const availability = await plugin.isAvailable();
if (!availability.available) console.info(`webgpu device-loss tests skipped: ${availability.reason}`);

it.skipIf(!availability.available)('a lost device hands over to the best remaining backend', async () => {
  registerBackend(plugin);
  expect(await useBackend('webgpu')).toBe('webgpu');
  const events: BackendEvent[] = [];
  const stop = onBackendEvent((e) => events.push(e));
  const switched = new Promise<string>((resolve) => {
    watchDeviceLoss(fakeDevice({ reason: 'unknown', message: 'GPU hung' }), (reason) => {
      void reportBackendLost('webgpu', reason).then(resolve);
    });
  });
  expect(await switched).toBe('cpu');
  stop();
  expect(tf.getBackend()).toBe('cpu');
  expect(events).toEqual([
    { type: 'lost', name: 'cpu', lost: 'webgpu', reason: 'WebGPU device lost (unknown): GPU hung' },
  ]);
});

it.skipIf(!availability.available)(
  'watches the real device: destroying it on purpose reports nothing',
  async () => {
    const lost: string[] = [];
    const watched = createWebGpuBackend({ onDeviceLost: (r) => void lost.push(r) });
    // Drop the instance the first test left, so this plugin's factory creates (and watches) a fresh device.
    tf.removeBackend('webgpu');
    await watched.setup();
    await tf.setBackend('webgpu');
    const device = (tf.backend() as unknown as { device: { destroy(): void; lost: Promise<DeviceLostInfo> } })
      .device;
    device.destroy();
    expect((await device.lost).reason).toBe('destroyed');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(lost).toEqual([]);
    await tf.setBackend('cpu');
  },
);
