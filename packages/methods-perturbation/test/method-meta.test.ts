// The `meta` types this package declares in core's ExplainerMethods map (src/method-types.ts) match what the
// methods return: every required field of each declared meta is present at run time. The key lists are
// checked against the types by the compiler (a missing or extra key does not compile).
import { explain, type MethodMeta, unregisterExplainer, wrapModel } from '@loupe/core';
import { tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerPerturbationMethods } from '../src/index.js';

/** The named (not index-signature) keys of T. */
type NamedKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: 0 };
/** The named, required fields of a meta type (AttributionMeta's own are optional). */
type DeclaredKeys<T> = { [K in NamedKeys<T>]-?: undefined extends T[K] ? never : K }[NamedKeys<T>];
type KeySet<M extends string> = { [K in DeclaredKeys<MethodMeta<M>>]: true };

const declared = {
  occlusion: { forwardPasses: true, window: true, stride: true, windows: true } satisfies KeySet<'occlusion'>,
  'feature-ablation': { forwardPasses: true, features: true } satisfies KeySet<'feature-ablation'>,
  rise: { forwardPasses: true, masks: true, gridSize: true, p: true } satisfies KeySet<'rise'>,
  lime: { forwardPasses: true, intercept: true, r2: true, features: true } satisfies KeySet<'lime'>,
  'kernel-shap': {
    forwardPasses: true,
    convergenceDelta: true,
    baselineScore: true,
    features: true,
    exact: true,
  } satisfies KeySet<'kernel-shap'>,
};

const fast: Record<string, Record<string, unknown>> = {
  rise: { masks: 8, gridSize: 2 },
  lime: { samples: 20, segments: 4 },
  'kernel-shap': { samples: 20, segments: 4 },
  'feature-ablation': { segments: 4 },
};

let registered: string[] = [];
beforeAll(async () => {
  await tf.setBackend('cpu');
  registered = registerPerturbationMethods();
});
afterAll(() => {
  for (const id of registered) unregisterExplainer(id);
});

describe('declared meta types match the results', () => {
  const model = wrapModel(tinyCnn());
  const x = tf.randomUniform([1, 8, 8, 1], 0, 1, 'float32', 4);
  for (const [method, keys] of Object.entries(declared)) {
    it(method, async () => {
      const a = await explain(model, x, { method, ...fast[method] });
      for (const key of Object.keys(keys)) expect(a.meta, `${method} meta.${key}`).toHaveProperty(key);
      a.dispose();
    });
  }
});
