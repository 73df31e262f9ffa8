import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  assertWithinMemory,
  checkCount,
  formatBytes,
  MemoryBudgetError,
  memoryBudget,
  OptionError,
} from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('issue 16 item 7: unbounded work', () => {
  it('checkCount accepts whole numbers in range and names the limit otherwise', () => {
    expect(checkCount(5, 'masks', 10)).toBe(5);
    expect(checkCount(2, 'samples', 10, 2)).toBe(2);
    for (const bad of [0, 11, 2.5, Number.NaN, Number.POSITIVE_INFINITY, '5', undefined]) {
      expect(() => checkCount(bad, 'masks', 10)).toThrow(OptionError);
    }
    expect(() => checkCount(1e8, 'masks', 100_000)).toThrow(
      'masks must be a whole number from 1 to 100000; got 100000000.',
    );
  });

  it('work above the budget is a MemoryBudgetError carrying the estimate and the limit', () => {
    const budget = { bytes: 4e9, source: 'a test budget' };
    expect(() => assertWithinMemory({ bytes: 3e9, what: 'Small work', fix: 'n/a' }, budget)).not.toThrow();
    let caught: unknown;
    try {
      assertWithinMemory({ bytes: 2.5e10, what: 'RISE with 100000 masks', fix: 'Lower masks.' }, budget);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(MemoryBudgetError);
    const err = caught as MemoryBudgetError;
    expect(err.code).toBe('memory-budget');
    expect(err.estimateBytes).toBe(2.5e10);
    expect(err.budgetBytes).toBe(4e9);
    expect(err.message).toBe(
      'RISE with 100000 masks needs about 25.0 GB at once (estimate), more than the cpu backend can hold: about 4.0 GB, a test budget. Lower masks.',
    );
  });

  it('the budget is half the machine’s memory on cpu in Node, and formatBytes reads well', () => {
    const b = memoryBudget();
    expect(b.bytes).toBeGreaterThan(2 ** 28);
    expect(b.source).toMatch(/machine/);
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 kB');
    expect(formatBytes(618e9)).toBe('618 GB');
  });
});
