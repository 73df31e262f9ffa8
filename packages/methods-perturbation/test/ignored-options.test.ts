// Issue 16, item 3: misspelt options are OptionErrors naming the closest option, direct calls and explain().
import { explain, OptionError, unregisterExplainer, wrapModel } from '@loupe/core';
import { expectThrowsWithoutLeaks, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  featureAblation,
  kernelShap,
  lime,
  occlusion,
  registerPerturbationMethods,
  rise,
} from '../src/index.js';

let registered: string[] = [];
beforeAll(async () => {
  await tf.setBackend('cpu');
  registered = registerPerturbationMethods();
});
afterAll(() => {
  for (const id of registered) unregisterExplainer(id);
});

describe('ignored options (issue 16.3)', () => {
  const model = wrapModel(tinyCnn());
  const x = tf.randomUniform([1, 8, 8, 1], 0, 1, 'float32', 3);

  it('each direct call rejects a misspelt option before any work, naming the closest one', async () => {
    const error = await expectThrowsWithoutLeaks(() => rise(model, x, { mask: 10 } as never));
    expect(error).toBeInstanceOf(OptionError);
    expect((error as Error).message).toMatch(/"mask" for 'rise'\. Did you mean "masks"\?/);
    await expect(occlusion(model, x, { windw: 2 } as never)).rejects.toThrow(/Did you mean "window"/);
    await expect(featureAblation(model, x, { featuremask: x } as never)).rejects.toThrow(
      /Did you mean "featureMask"/,
    );
    await expect(lime(model, x, { kernelWidht: 1 } as never)).rejects.toThrow(/Did you mean "kernelWidth"/);
    await expect(kernelShap(model, x, { sample: 10 } as never)).rejects.toThrow(/Did you mean "samples"/);
  });

  it('explain() checks the plugin names, which include the text forms a UI sends', async () => {
    await expect(explain(model, x, { method: 'occlusion', stides: '2,2,1' } as never)).rejects.toThrow(
      /Did you mean "strides"/,
    );
    const a = await explain(model, x, { method: 'occlusion', windowShape: '4,4,1', strides: '4,4,1' });
    expect(a.meta.windows).toBe(4);
    a.dispose();
  });
});
