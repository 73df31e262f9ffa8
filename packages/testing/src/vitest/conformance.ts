import {
  AbortError,
  type ExplainableModel,
  type ExplainerPlugin,
  explain,
  getExplainer,
  listBackends,
  type ParamSpec,
  registerExplainer,
  useBackend,
  wrapModel,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxRelativeError } from '../finite-differences.js';
import { expectNoTensorLeaks } from '../leaks.js';
import { tinyCnn } from '../tiny-models.js';

/** Options of `runExplainerConformance`. */
export interface ConformanceOptions {
  /** Model to explain; default `tinyCnn()` (8×8×1 input, 4 classes, softmax head). */
  model?: () => tfl.LayersModel | ExplainableModel;
  /** A batch of 2 or more inputs; default seeded uniform [3, 8, 8, 1] in [0, 1]. */
  input?: () => tf.Tensor;
  /** Extra options for every call (e.g. fewer steps to keep the suite fast). */
  options?: Record<string, unknown>;
  /** Max abs difference, relative to the largest value, allowed between batched and one-by-one runs. */
  batchTolerance?: number;
  /** Set false for methods whose per-example randomness depends on batch position. */
  batchInvariant?: boolean;
  /** Backends to compare against cpu, e.g. ['webgpu'] (each must be registered and available, else skipped with a reason). */
  compareBackends?: readonly string[];
  /** Allowed relative difference between backends (default 1e-3). */
  backendTolerance?: number;
}

/**
 * Checks one option's schema: help text, default within [min, max], integer defaults, enum defaults among
 * the values, and a maximum on every count (an integer with a minimum). Use it for any plugin's `params`.
 */
export function checkSpec(name: string, spec: ParamSpec): void {
  expect(spec.help, `${name}.help`).toMatch(/\S/);
  if (spec.type === 'number') {
    expect(Number.isFinite(spec.default), `${name}.default`).toBe(true);
    if (spec.min !== undefined)
      expect(spec.default, `${name}.default ≥ min`).toBeGreaterThanOrEqual(spec.min);
    if (spec.max !== undefined) expect(spec.default, `${name}.default ≤ max`).toBeLessThanOrEqual(spec.max);
    if (spec.integer) expect(Number.isInteger(spec.default), `${name}.default integer`).toBe(true);
    // A count (a whole number with a lower bound: steps, samples, masks, batchSize…) needs a maximum, so a
    // typo such as 1e8 is an OptionError instead of a run that never ends.
    if (spec.integer && spec.min !== undefined)
      expect(spec.max, `${name} is a count: its schema needs a max`).toBeDefined();
  }
  if (spec.type === 'enum') expect(spec.values, `${name}.values`).toContain(spec.default);
}

// Differences are relative to the largest reference value; the floor only guards against all-zero maps.
const RELATIVE_FLOOR = 1e-12;

/**
 * The explainer conformance suite: one call inside a test file checks what every Loupe method must do
 * — a valid `params` schema; result shape = input shape (with and without a batch dimension); numeric,
 * per-example and 'predicted' targets; batch invariance; abort; no tensor leaks; and agreement between
 * cpu and the other listed backends. Registers the plugin if its id is free.
 */
export function runExplainerConformance(
  plugin: ExplainerPlugin<never>,
  options: ConformanceOptions = {},
): void {
  const extra = options.options ?? {};
  let model: ExplainableModel;
  let x: tf.Tensor;
  const call = (input: tf.Tensor, more: Record<string, unknown> = {}) =>
    explain(model, input, { method: plugin.id, seed: 7, ...extra, ...more });

  describe(`explainer conformance: ${plugin.id}`, () => {
    beforeAll(async () => {
      await useBackend('cpu');
      try {
        getExplainer(plugin.id);
      } catch {
        registerExplainer(plugin);
      }
      model = wrapModel(options.model ? options.model() : tinyCnn());
      x = options.input ? options.input() : tf.randomUniform([3, 8, 8, 1], 0, 1, 'float32', 3);
    });
    afterAll(() => {
      x.dispose();
      model.dispose();
    });

    it('describes every option with a valid schema', () => {
      expect(plugin.id).toMatch(/^[a-z0-9][a-z0-9-]*$/);
      expect(plugin.label).toMatch(/\S/);
      expect(plugin.description).toMatch(/\S/);
      for (const [name, spec] of Object.entries(plugin.params)) checkSpec(name, spec);
    });

    it('returns the input shape, with and without a batch dimension, without leaking', async () => {
      await expectNoTensorLeaks(async () => {
        const a = await call(x, { target: 1 });
        expect(a.shape).toEqual(x.shape);
        expect(a.method).toBe(plugin.id);
        expect(a.target).toEqual(new Array(x.shape[0]).fill(1));
        const values = await a.data();
        expect(values.every(Number.isFinite)).toBe(true);
        const one = tf.tidy(() => tf.squeeze(tf.slice(x, 0, 1), [0]));
        const b = await call(one, { target: 1 });
        expect(b.shape).toEqual(one.shape);
        one.dispose();
        return [a, b];
      });
    });

    it("handles per-example and 'predicted' targets", async () => {
      const n = x.shape[0];
      const indices = Array.from({ length: n }, (_, i) => i % 2);
      const a = await call(x, { target: indices });
      expect(a.target).toEqual(indices);
      const predicted = tf.tidy(() => tf.argMax(model.forwardBatched(x), 1));
      const b = await call(x, { target: 'predicted' });
      expect(b.target).toEqual(Array.from(predicted.dataSync()));
      predicted.dispose();
      a.dispose();
      b.dispose();
    });

    it.skipIf(options.batchInvariant === false)(
      'gives each example the same result alone as in a batch',
      async () => {
        const batch = await call(x, { target: 2 });
        const all = await batch.data();
        const per = all.length / x.shape[0];
        for (let i = 0; i < x.shape[0]; i++) {
          const xi = tf.slice(x, i, 1);
          const single = await call(xi, { target: 2 });
          const diff = maxRelativeError(
            await single.data(),
            all.slice(i * per, (i + 1) * per),
            RELATIVE_FLOOR,
          );
          expect(diff, `example ${i}`).toBeLessThanOrEqual(options.batchTolerance ?? 1e-4);
          single.dispose();
          xi.dispose();
        }
        batch.dispose();
      },
    );

    it('stops with AbortError when aborted, leaving nothing behind', async () => {
      const controller = new AbortController();
      controller.abort();
      const before = tf.memory().numTensors;
      await expect(call(x, { target: 0, signal: controller.signal })).rejects.toBeInstanceOf(AbortError);
      expect(tf.memory().numTensors).toBe(before);
    });

    for (const backend of options.compareBackends ?? []) {
      it(`agrees between cpu and ${backend}`, async (ctx) => {
        const status = (await listBackends()).find((b) => b.name === backend);
        if (!status?.available) {
          console.info(
            `[conformance] ${plugin.id}: skipping ${backend}: ${status?.reason ?? 'not registered'}`,
          );
          ctx.skip();
          return;
        }
        const onCpu = await call(x, { target: 1 });
        const cpuValues = await onCpu.data();
        onCpu.dispose();
        const xData = x.dataSync().slice();
        await useBackend(backend);
        try {
          const xb = tf.tensor(xData, x.shape);
          const other = await call(xb, { target: 1 });
          expect(maxRelativeError(await other.data(), cpuValues, RELATIVE_FLOOR)).toBeLessThanOrEqual(
            options.backendTolerance ?? 1e-3,
          );
          other.dispose();
          xb.dispose();
        } finally {
          await useBackend('cpu');
        }
      });
    }
  });
}
