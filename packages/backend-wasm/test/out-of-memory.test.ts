import * as core from '@loupe/core';
import { describe, expect, it } from 'vitest';
import { isOutOfMemoryError } from '../src/index.js';

// The patterns themselves are tested in @loupe/core, which owns the one implementation.
describe('isOutOfMemoryError', () => {
  it("re-exports @loupe/core's implementation", () => {
    expect(isOutOfMemoryError).toBe(core.isOutOfMemoryError);
  });
});
