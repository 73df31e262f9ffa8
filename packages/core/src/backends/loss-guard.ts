import * as tf from '@tensorflow/tfjs-core';
import { BackendLostError, LoupeError } from '../errors.js';

/** One loss report: which backend, and why. */
interface Loss {
  backend: string;
  reason: string;
}

// Losses reported so far, per backend, and the calls waiting to hear about the next one. A backend's loss
// is a fact about the process (its device is gone for every caller), not state a call leaves behind.
const losses = new Map<string, Loss[]>();
const waiting = new Set<(loss: Loss) => void>();

/**
 * Records that `backend` was lost (called by `reportBackendLost` before it switches backends), so calls
 * running on it stop with a `BackendLostError` instead of failing with the driver's error or hanging.
 */
export function markBackendLost(backend: string, reason: string): void {
  const loss = { backend, reason };
  losses.set(backend, [...(losses.get(backend) ?? []), loss]);
  for (const notify of [...waiting]) notify(loss);
}

/** How long a failed call waits for a loss report that may explain its error (the driver can be faster). */
const LOSS_REPORT_GRACE_MS = 100;

/**
 * Runs `work` on the active backend and turns that backend's loss into a `BackendLostError`: when a loss
 * is reported while the work runs, the returned promise rejects at once (the work may never settle on a
 * destroyed device), and when the work fails with an untyped error that a loss reported within 100 ms
 * explains, that loss is what it rejects with. Typed Loupe errors and results pass through unchanged.
 */
export async function guardBackendLoss<T>(work: () => Promise<T>): Promise<T> {
  const backend = tf.getBackend();
  const seen = losses.get(backend)?.length ?? 0;
  let notify: ((loss: Loss) => void) | undefined;
  const lost = new Promise<never>((_, reject) => {
    notify = (loss) => {
      if (loss.backend === backend) reject(new BackendLostError(loss.backend, loss.reason));
    };
    waiting.add(notify);
  });
  const running = work();
  // The race below may leave `running` behind; its later failure is not an unhandled rejection.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, lost]);
  } catch (err) {
    if (err instanceof LoupeError) throw err;
    const since = () => (losses.get(backend) ?? []).slice(seen);
    if (since().length === 0) await new Promise((r) => setTimeout(r, LOSS_REPORT_GRACE_MS));
    const loss = since()[0];
    throw loss ? new BackendLostError(loss.backend, loss.reason) : err;
  } finally {
    if (notify) waiting.delete(notify);
  }
}
