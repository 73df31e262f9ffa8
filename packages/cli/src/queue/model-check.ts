import { ModelLoadError } from '@loupe/core';
import { modelFingerprint, modelStamp } from './model-fingerprint.js';

/**
 * Makes sure a worker computes with the model a run was enqueued with. Hashes a model's files once
 * and again only when they change on disk (size or modification time); `onChange` runs when they did
 * (the worker then drops its loaded copy), and a job whose run expects other files is refused.
 */
export class ModelCheck {
  private readonly known = new Map<string, { stamp: string | null; hash: string }>();

  constructor(private readonly onChange: () => Promise<void>) {}

  /** Resolves when the files behind `spec` hash to `expected`; a ModelLoadError otherwise. */
  async verify(spec: string, expected: string | null): Promise<void> {
    const stamp = await modelStamp(spec);
    let known = this.known.get(spec);
    if (!known || (stamp !== null && known.stamp !== stamp)) {
      const hash = await modelFingerprint(spec);
      if (known && known.hash !== hash) await this.onChange();
      known = { stamp, hash };
      this.known.set(spec, known);
    }
    if (expected !== null && known.hash !== expected) {
      throw new ModelLoadError(
        `The model ${spec} on this worker is not the one the run was enqueued with (its files hash to ${known.hash.slice(0, 12)}…, the run's to ${expected.slice(0, 12)}…). Give every machine the same model files, then enqueue again.`,
      );
    }
  }
}
