import * as tf from '@tensorflow/tfjs-core';
import { InputShapeError, InputValueError, MissingInputError } from '../errors.js';
import { type ModelInputShape, normalizeInput } from '../input.js';
import { assertTokenIds } from './token-ids.js';

/**
 * What a model takes: one tensor, or for a model with several inputs one tensor per input, as an array in
 * the model's input order or a record keyed by input name. Each tensor has the batch dimension first, or
 * none (one example) — the same for every input.
 */
export type ModelInput = tf.Tensor | readonly tf.Tensor[] | Readonly<Record<string, tf.Tensor>>;

/** One input of a model, and where its values sit in the packed input of a several-input model. */
export interface ModelInputSpec {
  /** The model's name for it (LayersModel input name, GraphModel placeholder, or `input_k` for functions). */
  readonly name: string;
  /** `[null, ...dims]`; dims may be null where free (single-input models only); null when unknown (functions). */
  readonly shape: ModelInputShape | null;
  /** `'int32'` for token ids (inputs read only by embedding lookups, or declared int32); else `'float32'`. */
  readonly dtype: 'float32' | 'int32';
  /** Offset of its first value in a packed example. */
  readonly offset: number;
  /** Values per example (product of the dims); NaN when a dim is free. */
  readonly size: number;
  /** For token inputs read by an embedding table: the number of rows (ids must lie in [0, vocabulary)). */
  readonly vocabulary?: number;
}

/** An input as a forwarder knows it, before offsets are assigned. */
export type RawInputSpec = Omit<ModelInputSpec, 'offset' | 'size'>;

function product(dims: readonly (number | null)[]): number {
  return dims.reduce<number>((a, d) => a * (d === null ? Number.NaN : d), 1);
}

/** Specs with offsets, from names, per-example shapes (`[null, ...]`) and dtypes. */
export function inputSpecs(inputs: readonly RawInputSpec[]): ModelInputSpec[] {
  let offset = 0;
  return inputs.map((i) => {
    const size = i.shape ? product(i.shape.slice(1)) : Number.NaN;
    const spec = { ...i, offset, size };
    offset += size;
    return spec;
  });
}

/** True for a plain record of tensors (not a tensor, not an array). */
function isRecord(x: unknown): x is Readonly<Record<string, tf.Tensor>> {
  return typeof x === 'object' && x !== null && !(x instanceof tf.Tensor) && !Array.isArray(x);
}

/**
 * The inputs of a model with several inputs and the packed form every method works on: each example's
 * inputs flattened and concatenated in input order, `[N, D]` with D = Σ sizes (float32; token ids are
 * exact up to 2²⁴). Attributions of the packed input split back into one per input.
 */
export class InputLayout {
  /** Values per packed example. */
  readonly size: number;

  constructor(readonly specs: readonly ModelInputSpec[]) {
    this.size = specs.reduce((a, s) => a + s.size, 0);
  }

  get names(): string[] {
    return this.specs.map((s) => s.name);
  }

  /** The caller's tensors in input order. Throws `MissingInputError` for a missing, extra or unknown input. */
  order(x: ModelInput): tf.Tensor[] {
    const names = this.names;
    if (x instanceof tf.Tensor) {
      throw new MissingInputError(
        `The model has ${names.length} inputs (${names.join(', ')}); pass one tensor per input, as an array in that order or { ${names.map((n) => `${n}: …`).join(', ')} }, or the packed input [N, ${this.size}].`,
      );
    }
    if (Array.isArray(x)) {
      if (x.length !== names.length) {
        throw new MissingInputError(
          `Got ${x.length} input tensor(s); the model has ${names.length} inputs (${names.join(', ')}), so pass one per input in that order.`,
        );
      }
      return [...(x as readonly tf.Tensor[])];
    }
    if (!isRecord(x))
      throw new InputValueError('The input must be a tf.Tensor, an array of tensors or a record of tensors.');
    const unknown = Object.keys(x).filter((k) => !names.includes(k));
    const missing = names.filter((n) => !(n in x));
    if (missing.length || unknown.length) {
      throw new MissingInputError(
        `${missing.length ? `Missing input(s): ${missing.join(', ')}. ` : ''}${unknown.length ? `Unknown input name(s): ${unknown.join(', ')}. ` : ''}The model's inputs are ${names.join(', ')}.`,
      );
    }
    return names.map((n) => x[n]);
  }

  /**
   * Validates each input against its spec (typed errors naming the input) and packs them: `[N, D]`, or `[D]`
   * when every input came without a batch dimension. The caller owns the result.
   */
  pack(x: ModelInput, checkFinite = true): tf.Tensor {
    const tensors = this.order(x);
    const normalized = tensors.map((t, k) => {
      try {
        const spec = this.specs[k];
        const input = normalizeInput(t, spec.shape, checkFinite, spec.dtype === 'int32');
        if (checkFinite && spec.vocabulary !== undefined) assertTokenIds(input.batched, spec.vocabulary);
        return input;
      } catch (err) {
        if (err instanceof Error) err.message = `Input "${this.specs[k].name}": ${err.message}`;
        throw err;
      }
    });
    try {
      const batched = new Set(normalized.map((n) => n.hadBatch));
      const sizes = new Set(normalized.map((n) => n.batched.shape[0]));
      if (batched.size > 1 || sizes.size > 1) {
        throw new InputShapeError(
          `The inputs disagree on the batch: ${tensors.map((t, k) => `${this.specs[k].name} [${t.shape.join(', ')}]`).join(', ')}. Give every input the same batch size, or none of them a batch dimension.`,
        );
      }
      const packed = this.packBatched(normalized.map((n) => n.batched));
      if (normalized[0].hadBatch) return packed;
      const one = tf.squeeze(packed, [0]);
      packed.dispose();
      return one;
    } finally {
      for (const n of normalized) if (!n.hadBatch) n.batched.dispose();
    }
  }

  /** Packs batched per-input tensors (already validated) into `[N, D]`. */
  packBatched(tensors: readonly tf.Tensor[]): tf.Tensor2D {
    return tf.tidy(() => {
      const n = tensors[0].shape[0];
      const flat = tensors.map((t) => tf.reshape(tf.cast(t, 'float32'), [n, -1]));
      return (flat.length === 1 ? flat[0] : tf.concat(flat, 1)) as tf.Tensor2D;
    });
  }

  /**
   * Splits a packed tensor `[N, D]` (or `[D]`) into one tensor per input, `[N, ...dims]` (or `[...dims]`),
   * token inputs cast back to int32 when `castTokens`. The caller owns the results.
   */
  unpack(packed: tf.Tensor, castTokens = true): tf.Tensor[] {
    const batched = packed.rank === 2;
    if (packed.shape[packed.rank - 1] !== this.size || packed.rank > 2) {
      throw new InputShapeError(
        `A packed input must be [N, ${this.size}] or [${this.size}]; got [${packed.shape.join(', ')}].`,
      );
    }
    return tf.tidy(() => {
      const rows = batched ? packed : tf.expandDims(packed, 0);
      const n = rows.shape[0];
      return this.specs.map((s) => {
        const part = tf.reshape(tf.slice(rows, [0, s.offset], [n, s.size]), [
          n,
          ...((s.shape ?? []).slice(1) as number[]),
        ]);
        const typed = castTokens && s.dtype === 'int32' ? tf.cast(part, 'int32') : part;
        return batched ? typed : tf.squeeze(typed, [0]);
      });
    });
  }
}
