import type { GraphNode } from '@loupe/core';
import { expectNoTensorLeaks } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { linearViewOf } from '../../src/relevance/linear-view.js';
import { applyRule } from '../../src/relevance/rules.js';
import { relativeMaxError } from './fixtures.js';

describe('rule shortcuts', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('z⁺ and αβ skip the a⁻ terms on non-negative inputs without changing the result', async () => {
    const kernel = tf.randomUniform([6, 4], -1, 1, 'float32', 1) as tf.Tensor2D;
    const bias = tf.randomUniform([4], -0.3, 0.3, 'float32', 2) as tf.Tensor1D;
    const node: GraphNode = {
      id: 1,
      name: 'dense',
      className: 'Dense',
      inputs: [0],
      outputShape: [null, 4],
      owned: [],
      op: { kind: 'dense', kernel, bias, activation: { name: 'linear' } },
    };
    await expectNoTensorLeaks(() => {
      tf.tidy(() => {
        const view = linearViewOf(node);
        if (!view) throw new Error('dense has a linear view');
        const a = tf.relu(tf.randomUniform([3, 6], -1, 1, 'float32', 3));
        const r = tf.randomUniform([3, 4], 0, 1, 'float32', 4);
        for (const rule of [{ name: 'zplus' } as const, { name: 'alpha-beta', alpha: 2, beta: 1 } as const]) {
          const full = applyRule(rule, view, [a], r, { nonNegative: false });
          const short = applyRule(rule, view, [a], r, { nonNegative: true });
          expect(relativeMaxError(short.relevance[0], full.relevance[0])).toBeLessThan(1e-6);
          expect(relativeMaxError(short.absorbed, full.absorbed)).toBeLessThan(1e-6);
        }
      });
    });
    tf.dispose([kernel, bias]);
  });
});
