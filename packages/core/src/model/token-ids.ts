import type * as tf from '@tensorflow/tfjs-core';
import { InputValueError } from '../errors.js';
import { canReadSync } from '../input.js';

function check(ids: ArrayLike<number>, vocabulary: number): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!Number.isInteger(id) || id < 0 || id >= vocabulary) {
      throw new InputValueError(
        `Token id ${id} (element ${i}) is outside the vocabulary [0, ${vocabulary - 1}]: the embedding table has ${vocabulary} rows. Map unknown words to an out-of-vocabulary id the model knows (often 1) before explaining.`,
      );
    }
  }
}

/**
 * Throws `InputValueError` when a token-id tensor holds an id outside [0, vocabulary) or a non-integer (one
 * synchronous readback; skipped on backends without one, where `assertTokenIdsAsync` runs instead).
 */
export function assertTokenIds(x: tf.Tensor, vocabulary: number): void {
  if (canReadSync()) check(x.dataSync(), vocabulary);
}

/** `assertTokenIds` with an asynchronous read. */
export async function assertTokenIdsAsync(x: tf.Tensor, vocabulary: number): Promise<void> {
  check(await x.data(), vocabulary);
}
