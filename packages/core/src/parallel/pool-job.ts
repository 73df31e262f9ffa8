import * as tf from '@tensorflow/tfjs-core';
import type { ExplainableModel } from '../model/types.js';
import { selectByIndex } from '../target.js';
import type { BatchPool, PoolJob } from './batch-pool.js';

/**
 * Computes a {@link PoolJob} on this thread: what a pool's worker runs, and what methods run when the work
 * stays here. The gradient is `tf.grad` of the selected scores through `forwardBatched`, with the same
 * selection ops as a resolved class target, so pooled and local gradients agree to the bit on one backend.
 * Returns a new tensor; the job's inputs are not disposed.
 */
export function runPoolJob(model: ExplainableModel, job: PoolJob): tf.Tensor {
  if (job.kind === 'forward') return model.forwardBatched(job.inputs);
  const select = selectByIndex(job.classes);
  return tf.tidy(() =>
    tf.grad((v: tf.Tensor) => select(model.forwardBatched(v)))(job.inputs, tf.ones([job.inputs.shape[0]])),
  );
}

/** Runs a job on `pool` when given, else on this thread (`runPoolJob`); resolves to a new tensor. */
export async function runJobOn(
  pool: BatchPool | null,
  model: ExplainableModel,
  job: PoolJob,
  signal?: AbortSignal,
): Promise<tf.Tensor> {
  return pool ? pool.run(model, job, signal) : runPoolJob(model, job);
}
