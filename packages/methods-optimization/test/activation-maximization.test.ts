import {
  AbortError,
  InputShapeError,
  OptionError,
  TargetError,
  UnknownLayerError,
  wrapModel,
} from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ActivationMaximizationOptions,
  activationMaximization,
  activationMaximizationFrames,
  channel,
  classLogit,
  diversity,
  type Frame,
  fitDensityPrior,
  layerEnergy,
  neuron,
  type Objective,
  sumObjectives,
} from '../src/index.js';
import { maxAbsDiff, tinyGenerator } from './helpers.js';

const model = wrapModel(tinyCnn({ seed: 4 }), { inputRange: [0, 1] });
const rgb = wrapModel(tinyCnn({ seed: 6, channels: 3 }), { inputRange: [0, 1] });
const generator = tinyGenerator();
const noRange = wrapModel(tinyCnn({ seed: 4 }));

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => {
  model.dispose();
  rgb.dispose();
  generator.dispose();
  noRange.dispose();
});

const base = { steps: 12, seed: 3 } as const;

describe('every regime and parameterization raises its objective without leaking', () => {
  const cases: [string, ActivationMaximizationOptions][] = [
    ['score-only / pixel', { objective: classLogit(1), preset: 'score-only', prior: { l2: 0.1 } }],
    ['expert-prior / pixel', { objective: classLogit(2), preset: 'expert-prior' }],
    ['expert-prior / pixel, sigmoid', { objective: classLogit(2), preset: 'expert-prior', range: 'sigmoid' }],
    [
      'expert-prior / fourier, clip',
      { objective: classLogit(3), preset: 'expert-prior', parameterization: 'fourier', range: 'clip' },
    ],
    [
      'code-space',
      { objective: classLogit(0), preset: 'code-space', generator: { model: generator, latentDim: 4 } },
    ],
    ['neuron', { objective: neuron('conv2', [1, 1, 2]) }],
    ['channel', { objective: channel('conv1', 3), parameterization: 'fourier' }],
    ['layerEnergy (DeepDream)', { objective: layerEnergy('conv2') }],
    ['class + diversity, batch 3', { objective: sumObjectives(classLogit(1), diversity('conv2')), batch: 3 }],
  ];
  it.each(cases)('%s', async (_name, options) => {
    await expectNoTensorLeaks(async () => {
      const result = await activationMaximization(model, {
        ...base,
        steps: 30,
        learningRate: 0.1,
        ...options,
      });
      expect(result.history.length).toBe(30);
      expect(result.history[29]).toBeGreaterThan(result.history[0]);
      expect(result.image.shape).toEqual([options.batch ?? 1, 8, 8, 1]);
      const [lo, hi] = tf.tidy(() => [result.image.min().dataSync()[0], result.image.max().dataSync()[0]]);
      expect(lo).toBeGreaterThanOrEqual(0);
      expect(hi).toBeLessThanOrEqual(1);
      return result;
    });
  });

  it('Fourier with decorrelated colour on an RGB model', async () => {
    await expectNoTensorLeaks(async () => {
      const result = await activationMaximization(rgb, {
        objective: classLogit(2),
        parameterization: 'fourier',
        steps: 30,
        learningRate: 0.1,
      });
      expect(result.image.shape).toEqual([1, 8, 8, 3]);
      expect(result.history[29]).toBeGreaterThan(result.history[0]);
      return result;
    });
  });
});

