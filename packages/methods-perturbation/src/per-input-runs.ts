import {
  type Attribution,
  type AttributionMeta,
  createAttribution,
  type ExplainableModel,
  restoreBatch,
  type Target,
  wrapModel,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type { PerturbationOptions } from './prepare.js';

/** One example's inputs `[1, ...]` with input `k` replaced by a batch of copies `[B, ...]`, packed `[B, D]`. */
function packWith(rows: readonly tf.Tensor[], k: number, xk: tf.Tensor): tf.Tensor {
  const b = xk.shape[0];
  return tf.concat(
    rows.map((r, j) => (j === k ? tf.reshape(xk, [b, -1]) : tf.tile(tf.reshape(r, [1, -1]), [b, 1]))),
    1,
  );
}

/** Input `k`'s part of an option tensor packed like the input (`[D]` or `[N, D]`), for example `i`. */
function optionPart(model: ExplainableModel, t: tf.Tensor, k: number, i: number): tf.Tensor {
  return tf.tidy(() => {
    const parts = model.unpackInputs(t);
    return t.rank === 2 ? tf.slice(parts[k], i, 1) : parts[k];
  });
}

/**
 * Runs a method whose perturbations follow one input's structure (occlusion windows, RISE's upsampled grid)
 * on a model with several inputs, as Captum does for tuples of inputs: for each example and each input, the
 * method runs on that input alone while the others keep the example's values (a function of the one input).
 * `tensorOptions` are option tensors packed like the input (a fill), handed to each run as that input's
 * part; an option given as a record keyed by input name (e.g. `window: { image: [3, 3, 1], tabular: [1] }`)
 * hands each run its input's entry. Returns the packed attribution; `meta.perInput` holds each input's run `meta` (first example).
 */
export async function perInputRuns<O extends PerturbationOptions>(
  model: ExplainableModel,
  x: tf.Tensor,
  options: O,
  tensorOptions: readonly string[],
  method: string,
  run: (sub: ExplainableModel, xk: tf.Tensor, options: O) => Promise<Attribution>,
): Promise<Attribution> {
  const { input, target } = await model.prepare(x, options.target);
  const parts = model.unpackInputs(input.batched);
  const rows: tf.Tensor[] = [];
  const values: tf.Tensor[] = [];
  const metas: AttributionMeta[] = [];
  try {
    for (let i = 0; i < input.batched.shape[0]; i++) {
      const row = parts.map((p) => tf.slice(p, i, 1));
      rows.push(...row);
      // Each copy is scored for example i's target, whatever its kind.
      const t: Target = (s: tf.Tensor) => target.selectFor(new Array<number>(s.shape[0]).fill(i))(s);
      for (let k = 0; k < parts.length; k++) {
        const sub = wrapModel((xk: tf.Tensor) => model.forwardBatched(packWith(row, k, xk)), {
          inputShape: parts[k].shape.slice(1),
        });
        const own: tf.Tensor[] = [];
        const subOptions = { ...options, target: t } as unknown as Record<string, unknown>;
        for (const [name, v] of Object.entries(subOptions)) {
          // A value given per input by name (e.g. an occlusion window per input) goes to its input's run.
          const byName = v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
          if (byName && model.inputs[k].name in (v as object))
            subOptions[name] = (v as Record<string, unknown>)[model.inputs[k].name];
        }
        for (const name of tensorOptions) {
          const v = subOptions[name];
          if (v instanceof tf.Tensor) {
            const part = optionPart(model, v, k, i);
            own.push(part);
            subOptions[name] = part;
          }
        }
        try {
          const a = await run(sub, row[k], subOptions as O);
          values.push(tf.reshape(a.values, [1, -1]));
          if (i === 0) metas.push({ input: model.inputs[k].name, ...a.meta });
          a.dispose();
        } finally {
          tf.dispose(own);
          sub.dispose();
        }
      }
    }
    const n = input.batched.shape[0];
    const packed = tf.tidy(() =>
      restoreBatch(
        tf.concat(
          Array.from({ length: n }, (_, i) =>
            tf.concat(values.slice(i * parts.length, (i + 1) * parts.length), 1),
          ),
          0,
        ),
        input,
      ),
    );
    return createAttribution({
      method,
      target: target.indices,
      values: packed,
      meta: { backend: tf.getBackend(), perInput: metas },
    });
  } finally {
    tf.dispose([...parts, ...rows, ...values]);
    if (!input.hadBatch) input.batched.dispose();
  }
}
