import * as tf from '@tensorflow/tfjs';
import { wrapModel } from '@loupe/core';
import { loadMnistCnn, loadMnistSamples } from '@loupe/models';
import { it } from 'vitest';
import { activationMaximization, classLogit, fitDensityPrior, totalVariation, type ActivationMaximizationOptions } from '../src/index.js';
const D = Array.from({ length: 10 }, (_, i) => i);
it('tune', async () => {
  await tf.setBackend('cpu');
  const model = wrapModel(await loadMnistCnn(), { inputRange: [0, 1] });
  const { images } = await loadMnistSamples();
  let t = performance.now();
  const prior = fitDensityPrior(images, { kind: 'mixture', components: 10 });
  const judge = fitDensityPrior(images, { kind: 'gaussian-lowrank', rank: 16 });
  console.log('fit ms', performance.now() - t);
  const report = async (name: string, o: Partial<ActivationMaximizationOptions>) => {
    t = performance.now();
    const r = await activationMaximization(model, { objective: classLogit(D), batch: 10, seed: 1, ...o });
    const ms = performance.now() - t;
    const [p, tv, ll, lg] = tf.tidy(() => {
      const logits = model.predict(r.image) as tf.Tensor2D;
      const mask = tf.oneHot(tf.tensor1d(D, 'int32'), 10);
      return [Array.from(tf.sum(tf.mul(tf.softmax(logits), mask), 1).dataSync()), Array.from(totalVariation(r.image as tf.Tensor4D, 1).dataSync()), Array.from(judge.logProb(r.image).dataSync()), Array.from(tf.sum(tf.mul(logits, mask), 1).dataSync())];
    });
    const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
    console.log(name, 'ms', ms.toFixed(0), 'pmin', Math.min(...p).toFixed(4), 'logit', mean(lg).toFixed(1), 'tv', mean(tv).toFixed(4), 'tvmax', Math.max(...tv).toFixed(4), 'll', mean(ll).toFixed(0));
    r.image.dispose();
  };
  for (const steps of [32, 64]) {
    await report(`score ${steps}`, { preset: 'score-only', steps });
    await report(`expert ${steps}`, { preset: 'expert-prior', steps });
    await report(`expert tv1 ${steps}`, { preset: 'expert-prior', steps, prior: { tv: 1, l2: 0.1 } });
    await report(`density ${steps}`, { preset: 'expert-prior', steps, prior: { density: { model: prior, weight: 0.02 } } });
    await report(`density.005 ${steps}`, { preset: 'expert-prior', steps, prior: { density: { model: prior, weight: 0.005 } } });
  }
}, 600_000);
