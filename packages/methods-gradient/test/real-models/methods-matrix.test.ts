import { runExplainer } from '@loupe/core';
import { expectNoTensorLeaks } from '@loupe/testing';
import { describeOnBackends } from '@loupe/testing/vitest';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';
import { gradientExplainers, registerGradientMethods } from '../../src/index.js';
import { LRP_COMPOSITES } from '../../src/relevance/composites.js';
import { loadCase, REAL_MODELS, sampleInput } from './human-models.js';

/** Cheap settings: the matrix proves every method runs on a real converter graph, not its accuracy. */
const OPTIONS: Record<string, Record<string, unknown>> = {
  'integrated-gradients': { steps: 8 },
  'blur-integrated-gradients': { steps: 8 },
  'expected-gradients': { samples: 8 },
  'smooth-grad': { samples: 4 },
};

// The registry is how SmoothGrad finds the method it wraps.
registerGradientMethods();

const gender = REAL_MODELS.find((c) => c.file === 'gender');

await describeOnBackends(
  'every gradient method, LRP composite, DeepLIFT and Grad-CAM on a real converter GraphModel',
  () => {
    it('gender classifier: each returns a finite map of the input’s shape, without leaks', async () => {
      if (!gender) throw new Error('gender case missing');
      const model = await loadCase(gender);
      const x = sampleInput(model, gender);
      const runs: [string, Record<string, unknown>][] = [
        ...gradientExplainers
          .filter((p) => p.id !== 'lrp')
          .map((p) => [p.id, OPTIONS[p.id] ?? {}] as [string, Record<string, unknown>]),
        ...LRP_COMPOSITES.map(
          (composite) => ['lrp', { composite, inputRange: [0, 1] }] as [string, Record<string, unknown>],
        ),
      ];
      const ran: string[] = [];
      for (const [id, options] of runs) {
        const plugin = gradientExplainers.find((p) => p.id === id);
        if (!plugin) throw new Error(`no plugin ${id}`);
        const before = tf.memory().numTensors;
        const a = await runExplainer(plugin, model, x, { target: 0, ...options });
        const values = await a.data();
        expect(a.shape.slice(0, 3), id).toEqual(x.shape.slice(0, 3));
        expect(values.every(Number.isFinite), `${id} ${JSON.stringify(options)} finite`).toBe(true);
        expect(
          values.some((v) => v !== 0),
          `${id} ${JSON.stringify(options)} not all zero`,
        ).toBe(true);
        a.dispose();
        expect(tf.memory().numTensors, `${id} leaks`).toBe(before);
        ran.push(`${id}${options.composite ? `:${options.composite}` : ''}`);
      }
      expect(ran.length).toBe(gradientExplainers.length - 1 + LRP_COMPOSITES.length);
      await expectNoTensorLeaks(async () => runExplainer(gradientExplainers[0], model, x, { target: 0 }));
      x.dispose();
      model.dispose();
    });
  },
  { backends: ['cpu', 'wasm'] },
);
