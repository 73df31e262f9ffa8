import * as tf from '@tensorflow/tfjs';
import { wrapModel } from '@loupe/core';
import { tinyCnn } from '@loupe/testing';
import { beforeAll, expect, it } from 'vitest';
import { activationMaximization, classLogit, fitDensityPrior } from '../src/index.js';

beforeAll(async () => { await tf.setBackend('cpu'); });

it('smoke', async () => {
  const m = wrapModel(tinyCnn({ seed: 1 }), { inputRange: [0, 1] });
  for (const preset of ['score-only', 'expert-prior'] as const) {
    for (const parameterization of ['pixel', 'fourier'] as const) {
      const before = tf.memory().numTensors;
      const t0 = performance.now();
      const r = await activationMaximization(m, { objective: classLogit(2), preset, parameterization, steps: 50 });
      const p = tf.tidy(() => tf.softmax(m.predict(r.image)));
      console.log(preset, parameterization, (performance.now() - t0).toFixed(0), 'ms', Array.from(p.dataSync()).map((v) => v.toFixed(3)), r.history[0], r.history[49]);
      p.dispose(); r.image.dispose();
      expect(tf.memory().numTensors).toBe(before);
    }
  }
  const data = tf.randomUniform([50, 8, 8, 1], 0, 1, 'float32', 3);
  for (const kind of ['gaussian-diagonal', 'gaussian-lowrank', 'mixture'] as const) {
    const d = fitDensityPrior(data, { kind, rank: 4, components: 3 });
    const lp = d.logProb(data.slice(0, 3));
    console.log(kind, Array.from(lp.dataSync()));
    lp.dispose(); d.dispose();
  }
});
