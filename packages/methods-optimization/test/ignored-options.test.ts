// Issue 16, item 3: misspelt options of activationMaximization (and of its prior) are OptionErrors.
import { OptionError, wrapModel } from '@loupe/core';
import { tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { activationMaximization, classLogit } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('ignored options (issue 16.3)', () => {
  const model = wrapModel(tinyCnn(), { inputRange: [0, 1] });

  it('names the closest option, top level and inside prior, before any work', async () => {
    const before = tf.memory().numTensors;
    await expect(
      activationMaximization(model, { objective: classLogit(1), step: 2 } as never),
    ).rejects.toThrow(OptionError);
    await expect(
      activationMaximization(model, { objective: classLogit(1), step: 2 } as never),
    ).rejects.toThrow(/"step" for 'activation-maximization'\. Did you mean "steps"\?/);
    await expect(
      activationMaximization(model, { objective: classLogit(1), prior: { jiter: 1 } } as never),
    ).rejects.toThrow(/Did you mean "jitter"/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
