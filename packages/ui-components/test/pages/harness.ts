// Test harness page: the package from source, every element defined, gradient methods and the WebGPU
// backend registered, and the pieces tests need exposed on `window.loupe`.

import { webgpuBackend } from '@loupe/backend-webgpu';
import * as core from '@loupe/core';
import { registerGradientMethods } from '@loupe/methods-gradient';
import * as tf from '@tensorflow/tfjs';
import * as ui from '../../src/index.js';

ui.defineLoupeElements();
registerGradientMethods();
if (core.getBackendPlugin('webgpu') === undefined) core.registerBackend(webgpuBackend);

/** Waits for the first event of a type on an element; rejects after `ms`. */
function nextEvent<T>(target: EventTarget, type: string, ms = 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${type} event within ${ms} ms`)), ms);
    target.addEventListener(
      type,
      (event) => {
        clearTimeout(timer);
        resolve((event as CustomEvent<T>).detail);
      },
      { once: true },
    );
  });
}

/** RGBA of a canvas's pixel. */
function pixel(canvas: HTMLCanvasElement, x: number, y: number): number[] {
  return [...(canvas.getContext('2d')?.getImageData(x, y, 1, 1).data ?? [])];
}

const api = { core, tf, ui, nextEvent, pixel };
(globalThis as unknown as { loupe: typeof api }).loupe = api;
document.body.dataset.ready = 'true';

export type HarnessApi = typeof api;
