import { explain, unregisterExplainer, wrapModel } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { kernelShap, occlusion, perturbationPlugins, registerPerturbationMethods } from '../src/index.js';

describe('README example', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('runs as written', async () => {
    const before = tf.memory().numTensors;
    const model = wrapModel(
      (x) => tf.sum(tf.slice(x, [0, 0, 0, 0], [-1, 14, 14, 1]), [1, 2, 3]).reshape([-1, 1]),
      {
        inputShape: [28, 28, 1],
      },
    );
    const image = tf.randomUniform([28, 28, 1], 0, 1, 'float32', 1);
    const occ = await occlusion(model, image, { window: 4, stride: 2, target: 0 });
    expect(occ.shape).toEqual([28, 28, 1]);
    expect(occ.meta.windows).toBe(169);
    const shap = await kernelShap(model, image, { samples: 500, target: 0, seed: 1 });
    expect(Math.abs((shap.meta.convergenceDelta as number[])[0])).toBeLessThan(1e-4);
    for (const p of perturbationPlugins) unregisterExplainer(p.id);
    registerPerturbationMethods();
    const rise = await explain(model, image, { method: 'rise', masks: 200, target: 0, seed: 1 });
    expect(rise.shape).toEqual([28, 28, 1]);
    for (const a of [occ, shap, rise]) a.dispose();
    image.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
