// Issue 16, item 3: misspelt options of direct calls are OptionErrors naming the closest option.
import { OptionError, wrapModel } from '@loupe/core';
import { expectThrowsWithoutLeaks, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { integratedGradients, lrp, saliency, smoothGrad } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('ignored options (issue 16.3), direct calls', () => {
  const model = wrapModel(tinyCnn());
  const x = tf.randomUniform([1, 8, 8, 1], 0, 1, 'float32', 2);

  it('integratedGradients({ stpes }) names "steps" and leaks nothing', async () => {
    const error = await expectThrowsWithoutLeaks(() => integratedGradients(model, x, { stpes: 4 } as never));
    expect(error).toBeInstanceOf(OptionError);
    expect((error as Error).message).toMatch(/"stpes" for 'integrated-gradients'\. Did you mean "steps"\?/);
  });

  it('also for saliency, SmoothGrad (its code-only options stay accepted) and LRP', async () => {
    await expect(saliency(model, x, { absolute: true } as never)).rejects.toThrow(/Did you mean "abs"/);
    await expect(smoothGrad(model, x, { sample: 2 } as never)).rejects.toThrow(/Did you mean "samples"/);
    const sg = await smoothGrad(model, x, { samples: 2, baseOptions: {}, baseMethod: 'saliency' });
    sg.dispose();
    await expect(lrp(model, x, { epsilonn: 0.1 } as never)).rejects.toThrow(/Did you mean "epsilon"/);
    const ab = await lrp(model, x, { rule: 'alpha-beta', alpha: 2, beta: 1 });
    ab.dispose();
  });

  it("a base method's options passed through SmoothGrad are checked against the base method", async () => {
    await expect(
      smoothGrad(model, x, { samples: 2, baseMethod: 'integrated-gradients', baseOptions: { stepz: 2 } }),
    ).rejects.toThrow(/"stepz" for 'integrated-gradients'/);
  });
});
