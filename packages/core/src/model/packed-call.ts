import * as tf from '@tensorflow/tfjs-core';
import { type Attribution, createAttribution } from '../attribution.js';
import { OptionError } from '../errors.js';
import { InputLayout, type ModelInput, type ModelInputSpec } from './input-layout.js';
import type { ExplainableModel } from './types.js';

/**
 * An option value given per input of a model with several inputs (a baseline, a feature mask): one value for
 * each input, as an array in input order or a record keyed by input name.
 */
export type PerInputValue<T = tf.Tensor | number> = readonly T[] | Readonly<Record<string, T>>;

type PerInput = PerInputValue;

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

function isPerInput(v: unknown, count: number): v is PerInput {
  const parts = Array.isArray(v) ? v : isPlainRecord(v) ? Object.values(v) : null;
  return (
    parts !== null &&
    parts.length === count &&
    parts.every((p) => p instanceof tf.Tensor || typeof p === 'number')
  );
}

function exampleDims(spec: ModelInputSpec): number[] {
  return (spec.shape ?? []).slice(1) as number[];
}

/**
 * One option value per input packed like the input: each part broadcast to one example's shape (a tensor of
 * that rank, e.g. a mask `[H, W, 1]` shared over channels, or a number) or to the batch's (`[N, ...]`), then
 * flattened and concatenated. `[D]`, or `[N, D]` when any part has a batch.
 */
function packPerInput(name: string, value: PerInput, specs: readonly ModelInputSpec[]): tf.Tensor {
  const parts = Array.isArray(value)
    ? (value as readonly (tf.Tensor | number)[])
    : specs.map((s) => {
        const part = (value as Record<string, tf.Tensor | number>)[s.name];
        if (part === undefined) {
          throw new OptionError(
            `${name} gives no value for input "${s.name}"; give one for each of ${specs.map((x) => x.name).join(', ')}.`,
          );
        }
        return part;
      });
  const batch = parts.find(
    (p, k): p is tf.Tensor => p instanceof tf.Tensor && p.rank === exampleDims(specs[k]).length + 1,
  )?.shape[0];
  return tf.tidy(() => {
    const flat = parts.map((p, k) => {
      const dims = exampleDims(specs[k]);
      const t = typeof p === 'number' ? tf.scalar(p) : tf.cast(p, 'float32');
      if (t.rank !== 0 && t.rank !== dims.length && t.rank !== dims.length + 1) {
        throw new OptionError(
          `${name} for input "${specs[k].name}" has shape [${t.shape.join(', ')}]; it must broadcast to one example [${dims.join(', ')}] or the batch [N, ${dims.join(', ')}].`,
        );
      }
      const full = batch !== undefined ? [batch, ...dims] : dims;
      const lifted = batch !== undefined && t.rank === dims.length ? tf.expandDims(t, 0) : t;
      try {
        return tf.reshape(tf.broadcastTo(lifted, full), batch !== undefined ? [batch, -1] : [-1]);
      } catch {
        throw new OptionError(
          `${name} for input "${specs[k].name}" has shape [${t.shape.join(', ')}], which does not broadcast to [${full.join(', ')}].`,
        );
      }
    });
    return tf.concat(flat, flat[0].rank - 1);
  });
}

/**
 * An option of a call on a model with several inputs, packed like the input (see `packPerInput`); a list of
 * per-input values (several baselines) becomes a list of packed tensors. Other values pass through.
 */
function packOption(
  name: string,
  value: unknown,
  specs: readonly ModelInputSpec[],
  owned: tf.Tensor[],
): unknown {
  const size = specs.reduce((a, s) => a + s.size, 0);
  if (value instanceof tf.Tensor && value.shape[value.rank - 1] !== size) {
    throw new OptionError(
      `${name} has shape [${value.shape.join(', ')}]; this model has ${specs.length} inputs (${specs.map((s) => s.name).join(', ')}): give one value per input, as an array in that order or a record by name (or a packed tensor [..., ${size}]).`,
    );
  }
  const pack = (v: PerInput) => {
    const t = packPerInput(name, v, specs);
    owned.push(t);
    return t;
  };
  if (isPerInput(value, specs.length)) return pack(value);
  if (Array.isArray(value) && value.length > 0 && value.every((v) => isPerInput(v, specs.length)))
    return value.map((v) => pack(v as PerInput));
  return value;
}

/** Splits an attribution of the packed input into one attribution per input (takes ownership of `a`'s values). */
export function splitAttribution(model: ExplainableModel, a: Attribution): Attribution {
  const layout = new InputLayout(model.inputs);
  const packed = a.values.shape[a.values.rank - 1] === layout.size && a.values.rank <= 2;
  if (a.inputs || model.inputs.length < 2 || !packed) return a;
  const parts = layout.unpack(a.values, false);
  return createAttribution({
    method: a.method,
    target: a.target,
    values: a.values,
    meta: a.meta,
    inputs: parts.map((values, k) => ({ name: model.inputs[k].name, values })),
  });
}

/**
 * Runs `fn` on what methods work on (see `ExplainableModel.packInputs`): for a model with several inputs the
 * packed input, with the options named in `perInput` packed alike (a value per input as an array or record,
 * or a list of those), then splits the attribution into one per input (`attribution.inputs`) unless `split`
 * is false (attributions of an inner layer). Frees what it packed, also when `fn` throws.
 */
export async function withPackedInput<O extends object>(
  model: ExplainableModel,
  x: ModelInput,
  options: O,
  perInput: readonly string[],
  fn: (packed: tf.Tensor, options: O) => Promise<Attribution>,
  split = true,
): Promise<Attribution> {
  const packed = model.packInputs(x);
  const owned: tf.Tensor[] = packed === x ? [] : [packed];
  try {
    let opts = options;
    if (model.inputs.length > 1) {
      const changed = { ...options } as Record<string, unknown>;
      for (const name of perInput) {
        const v = (options as Record<string, unknown>)[name];
        if (v !== undefined) changed[name] = packOption(name, v, model.inputs, owned);
      }
      opts = changed as O;
    }
    const result = await fn(packed, opts);
    return split ? splitAttribution(model, result) : result;
  } finally {
    tf.dispose(owned);
  }
}
