import { AbortError, type Progress } from '@loupe/core';
import { expectThrowsWithoutLeaks } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { featureAblation, kernelShap, lime, occlusion, rise } from '../src/index.js';
import { countingModel, release } from './helpers.js';

type Method = (
  m: Parameters<typeof occlusion>[0],
  x: tf.Tensor,
  o: Record<string, unknown>,
) => Promise<{ dispose(): void }>;

/** Each method with options that make 16 to 40 perturbations of a 1×8×8×1 image (plus its fixed evaluations). */
const METHODS: [string, Method, Record<string, unknown>][] = [
  ['occlusion', occlusion as Method, { window: [2, 2, 1], stride: [1, 2, 1] }],
  ['featureAblation', featureAblation as Method, { segmentation: 'grid', segments: 16 }],
  ['rise', rise as Method, { masks: 40, gridSize: 4 }],
  ['lime', lime as Method, { samples: 40, segmentation: 'grid', segments: 16 }],
  ['kernelShap', kernelShap as Method, { samples: 40, segmentation: 'grid', segments: 16 }],
];

const score = (x: tf.Tensor) => tf.tidy(() => tf.reshape(tf.sum(x, [1, 2, 3]), [-1, 1]));

describe('batching, progress and abort', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const [name, method, opts] of METHODS) {
    it(`${name}: evaluates perturbations in batches of batchSize and reports progress`, async () => {
      const { model, calls, rows } = countingModel(score);
      const x = tf.randomUniform([1, 8, 8, 1], 0, 1, 'float32', 1);
      const progress: Progress[] = [];
      const a = await method(model, x, {
        ...opts,
        target: 0,
        batchSize: 8,
        onProgress: (p: Progress) => progress.push(p),
      });
      const last = progress[progress.length - 1];
      expect(last.done).toBe(last.total);
      // Every forward call but the unperturbed reference holds at most 8 rows; most calls are full batches.
      expect(calls()).toBeLessThanOrEqual(Math.ceil(rows() / 8) + 2);
      expect(progress.length).toBeGreaterThanOrEqual(Math.floor(rows() / 8) - 1);
      release(a, x);
    });

    it(`${name}: stops between batches when aborted, leaving no tensors`, async () => {
      const { model, calls } = countingModel(score);
      const x = tf.randomUniform([1, 8, 8, 1], 0, 1, 'float32', 2);
      const controller = new AbortController();
      let callsAtAbort = 0;
      const err = await expectThrowsWithoutLeaks(() =>
        method(model, x, {
          ...opts,
          target: 0,
          batchSize: 4,
          signal: controller.signal,
          onProgress: (p: Progress) => {
            if (p.done >= 8 && !controller.signal.aborted) {
              controller.abort();
              callsAtAbort = calls();
            }
          },
        }),
      );
      expect(err).toBeInstanceOf(AbortError);
      expect(callsAtAbort).toBeGreaterThan(0);
      expect(calls()).toBe(callsAtAbort);
      x.dispose();
    });
  }
});
