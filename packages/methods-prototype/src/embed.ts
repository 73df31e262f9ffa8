import { checkBatchSize, forEachBatch, InputShapeError, type RunControl, wrapModel } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { assertFiniteRows, type DataMatrix, readMatrix } from './matrix.js';
import type { EmbedOptions, MatrixInput } from './types.js';

/**
 * Rows for an example-based method: the data itself, or, with `embed`, each example's activation at
 * `embed.layer` (the model output when omitted), flattened and computed `embed.batchSize` examples at a
 * time so memory stays bounded.
 */
export async function loadRows(
  data: MatrixInput,
  embed: EmbedOptions | undefined,
  control: RunControl = {},
  what = 'data',
): Promise<DataMatrix> {
  if (!embed) return readMatrix(data, what);
  if (!(data instanceof tf.Tensor)) {
    throw new InputShapeError(
      `${what} must be a tf.Tensor of model inputs (batch first) when embed is given.`,
    );
  }
  const model = wrapModel(embed.model);
  const batchSize = checkBatchSize(embed.batchSize ?? 64, 'embed.batchSize');
  const n = data.shape[0];
  if (embed.layer !== undefined) model.layer(embed.layer);
  let values: Float64Array | null = null;
  let d = 0;
  try {
    await forEachBatch(
      n,
      batchSize,
      async (start, end) => {
        const out = tf.tidy(() => {
          const slice = tf.slice(data, start, end - start);
          const y = embed.layer === undefined ? model.predict(slice) : model.activations(slice, embed.layer);
          return tf.reshape(y, [end - start, -1]);
        });
        // An asynchronous read: on WebGPU a synchronous one would stall the page.
        let part: Float32Array | Int32Array | Uint8Array;
        try {
          part = await out.data();
        } finally {
          out.dispose();
        }
        if (values === null) {
          d = part.length / (end - start);
          values = new Float64Array(n * d);
        }
        values.set(part, start * d);
      },
      { ...control, phase: 'embed' },
    );
  } finally {
    if (embed.model !== model) model.dispose();
  }
  if (values === null) throw new InputShapeError(`${what} has no examples to embed.`);
  const matrix = { values, n, d };
  assertFiniteRows(matrix, `${what} (embedded)`);
  return matrix;
}
