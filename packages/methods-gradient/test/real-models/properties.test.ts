import type { ExplainableModel, Target } from '@loupe/core';
import { maxRelativeError } from '@loupe/testing';
import { describeOnBackends } from '@loupe/testing/vitest';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { deepLift, inputXGradient, integratedGradients, lrp } from '../../src/index.js';
import { loadCase, REAL_MODELS, sampleInput, targetOf } from './human-models.js';

/** The explained score f(x) per example, as the methods see it. */
async function scoreOf(model: ExplainableModel, x: tf.Tensor, target: Target): Promise<number> {
  const resolved = model.resolveTarget(x, target);
  const s = tf.tidy(() => resolved.select(model.forwardBatched(x)));
  const value = (await s.data())[0];
  s.dispose();
  return value;
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

await describeOnBackends(
  'real converter GraphModels: completeness and conservation',
  () => {
    // The faceres gender head shares every op with the age head (its sigmoid view is checked on cpu in
    // gradients.test.ts); leaving it out here saves a minute of CI.
    for (const c of REAL_MODELS.filter((m) => m.label !== 'faceres gender head (sigmoid)')) {
      it(`${c.label}: IG-64 complete within 1%, DeepLIFT sums to Δf, LRP conserves${c.piecewiseLinear ? ' and LRP-ε = input × gradient' : ''}`, async () => {
        const model = await loadCase(c);
        const x = sampleInput(model, c);
        const { target, dispose } = targetOf(c, model);
        const zeros = tf.zerosLike(x);
        const delta = (await scoreOf(model, x, target)) - (await scoreOf(model, zeros, target));

        const ig = await integratedGradients(model, x, {
          target,
          steps: 64,
          batchSize: c.batchSize,
          ...(c.igBaseline ? { baseline: c.igBaseline } : {}),
        });
        // Completeness: Σ attributions = f(x) − f(baseline); convergenceDelta is their difference.
        const igSum = sum(await ig.data());
        const igDelta = (ig.meta as { convergenceDelta: number[] }).convergenceDelta[0];
        expect(Math.abs(igDelta)).toBeLessThan(0.01 * Math.abs(igSum - igDelta));
        if (!c.igBaseline) expect(Math.abs(igSum - delta)).toBeLessThan(0.01 * Math.abs(delta));

        const dl = await deepLift(model, x, { target });
        const dlMeta = dl.meta as { convergenceDelta: number[] };
        expect(Math.abs(sum(await dl.data()) - delta)).toBeLessThan(1e-3 * Math.abs(delta) + 1e-4);
        expect(Math.abs(dlMeta.convergenceDelta[0])).toBeLessThan(1e-3 * Math.abs(delta) + 1e-4);

        const r = await lrp(model, x, { target, epsilon: 1e-9 });
        const meta = r.meta as { relevanceAbsorbed: number[]; scores: number[] };
        const relevance = await r.data();
        // Σ relevance + what biases and the stabiliser absorbed = the explained score.
        expect(Math.abs(sum(relevance) + meta.relevanceAbsorbed[0] - meta.scores[0])).toBeLessThan(
          1e-3 * Math.abs(meta.scores[0]) + 1e-4,
        );
        if (c.piecewiseLinear) {
          const ixg = await inputXGradient(model, x, { target });
          expect(maxRelativeError(relevance, await ixg.data())).toBeLessThan(1e-3);
          ixg.dispose();
        }
        for (const a of [ig, dl, r]) a.dispose();
        tf.dispose([zeros, x]);
        dispose();
        model.dispose();
      });
    }
  },
  { backends: ['wasm'] },
);
