import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Attribution, ExplainableModel } from '@loupe/core';
import { wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, tinyCnn, tinyFunctionalModel } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deconvnet,
  deepLift,
  guidedBackprop,
  guidedGradCam,
  integratedGradients,
  lrp,
  saliency,
} from '../src/index.js';

type Call = (model: ExplainableModel, x: tf.Tensor) => Promise<Attribution>;

/** Methods that change backward passes (guided, deconvnet, relevance rules) mixed with plain gradients. */
const METHODS: [string, Call][] = [
  ['saliency', (m, x) => saliency(m, x, { target: 1, abs: false })],
  ['guided backprop', (m, x) => guidedBackprop(m, x, { target: 1 })],
  ['deconvnet', (m, x) => deconvnet(m, x, { target: 2 })],
  ['guided Grad-CAM', (m, x) => guidedGradCam(m, x, { target: 1 })],
  ['LRP-ε', (m, x) => lrp(m, x, { target: 1, rule: 'epsilon', epsilon: 0.01 })],
  ['DeepLIFT', (m, x) => deepLift(m, x, { target: 2 })],
  ['integrated gradients', (m, x) => integratedGradients(m, x, { target: 1, steps: 8 })],
];

/** Yields to the event loop in varying ways, so calls overlap at different phases. */
function pause(i: number): Promise<void> {
  if (i % 5 === 0) return new Promise((resolve) => setTimeout(resolve, 0));
  if (i % 3 === 0) return new Promise((resolve) => setImmediate(resolve));
  return Promise.resolve();
}

async function valuesOf(a: Attribution): Promise<Float32Array> {
  const values = (await a.data()) as Float32Array;
  a.dispose();
  return values;
}

describe('issue 16 item 1: no global gradient override', () => {
  let models: ExplainableModel[];
  let x: tf.Tensor;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    models = [wrapModel(tinyCnn()), wrapModel(tinyFunctionalModel())];
    x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 3);
  });
  afterAll(() => {
    x.dispose();
    for (const m of models) m.dispose();
  });

  const inputOf = (m: ExplainableModel) => (m.inputShape?.[3] === 2 ? tf.concat([x, x], 3) : x);

  it.each([
    ['one model', 1],
    ['two models', 2],
  ])('50 interleaved calls of mixed methods on %s each equal their solo result', async (_name, count) => {
    const used = models.slice(0, count);
    const inputs = used.map(inputOf);
    await expectNoTensorLeaks(async () => {
      const solo = new Map<string, Float32Array>();
      for (const [k, m] of used.entries()) {
        for (const [name, call] of METHODS)
          solo.set(`${k}/${name}`, await valuesOf(await call(m, inputs[k])));
      }
      const before = await valuesOf(await METHODS[0][1](used[0], inputs[0]));
      const started: Promise<[string, Float32Array]>[] = [];
      for (let i = 0; i < 50; i++) {
        // Consecutive calls differ in method and (with two) model: overrides would meet plain gradients.
        const k = i % count;
        const [name, call] = METHODS[(i * 3) % METHODS.length];
        started.push(call(used[k], inputs[k]).then(async (a) => [`${k}/${name}`, await valuesOf(a)]));
        await pause(i);
      }
      const results = await Promise.all(started);
      for (const [key, values] of results) expect(values, key).toEqual(solo.get(key));
      const after = await valuesOf(await METHODS[0][1](used[0], inputs[0]));
      expect(after).toEqual(before);
    });
    for (const t of inputs) if (t !== x) t.dispose();
  });

  it('no package source registers a gradient process-wide (rules travel with each call as OpRules)', () => {
    const packages = fileURLToPath(new URL('../..', import.meta.url));
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir)) {
        const path = join(dir, entry);
        if (statSync(path).isDirectory()) walk(path);
        else if (
          /\.ts$/.test(entry) &&
          /\b(registerGradient|unregisterGradient|withGradientOverride)\s*\(/.test(readFileSync(path, 'utf8'))
        )
          offenders.push(path);
      }
    };
    for (const pkg of readdirSync(packages)) {
      const src = join(packages, pkg, 'src');
      if (statSync(join(packages, pkg)).isDirectory() && readdirSync(join(packages, pkg)).includes('src'))
        walk(src);
    }
    expect(offenders).toEqual([]);
  });
});
