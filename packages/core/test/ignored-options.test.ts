// Issue 16, item 3 ("ignored options"): an unknown option name is an OptionError naming the closest known
// option, through explain() and through runExplainer (what method packages' direct calls use); classNames
// of the wrong length is an error.
import { expectThrowsWithoutLeaks, linearModel, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closestName,
  createAttribution,
  type ExplainerPlugin,
  explain,
  OptionError,
  RegistryError,
  registerExplainer,
  rejectUnknownOptions,
  runExplainer,
  unregisterExplainer,
  wrapModel,
} from '../src/index.js';

const stepped: ExplainerPlugin<{ steps: number; baseline: string; hook?: () => void }> = {
  id: 'test-stepped',
  label: 'Stepped',
  family: 'other',
  description: 'Returns the input; exists to test option names.',
  codeOptions: ['hook'],
  params: {
    steps: { type: 'number', default: 4, min: 1, integer: true, help: 'Steps.' },
    baseline: { type: 'enum', default: 'zeros', values: ['zeros', 'blur'], help: 'Baseline.' },
  },
  async explain(model, x, options) {
    const { input, target } = await model.prepare(x, options.target);
    if (!input.hadBatch) input.batched.dispose();
    options.hook?.();
    return createAttribution({ method: this.id, target: target.indices, values: tf.clone(x) });
  },
};

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerExplainer(stepped);
});
afterAll(() => unregisterExplainer(stepped.id));

describe('ignored options (issue 16.3)', () => {
  const model = wrapModel(tinyCnn());
  const x = tf.randomUniform([1, 8, 8, 1], 0, 1, 'float32', 1);

  it('explain() rejects a misspelt option, naming the closest known one, and leaks nothing', async () => {
    const error = await expectThrowsWithoutLeaks(() =>
      explain(model, x, { method: 'test-stepped', stpes: 4 } as never),
    );
    expect(error).toBeInstanceOf(OptionError);
    expect((error as Error).message).toMatch(
      /Unknown option "stpes" for 'test-stepped'\. Did you mean "steps"\?/,
    );
    expect((error as Error).message).toMatch(/steps, baseline, hook, target, batchSize, seed/);
    await expect(explain(model, x, { method: 'test-stepped', baseLine: 'blur' } as never)).rejects.toThrow(
      /Did you mean "baseline"/,
    );
    await expect(explain(model, x, { method: 'test-stepped', targt: 1 } as never)).rejects.toThrow(
      /Did you mean "target"/,
    );
  });

  it('accepts params, code-only options, the common options and undefined values', async () => {
    let hooked = false;
    const a = await explain(model, x, {
      method: 'test-stepped',
      steps: 2,
      hook: () => {
        hooked = true;
      },
      target: 1,
      batchSize: 4,
      seed: 3,
      signal: new AbortController().signal,
      onProgress: () => {},
      notAnOption: undefined,
    });
    expect(hooked).toBe(true);
    a.dispose();
  });

  it('runExplainer (direct calls) checks names the same way, registered or not', async () => {
    const local = { ...stepped, id: 'test-unregistered' };
    await expect(runExplainer(local, model, x, { step: 3 })).rejects.toThrow(/Did you mean "steps"/);
    const ok = await runExplainer(local, model, x, { steps: 3 });
    ok.dispose();
  });

  it('an unknown method id names the closest registered one', async () => {
    await expect(explain(model, x, { method: 'test-steped' })).rejects.toThrow(RegistryError);
    await expect(explain(model, x, { method: 'test-steped' })).rejects.toThrow(/Did you mean "test-stepped"/);
  });

  it('closestName treats a swap of neighbours as one edit and ignores case', () => {
    expect(closestName('stpes', ['samples', 'steps', 'seed'])).toBe('steps');
    expect(closestName('BATCHSIZE', ['target', 'batchSize'])).toBe('batchSize');
    expect(() => rejectUnknownOptions('m', { a: 1 }, [])).toThrow(
      /Unknown option "a" for 'm'\. Its options: \./,
    );
  });

  it('classNames of the wrong length is an OptionError, for known and for measured output sizes', async () => {
    expect(() => wrapModel(tinyCnn(), { classNames: ['a', 'b'] })).toThrow(OptionError);
    expect(() => wrapModel(tinyCnn(), { classNames: ['a', 'b'] })).toThrow(/2 name\(s\) but the model has 4/);
    expect(() => wrapModel(tinyCnn(), { classNames: ['a', 'b', 'c', 'd'] })).not.toThrow();
    expect(() => wrapModel(tinyCnn(), { classNames: [1, 2, 3, 4] as never })).toThrow(/array of strings/);
    // A function model's class count is known after one forward pass.
    const net = linearModel([[1], [2], [3]]);
    const fn = wrapModel((v: tf.Tensor) => net.predict(v) as tf.Tensor, {
      inputShape: [1],
      classNames: ['a', 'b'],
    });
    const input = tf.tensor2d([[1]]);
    await expect(explain(fn, input, { method: 'test-stepped' })).rejects.toThrow(
      /2 name\(s\) but the model has 3/,
    );
    input.dispose();
  });
});
