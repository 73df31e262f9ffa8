import {
  type BackendEvent,
  BackendLostError,
  createAttribution,
  type ExplainerPlugin,
  explain,
  getBackendPlugin,
  onBackendEvent,
  registerBackend,
  registerExplainer,
  reportBackendLost,
  unregisterExplainer,
  useBackend,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { createWebGpuBackend, type DeviceLostInfo, watchDeviceLoss } from '../src/node.js';

function fakeDevice(info: DeviceLostInfo): { lost: Promise<DeviceLostInfo> } {
  return { lost: Promise.resolve(info) };
}

it('ignores the backend disposing its own device and reports a real loss with its reason', async () => {
  const reasons: string[] = [];
  watchDeviceLoss(
    fakeDevice({ reason: 'destroyed', message: 'Device was destroyed.' }),
    (r) => reasons.push(r),
    () => true,
  );
  watchDeviceLoss(fakeDevice({ reason: 'unknown', message: 'driver reset' }), (r) => reasons.push(r));
  await new Promise((resolve) => setTimeout(resolve, 0));
  expect(reasons).toEqual(['WebGPU device lost (unknown): driver reset']);
});

/** Removes the webgpu backend instance and factory, when there is one. */
function dropWebgpu(): void {
  if (tf.findBackendFactory('webgpu')) tf.removeBackend('webgpu');
}

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
  'watches the real device: tfjs disposing its backend reports nothing, code destroying the device does',
  async () => {
    const lost: string[] = [];
    const watched = createWebGpuBackend({ onDeviceLost: (r) => void lost.push(r) });
    // Drop the instance the first test left, so this plugin's factory creates (and watches) a fresh device.
    dropWebgpu();
    await watched.setup();
    await tf.setBackend('webgpu');
    type Device = { destroy(): void; lost: Promise<DeviceLostInfo> };
    const first = (tf.backend() as unknown as { device: Device }).device;
    await tf.setBackend('cpu');
    dropWebgpu();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lost).toEqual([]);
    expect(first).toBeDefined();

    await watched.setup();
    await tf.setBackend('webgpu');
    const device = (tf.backend() as unknown as { device: Device }).device;
    device.destroy();
    expect((await device.lost).reason).toBe('destroyed');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(lost).toEqual(['WebGPU device lost (destroyed): device was destroyed']);
    await tf.setBackend('cpu');
    dropWebgpu();
  },
);

it.skipIf(!availability.available)(
  'issue 16 item 10: device.destroy() mid-explanation falls back, fires the lost event and rejects the running call with BackendLostError — no hang',
  async () => {
    dropWebgpu();
    if (!getBackendPlugin('webgpu')) registerBackend(plugin);
    expect(await useBackend('webgpu')).toBe('webgpu');
    const events: BackendEvent[] = [];
    const stop = onBackendEvent((e) => events.push(e));
    let batches = 0;
    const slowMethod: ExplainerPlugin = {
      id: 'device-loss-probe',
      label: 'device loss probe',
      family: 'other',
      description: 'Reads back one batch after another, like any long method.',
      params: {},
      async explain(_model, x) {
        for (let i = 0; i < 200; i++) {
          const batch = tf.tidy(() => tf.matMul(tf.reshape(x, [1, -1]), tf.ones([x.size, 64])));
          await batch.data();
          batch.dispose();
          batches++;
          if (i === 2 && tf.getBackend() === 'webgpu')
            (tf.backend() as unknown as { device: { destroy(): void } }).device.destroy();
        }
        return createAttribution({ method: 'device-loss-probe', target: [0], values: tf.zerosLike(x) });
      },
    };
    registerExplainer(slowMethod);
    const model = (v: tf.Tensor) => tf.sum(v, 1, true);
    const x = tf.ones([1, 16]);
    const started = performance.now();
    const err = await explain(model, x, { method: 'device-loss-probe', target: 0 }).catch((e) => e);
    const millis = performance.now() - started;
    expect(err).toBeInstanceOf(BackendLostError);
    expect((err as BackendLostError).lost).toBe('webgpu');
    expect((err as Error).message).toMatch(/webgpu backend was lost.*device was destroyed.*Run it again/);
    expect(millis).toBeLessThan(5000);
    expect(batches).toBeLessThan(200);
    // The switch completes and announces itself; the same call then runs on the new backend.
    await expect.poll(() => events.map((e) => e.type)).toEqual(['lost']);
    expect(events[0]).toMatchObject({ type: 'lost', name: 'cpu', lost: 'webgpu' });
    expect(tf.getBackend()).toBe('cpu');
    const again = tf.ones([1, 16]);
    const rerun = await explain(model, again, { method: 'device-loss-probe', target: 0 });
    expect(rerun.meta.backend).toBe('cpu');
    rerun.dispose();
    again.dispose();
    unregisterExplainer('device-loss-probe');
    stop();
  },
);