describe('code space', () => {
  it('the image is exactly g(latent)', async () => {
    const result = await activationMaximization(model, {
      ...base,
      objective: classLogit(2),
      preset: 'code-space',
      generator: { model: generator, latentDim: 4 },
    });
    expect(result.latent?.shape).toEqual([1, 4]);
    const regenerated = generator.predict(result.latent as tf.Tensor) as tf.Tensor;
    expect(maxAbsDiff(result.image, regenerated)).toBeLessThanOrEqual(1e-6);
    for (const t of [result.image, result.latent as tf.Tensor, regenerated]) t.dispose();
  });

  it('a generator whose output is not the model’s input shape → InputShapeError', async () => {
    const wrong = tinyGenerator(4, 6);
    const err = await expectThrowsWithoutLeaks(() =>
      activationMaximization(model, {
        objective: classLogit(0),
        preset: 'code-space',
        generator: { model: wrong, latentDim: 4 },
      }),
    );
    expect(err).toBeInstanceOf(InputShapeError);
    expect((err as Error).message).toMatch(/produces images \[N, 6, 6, 1\].*\[N, 8, 8, 1\]/);
    wrong.dispose();
    const latent = await expectThrowsWithoutLeaks(() =>
      activationMaximization(model, {
        objective: classLogit(0),
        preset: 'code-space',
        generator: { model: generator, latentDim: 5 },
      }),
    );
    expect(latent).toBeInstanceOf(InputShapeError);
  });
});

describe('determinism, streaming and abort', () => {
  it('same seed → same image; another seed → another image', async () => {
    const run = (seed: number) =>
      activationMaximization(model, { ...base, seed, objective: classLogit(1), preset: 'expert-prior' });
    const [a, b, c] = [await run(5), await run(5), await run(6)];
    expect(Array.from(a.image.dataSync())).toEqual(Array.from(b.image.dataSync()));
    expect(maxAbsDiff(a.image, c.image)).toBeGreaterThan(1e-3);
    for (const r of [a, b, c]) r.image.dispose();
  });

  it('onStep frames arrive every k steps with the current image; history is unaffected by frames', async () => {
    await expectNoTensorLeaks(async () => {
      const seen: number[] = [];
      const objectives: number[] = [];
      const withFrames = await activationMaximization(model, {
        ...base,
        objective: classLogit(1),
        every: 5,
        onStep: (frame: Frame) => {
          seen.push(frame.step);
          objectives.push(frame.objective);
          expect(frame.steps).toBe(12);
          expect(frame.image.shape).toEqual([1, 8, 8, 1]);
          expect(Number.isFinite(frame.objective)).toBe(true);
        },
      });
      const without = await activationMaximization(model, { ...base, objective: classLogit(1) });
      expect(seen).toEqual([5, 10]);
      expect(objectives).toEqual([withFrames.history[4], withFrames.history[9]]);
      expect(Array.from(withFrames.history)).toEqual(Array.from(without.history));
      expect(Array.from(withFrames.image.dataSync())).toEqual(Array.from(without.image.dataSync()));
      return [withFrames, without];
    });
  });

  it('the async iterator yields frames, returns the result, and cleans up when the loop breaks', async () => {
    await expectNoTensorLeaks(async () => {
      const frames = activationMaximizationFrames(model, { ...base, objective: classLogit(2), every: 4 });
      const steps: number[] = [];
      let next = await frames.next();
      while (!next.done) {
        steps.push(next.value.step);
        next = await frames.next();
      }
      expect(steps).toEqual([4, 8, 12]);
      expect(next.value.history.length).toBe(12);
      return next.value;
    });
    await expectNoTensorLeaks(async () => {
      let count = 0;
      for await (const frame of activationMaximizationFrames(model, { ...base, objective: classLogit(2) })) {
        count = frame.step;
        if (frame.step === 3) break;
      }
      expect(count).toBe(3);
    });
  });

  it('abort stops within one step, with an AbortError and nothing left behind', async () => {
    const controller = new AbortController();
    const done: number[] = [];
    const err = await expectThrowsWithoutLeaks(() =>
      activationMaximization(model, {
        objective: classLogit(1),
        steps: 1000,
        signal: controller.signal,
        onProgress: (p) => {
          done.push(p.done);
          if (p.done === 7) controller.abort();
        },
      }),
    );
    expect(err).toBeInstanceOf(AbortError);
    expect(Math.max(...done)).toBe(7);
    const timed = new AbortController();
    const steps: number[] = [];
    setTimeout(() => timed.abort(), 30);
    await expect(
      activationMaximization(model, {
        objective: classLogit(1),
        steps: 10_000,
        signal: timed.signal,
        onProgress: (p) => steps.push(p.done),
      }),
    ).rejects.toBeInstanceOf(AbortError);
    expect(Math.max(...steps)).toBeLessThan(10_000);
  });
});

