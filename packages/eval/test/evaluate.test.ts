import { AbortError, OptionError, RegistryError, wrapModel } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ExplainFunction,
  evalMetrics,
  evaluate,
  getEvaluator,
  listEvaluators,
  registerEvalMetrics,
  registerEvaluator,
  renderMarkdown,
  unregisterEvaluator,
} from '../src/index.js';
import { gradientMethod as gradient, uniformTensor } from './helpers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const inputTimesGradient: ExplainFunction = async (model, x, options) => {
  const { gradient: g, scores } = model.inputGradient(x, options.target);
  scores.dispose();
  const product = tf.mul(g, x);
  g.dispose();
  return product;
};

describe('evaluator registry', () => {
  it('registers every metric once; duplicates and unknown ids are RegistryErrors', () => {
    registerEvalMetrics();
    registerEvalMetrics();
    expect(listEvaluators().map((e) => e.id)).toEqual(evalMetrics.map((e) => e.id));
    expect(() => registerEvaluator(evalMetrics[0])).toThrow(RegistryError);
    expect(() => getEvaluator('nope')).toThrow(RegistryError);
    expect(() => registerEvaluator({ ...evalMetrics[0], id: 'Bad Id' })).toThrow(RegistryError);
    for (const e of listEvaluators()) {
      expect(e.reference.length).toBeGreaterThan(10);
      for (const spec of Object.values(e.params)) expect(spec.help.length).toBeGreaterThan(5);
    }
    expect(unregisterEvaluator('sparseness')).toBe(true);
    registerEvalMetrics();
    expect(getEvaluator('sparseness').id).toBe('sparseness');
  });
});

describe('evaluate', () => {
  const net = tinyCnn({ seed: 8 });
  const x = uniformTensor([3, 8, 8, 1], 5);
  const masks = tf.tidy(() => tf.cast(tf.greater(uniformTensor([3, 8, 8, 1], 6), 0.5), 'float32'));
  const metrics = [
    'deletion',
    'insertion',
    'pixel-flipping',
    'infidelity',
    'max-sensitivity',
    'model-randomization',
    'pointing-game',
    'relevance-mass',
    'relevance-rank',
    'sparseness',
  ];
  const methods = [
    { name: 'gradient', source: gradient },
    { name: 'input×gradient', source: inputTimesGradient },
  ];
  const options = {
    seed: 2,
    metricOptions: {
      deletion: { steps: 10 },
      insertion: { steps: 10 },
      'pixel-flipping': { steps: 10 },
      'max-sensitivity': { samples: 3 },
    },
  };

  it('builds a methods × metrics table, renders Markdown, is seeded and leak-free', async () => {
    registerEvalMetrics();
    let table: Awaited<ReturnType<typeof evaluate>> | null = null;
    const progress: number[] = [];
    await expectNoTensorLeaks(async () => {
      table = await evaluate(net, { x, masks }, methods, metrics, {
        ...options,
        onProgress: (p) => progress.push(p.done),
      });
    });
    const t = table!;
    expect(t.cells).toHaveLength(methods.length * metrics.length);
    expect(progress).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    for (const c of t.cells) expect(Number.isFinite(c.value)).toBe(true);
    const md = renderMarkdown(t);
    expect(md.split('\n')[0]).toContain('Deletion AUC ↓');
    expect(md).toContain('| input×gradient |');
    expect(JSON.parse(JSON.stringify(t)).cells).toHaveLength(20);
    const piped = renderMarkdown({
      ...t,
      metrics: t.metrics.map((m, i) => (i === 0 ? { ...m, label: 'Similarity (|ρ|)' } : m)),
    });
    expect(piped.split('\n')[0]).toContain('Similarity (\\|ρ\\|)');
    expect(piped.split('\n')[0].split(/(?<!\\)\|/).length).toBe(t.metrics.length + 3);
    const again = await evaluate(wrapModel(net), { x, masks }, methods, metrics, options);
    expect(again.cells.map((c) => c.value)).toEqual(t.cells.map((c) => c.value));
  });

  it('aborts between cells; missing data and bad options are typed errors', async () => {
    registerEvalMetrics();
    const controller = new AbortController();
    const err = await expectThrowsWithoutLeaks(() =>
      evaluate(net, x, methods, ['sparseness', 'deletion'], {
        signal: controller.signal,
        onProgress: () => controller.abort(),
      }),
    );
    expect(err).toBeInstanceOf(AbortError);
    expect(await expectThrowsWithoutLeaks(() => evaluate(net, x, methods, ['pointing-game']))).toBeInstanceOf(
      OptionError,
    );
    expect(
      await expectThrowsWithoutLeaks(() =>
        evaluate(net, x, methods, ['deletion'], { metricOptions: { deletion: { fill: 'purple' } } }),
      ),
    ).toBeInstanceOf(OptionError);
    expect(await expectThrowsWithoutLeaks(() => evaluate(net, x, [], ['deletion']))).toBeInstanceOf(
      OptionError,
    );
  });
});
