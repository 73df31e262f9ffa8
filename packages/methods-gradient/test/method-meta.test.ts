// The `meta` types this package declares in core's ExplainerMethods map (src/method-types.ts) match what the
// methods return: every required field of each declared meta is present at run time. The key lists are
// checked against the types by the compiler (a missing or extra key does not compile).
import { explain, type MethodMeta, wrapModel } from '@loupe/core';
import { tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerGradientMethods } from '../src/index.js';

/** The named (not index-signature) keys of T. */
type NamedKeys<T> = keyof { [K in keyof T as string extends K ? never : number extends K ? never : K]: 0 };
/** The named, required fields of a meta type (AttributionMeta's own are optional). */
type DeclaredKeys<T> = { [K in NamedKeys<T>]-?: undefined extends T[K] ? never : K }[NamedKeys<T>];
type KeySet<M extends string> = { [K in DeclaredKeys<MethodMeta<M>>]: true };

const declared = {
  saliency: {} satisfies KeySet<'saliency'>,
  'input-x-gradient': {} satisfies KeySet<'input-x-gradient'>,
  'integrated-gradients': {
    convergenceDelta: true,
    steps: true,
    quadrature: true,
  } satisfies KeySet<'integrated-gradients'>,
  'blur-integrated-gradients': {
    convergenceDelta: true,
    steps: true,
    maxSigma: true,
  } satisfies KeySet<'blur-integrated-gradients'>,
  'guided-integrated-gradients': {
    convergenceDelta: true,
    steps: true,
    fraction: true,
    maxDist: true,
  } satisfies KeySet<'guided-integrated-gradients'>,
  xrai: { regions: true, ranks: true, algorithm: true, baseMethod: true } satisfies KeySet<'xrai'>,
  'expected-gradients': { convergenceDelta: true, samples: true } satisfies KeySet<'expected-gradients'>,
  smoothgrad: { variant: true, samples: true, baseMethod: true } satisfies KeySet<'smoothgrad'>,
  'guided-backprop': {} satisfies KeySet<'guided-backprop'>,
  deconvnet: {} satisfies KeySet<'deconvnet'>,
  'grad-cam': { layer: true, layerShape: true } satisfies KeySet<'grad-cam'>,
  'grad-cam-plus-plus': { layer: true, layerShape: true } satisfies KeySet<'grad-cam-plus-plus'>,
  'guided-grad-cam': { layer: true } satisfies KeySet<'guided-grad-cam'>,
  lrp: { relevanceAbsorbed: true, scores: true, rules: true } satisfies KeySet<'lrp'>,
  deeplift: { convergenceDelta: true, scores: true, baselineScores: true } satisfies KeySet<'deeplift'>,
};

const fast: Record<string, Record<string, unknown>> = {
  'integrated-gradients': { steps: 4 },
  'blur-integrated-gradients': { steps: 4 },
  'guided-integrated-gradients': { steps: 4 },
  xrai: { steps: 2, resize: 0, minSize: 4, minPixelDiff: 4 },
  'expected-gradients': { samples: 4 },
  smoothgrad: { samples: 2 },
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerGradientMethods();
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
