import { OptionError, TargetError, UnknownLayerError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, tinyCnn, tinyReluNet } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  channel,
  classLogit,
  classProbability,
  diversity,
  layerEnergy,
  negateObjective,
  neuron,
  type Objective,
  scaleObjective,
  sumObjectives,
} from '../src/index.js';
import { objectiveContext } from '../src/objective-context.js';

const model = wrapModel(tinyCnn({ seed: 5 }));
let x: tf.Tensor;

beforeAll(async () => {
  await tf.setBackend('cpu');
  x = tf.randomUniform([3, 8, 8, 1], 0, 1, 'float32', 1);
});
afterAll(() => {
  x.dispose();
  model.dispose();
});

function evaluate(objective: Objective, images = x): number[] {
  const bound = objective.bind(model, 4, images.shape[0]);
  return tf.tidy(() => Array.from(bound(objectiveContext(model, images)).dataSync()));
}

function close(a: number[], b: number[], tol = 1e-5): void {
  expect(a.length).toBe(b.length);
  a.forEach((v, i) => {
    expect(Math.abs(v - b[i])).toBeLessThan(tol * Math.max(1, Math.abs(b[i])));
  });
}

describe('objectives equal their definitions', () => {
  it('classLogit is the pre-softmax score; classProbability its softmax (and log)', async () => {
    const logits = tf.tidy(() => model.forwardBatched(x).arraySync() as number[][]);
    const softmax = logits.map((row) => {
      const m = Math.max(...row);
      const e = row.map((v) => Math.exp(v - m));
      const s = e.reduce((a, b) => a + b, 0);
      return e.map((v) => v / s);
    });
    await expectNoTensorLeaks(() => {
      close(
        evaluate(classLogit(2)),
        logits.map((r) => r[2]),
      );
      close(
        evaluate(classProbability(1, { log: false })),
        softmax.map((r) => r[1]),
      );
      close(
        evaluate(classProbability(1)),
        softmax.map((r) => Math.log(r[1])),
      );
    });
  });

  it('classProbability reads a probabilities view directly', () => {
    const probs = wrapModel(tinyCnn({ seed: 5 }), { output: 'probabilities' });
    const p = tf.tidy(() => probs.forwardBatched(x).arraySync() as number[][]);
    const bound = classProbability(3, { log: false }).bind(probs, 4, 3);
    const got = tf.tidy(() => Array.from(bound(objectiveContext(probs, x)).dataSync()));
    close(
      got,
      p.map((r) => r[3]),
    );
    probs.dispose();
  });

  it("issue 16 item 2: probability from logits — classProbability of a 'raw' model is an OptionError", () => {
    // A last layer without softmax: nothing says its outputs are logits.
    const net = tinyReluNet({ outputs: 4 });
    const raw = wrapModel(net);
    expect(raw.output).toBe('raw');
    expect(() => classProbability(1).bind(raw, 4, 1)).toThrow(OptionError);
    expect(() => classProbability(1).bind(raw, 4, 1)).toThrow(/output view is 'raw'.*output: 'logits'/);
    // Declared logits are read through a softmax; classLogit needs no declaration.
    const declared = wrapModel(net, { output: 'logits' });
    expect(() => classProbability(1).bind(declared, 4, 1)).not.toThrow();
    expect(() => classLogit(1).bind(raw, 4, 1)).not.toThrow();
    net.dispose();
  });

  it('neuron, channel and layerEnergy read the layer activation', () => {
    const a = tf.tidy(() => model.activationBatched(x, 'conv2').arraySync() as number[][][][]);
    const [h, w, c] = [a[0].length, a[0][0].length, a[0][0][0].length];
    close(
      evaluate(neuron('conv2', [1, 2, 3])),
      a.map((e) => e[1][2][3]),
    );
    close(
      evaluate(neuron('conv2', (1 * w + 2) * c + 3)),
      a.map((e) => e[1][2][3]),
    );
    const mean = (e: number[][][], f: (v: number, k: number) => number | null) => {
      let s = 0;
      let n = 0;
      for (const row of e)
        for (const px of row)
          px.forEach((v, k) => {
            const t = f(v, k);
            if (t !== null) {
              s += t;
              n++;
            }
          });
      return s / n;
    };
    close(
      evaluate(channel('conv2', 4)),
      a.map((e) => mean(e, (v, k) => (k === 4 ? v : null))),
    );
    close(
      evaluate(layerEnergy('conv2')),
      a.map((e) => mean(e, (v) => v * v)),
    );
    expect(h * w).toBeGreaterThan(1);
  });

  it('diversity is −1 for identical images, 0 for one image, and above −1 otherwise', () => {
    const same = tf.tile(tf.slice(x, 0, 1), [3, 1, 1, 1]);
    close(evaluate(diversity('conv2'), same), [-1, -1, -1], 1e-4);
    const one = tf.slice(x, 0, 1);
    close(evaluate(diversity('conv2'), one), [0]);
    for (const v of evaluate(diversity('conv2'))) expect(v).toBeGreaterThan(-1);
    same.dispose();
    one.dispose();
  });

  it('sum, scale and negate compose linearly', () => {
    const a = evaluate(classLogit(0));
    const b = evaluate(channel('conv1', 1));
    close(
      evaluate(sumObjectives(classLogit(0), scaleObjective(channel('conv1', 1), 2.5))),
      a.map((v, i) => v + 2.5 * b[i]),
    );
    close(
      evaluate(negateObjective(classLogit(0))),
      a.map((v) => -v),
    );
    expect(sumObjectives(classLogit(0), negateObjective(classLogit(1))).label).toBe(
      'classLogit(0) + −classLogit(1)',
    );
  });
});

describe('objectives reject what the model does not have', () => {
  it('unknown layer → UnknownLayerError listing the layers', async () => {
    for (const o of [neuron('nope', 0), channel('nope', 0), layerEnergy('nope'), diversity('nope')]) {
      const err = await expectThrowsWithoutLeaks(() => o.bind(model, 4, 1));
      expect(err).toBeInstanceOf(UnknownLayerError);
      expect((err as Error).message).toContain('conv2');
    }
  });

  it('class, channel and unit out of range → TargetError', () => {
    expect(() => classLogit(4).bind(model, 4, 1)).toThrow(TargetError);
    expect(() => classProbability(-1).bind(model, 4, 1)).toThrow(TargetError);
    expect(() => channel('conv2', 6).bind(model, 4, 1)).toThrow(/channel out of range.*6 channels/);
    expect(() => neuron('conv2', 4 * 4 * 6).bind(model, 4, 1)).toThrow(TargetError);
    expect(() => neuron('conv2', [0, 0]).bind(model, 4, 1)).toThrow(TargetError);
    expect(() => neuron('conv2', [4, 0, 0]).bind(model, 4, 1)).toThrow(TargetError);
  });
});
