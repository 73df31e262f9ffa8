import { freemem } from 'node:os';
import { registerBackend, useBackend } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { isOutOfMemoryError, wasmBackend } from '../src/index.js';

describe('isOutOfMemoryError', () => {
  it('recognises the ways WebAssembly and JavaScript report exhausted memory', () => {
    expect(isOutOfMemoryError(new Error('Aborted(). Build with -sASSERTIONS for more info.'))).toBe(true);
    expect(isOutOfMemoryError(new Error('Aborted(OOM)'))).toBe(true);
    expect(isOutOfMemoryError(new Error('Cannot enlarge memory arrays to size 4294967296 bytes'))).toBe(true);
    expect(
      isOutOfMemoryError(new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded')),
    ).toBe(true);
    expect(isOutOfMemoryError(new RangeError('Array buffer allocation failed'))).toBe(true);
    expect(isOutOfMemoryError({ message: 'out of memory' })).toBe(true);
    expect(isOutOfMemoryError('Out of memory')).toBe(true);
  });

  it('does not mistake other failures for memory exhaustion', () => {
    expect(isOutOfMemoryError(new Error('Kernel Conv2DBackpropFilter not registered for backend wasm'))).toBe(
      false,
    );
    expect(isOutOfMemoryError(new Error('Aborted(Assertion failed: shape mismatch)'))).toBe(false);
    expect(isOutOfMemoryError(new RangeError('Invalid array length'))).toBe(false);
    expect(isOutOfMemoryError(undefined)).toBe(false);
    expect(isOutOfMemoryError(42)).toBe(false);
  });

  // wasm's heap stops at 4 GiB; exceeding it needs that much real memory, so this runs only where it is free.
  const enoughMemory = freemem() > 8 * 2 ** 30;
  if (!enoughMemory)
    console.info(`skipping the real wasm OOM: ${(freemem() / 2 ** 30).toFixed(1)} GiB free, 8 needed`);
  it.skipIf(!enoughMemory)('recognises the error of a real wasm heap overflow', async () => {
    registerBackend(wasmBackend);
    await useBackend('wasm');
    const held = tf.zeros([600_000_000]);
    let caught: unknown;
    try {
      tf.tidy(() => tf.add(tf.ones([500_000_000]), 1).dataSync());
    } catch (err) {
      caught = err;
    }
    held.dispose();
    expect(caught).toBeDefined();
    expect(isOutOfMemoryError(caught)).toBe(true);
    await useBackend('cpu');
  });
});
