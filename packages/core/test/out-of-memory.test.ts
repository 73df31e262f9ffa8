import { describe, expect, it } from 'vitest';
import { isOutOfMemoryError } from '../src/index.js';

describe('isOutOfMemoryError', () => {
  it('recognises the ways WebAssembly and JavaScript report exhausted memory', () => {
    // The first is what tfjs-backend-wasm 4.22 threw in Node when a 4.4 GB working set overflowed its 4 GiB heap.
    expect(isOutOfMemoryError(new Error('Aborted(). Build with -sASSERTIONS for more info.'))).toBe(true);
    expect(isOutOfMemoryError(new Error('Aborted(OOM)'))).toBe(true);
    expect(isOutOfMemoryError(new Error('Cannot enlarge memory arrays to size 4294967296 bytes'))).toBe(true);
    expect(
      isOutOfMemoryError(new RangeError('WebAssembly.Memory.grow(): Maximum memory size exceeded')),
    ).toBe(true);
    expect(isOutOfMemoryError(new RangeError('Array buffer allocation failed'))).toBe(true);
    expect(isOutOfMemoryError({ message: 'out of memory' })).toBe(true);
    expect(isOutOfMemoryError('Out of memory')).toBe(true);
    expect(isOutOfMemoryError(new RangeError('Invalid typed array length: 4294967296'))).toBe(true);
    expect(isOutOfMemoryError(new Error('Failed to allocate 268435456 bytes'))).toBe(true);
  });

  it('does not mistake other failures for memory exhaustion', () => {
    expect(isOutOfMemoryError(new Error('Kernel Conv2DBackpropFilter not registered for backend wasm'))).toBe(
      false,
    );
    expect(isOutOfMemoryError(new Error('Aborted(Assertion failed: shape mismatch)'))).toBe(false);
    expect(isOutOfMemoryError(new RangeError('Invalid array length'))).toBe(false);
    expect(isOutOfMemoryError(undefined)).toBe(false);
    expect(isOutOfMemoryError(42)).toBe(false);
    // "OOM" counts as a word only.
    expect(isOutOfMemoryError(new Error('Layer zoom_in not found'))).toBe(false);
  });
});
