import {
  constNode,
  expectNoTensorLeaks,
  finiteDifferenceGradient,
  graphModelFromNodes,
  maxRelativeError,
  placeholderNode,
} from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wrapModel } from '../src/index.js';
import { ELEMENTWISE_CASES } from './converter/elementwise-cases.js';
import { LINEAR_CASES } from './converter/linear-cases.js';
import type { OpCase } from './converter/op-case.js';
import { STRUCTURE_CASES } from './converter/structure-cases.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function modelOf(c: OpCase): Promise<tf.GraphModel> {
  const consts = Object.entries(c.weights).map(([name, t]) =>
    constNode(name, t.shape, t.dtype === 'int32' ? 'int32' : 'float32'),
  );
  const shape = [-1, ...c.input.slice(1)];
  return graphModelFromNodes([placeholderNode('x', shape), ...consts, ...c.nodes], c.weights);
}

/** Probes at most ~48 input elements, spread over the input. */
function probes(size: number): number[] {
  const step = Math.max(1, Math.floor(size / 48));
  return Array.from({ length: Math.ceil(size / step) }, (_, i) => i * step);
}

/**
 * Each converter op of issue 14's list, as the converter writes it, through Loupe's explanation graph:
 * translated without falling back to the converter's op (no warning), the forward equals the op's plain
 * tfjs computation, and the input gradient of a random projection of the output equals central finite
 * differences and tf.grad through GraphModel.execute.
 */
describe.each([
  ['linear', LINEAR_CASES],
  ['elementwise', ELEMENTWISE_CASES],
  ['structure', STRUCTURE_CASES],
] as const)('converter ops (%s)', (_group, cases) => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const gm = await modelOf(c);
    const [lo, hi] = c.range ?? [-1, 1];
    const x = tf.randomUniform(c.input, lo, hi, 'float32', 42);
    await expectNoTensorLeaks(() => {
      const m = wrapModel(gm, { output: 'raw' });
      expect(m.warnings).toEqual([]);
      expect(m.graph?.nodes.filter((n) => n.op.kind === 'external').map((n) => n.className)).toEqual([]);
      const reference = tf.tidy(() =>
        c.reference ? c.reference(x, c.weights) : (gm.execute(x) as tf.Tensor),
      );
      const y = m.forwardBatched(x);
      expect(y.shape).toEqual(reference.shape);
      expect(maxRelativeError(y.dataSync(), reference.dataSync())).toBeLessThan(1e-5);
      const projection = tf.randomUniform(y.shape, -1, 1, 'float32', 7);
      const score = (f: (v: tf.Tensor) => tf.Tensor) => (v: tf.Tensor) => tf.sum(tf.mul(f(v), projection));
      const ours = tf.grad(score((v) => m.forwardBatched(v)))(x);
      const numeric = finiteDifferenceGradient(
        score((v) => m.forwardBatched(v)),
        x,
        {
          h: c.h ?? 1e-2,
          indices: probes(x.size),
        },
      );
      const probed = probes(x.size);
      const oursAt = probed.map((i) => ours.dataSync()[i]);
      expect(
        maxRelativeError(
          oursAt,
          probed.map((i) => numeric[i]),
        ),
      ).toBeLessThan(5e-3);
      if (!c.tfGradWrong) {
        const converterFn = (v: tf.Tensor) =>
          c.reference ? c.reference(v, c.weights) : (gm.execute(v) as tf.Tensor);
        const plain = tf.grad(score(converterFn))(x);
        expect(maxRelativeError(ours.dataSync(), plain.dataSync())).toBeLessThan(1e-4);
        plain.dispose();
      }
      // Identity-like graphs return the input itself.
      tf.dispose([reference, y, projection, ours].filter((t) => t !== x));
      m.dispose();
    });
    x.dispose();
    gm.dispose();
  });

  afterAll(() => {
    for (const c of cases) tf.dispose(Object.values(c.weights));
  });
});