describe('bad input gets typed errors before any work', () => {
  const bad: [string, () => Promise<unknown>, new (...args: never[]) => Error][] = [
    [
      'unknown layer',
      () => activationMaximization(model, { objective: channel('conv9', 0) }),
      UnknownLayerError,
    ],
    [
      'channel out of range',
      () => activationMaximization(model, { objective: channel('conv2', 6) }),
      TargetError,
    ],
    ['class out of range', () => activationMaximization(model, { objective: classLogit(4) }), TargetError],
    ['steps 0', () => activationMaximization(model, { objective: classLogit(0), steps: 0 }), OptionError],
    ['steps −3', () => activationMaximization(model, { objective: classLogit(0), steps: -3 }), OptionError],
    ['steps 2.5', () => activationMaximization(model, { objective: classLogit(0), steps: 2.5 }), OptionError],
    [
      'learning rate 0',
      () => activationMaximization(model, { objective: classLogit(0), learningRate: 0 }),
      OptionError,
    ],
    ['no objective', () => activationMaximization(model, {} as ActivationMaximizationOptions), OptionError],
    [
      'code space without generator',
      () => activationMaximization(model, { objective: classLogit(0), preset: 'code-space' }),
      OptionError,
    ],
    [
      'unknown preset',
      () => activationMaximization(model, { objective: classLogit(0), preset: 'dream' as 'score-only' }),
      OptionError,
    ],
    [
      'negative prior weight',
      () => activationMaximization(model, { objective: classLogit(0), prior: { tv: -1 } }),
      OptionError,
    ],
    [
      'blur every 0',
      () =>
        activationMaximization(model, { objective: classLogit(0), prior: { blur: { sigma: 1, every: 0 } } }),
      OptionError,
    ],
    [
      'blur in code space',
      () =>
        activationMaximization(model, {
          objective: classLogit(0),
          preset: 'code-space',
          generator: { model: generator, latentDim: 4 },
          prior: { blur: { sigma: 1, every: 2 } },
        }),
      OptionError,
    ],
    [
      'latentDim 0',
      () =>
        activationMaximization(model, {
          objective: classLogit(0),
          preset: 'code-space',
          generator: { model: generator, latentDim: 0 },
        }),
      OptionError,
    ],
    [
      'sigmoid without a range',
      () => activationMaximization(noRange, { objective: classLogit(0), range: 'sigmoid' }),
      OptionError,
    ],
  ];
  it.each(bad)('%s', async (_name, call, type) => {
    const err = await expectThrowsWithoutLeaks(call);
    expect(err).toBeInstanceOf(type);
  });

  it('a density fitted on other shapes → OptionError', async () => {
    const data = tf.randomUniform([20, 4, 4, 1]);
    const density = await fitDensityPrior(data);
    const err = await expectThrowsWithoutLeaks(() =>
      activationMaximization(model, {
        objective: classLogit(0),
        prior: { density: { model: density, weight: 1 } },
      }),
    );
    expect(err).toBeInstanceOf(OptionError);
    expect((err as Error).message).toContain('16 values per example');
    density.dispose();
    data.dispose();
  });

  it('an objective’s own errors reach the caller unchanged', async () => {
    const broken: Objective = {
      label: 'broken',
      bind: () => {
        throw new TargetError('nope');
      },
    };
    expect(
      await expectThrowsWithoutLeaks(() => activationMaximization(model, { objective: broken })),
    ).toBeInstanceOf(TargetError);
  });
});
