import { InputShapeError, InputValueError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type { MatrixInput } from './types.js';

/** n rows of d float64 features, row-major. */
export interface DataMatrix {
  values: Float64Array;
  n: number;
  d: number;
}

/**
 * Like `toMatrix`, reading a tensor asynchronously (the only way on WebGPU, where a synchronous read of
 * a GPU tensor fails).
 */
export async function readMatrix(data: MatrixInput, what = 'data'): Promise<DataMatrix> {
  if (!(data instanceof tf.Tensor) || data.rank < 2) return toMatrix(data, what);
  const n = data.shape[0];
  return checked({ values: Float64Array.from(await data.data()), n, d: n === 0 ? 0 : data.size / n }, what);
}

/**
 * Copies a tensor (first axis = examples, the rest flattened) or a list of rows into a float64 matrix.
 * A tensor is read synchronously: use `readMatrix` where it may live on a GPU.
 */
export function toMatrix(data: MatrixInput, what = 'data'): DataMatrix {
  let matrix: DataMatrix;
  if (data instanceof tf.Tensor) {
    if (data.rank < 2) {
      throw new InputShapeError(
        `${what} must have a first axis of examples and at least one feature axis; got shape [${data.shape}]. Reshape a flat vector to [n, 1] or [1, d].`,
      );
    }
    const n = data.shape[0];
    const d = n === 0 ? 0 : data.size / n;
    matrix = { values: Float64Array.from(data.dataSync()), n, d };
  } else {
    if (!Array.isArray(data)) throw new InputShapeError(`${what} must be a tf.Tensor or an array of rows.`);
    const n = data.length;
    const d = n === 0 ? 0 : data[0].length;
    const values = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const row = data[i];
      if (row.length !== d) {
        throw new InputShapeError(
          `${what}: every row must have the same length; row 0 has ${d} values, row ${i} has ${row.length}.`,
        );
      }
      for (let k = 0; k < d; k++) values[i * d + k] = row[k];
    }
    matrix = { values, n, d };
  }
  return checked(matrix, what);
}

function checked(matrix: DataMatrix, what: string): DataMatrix {
  if (matrix.n === 0 || matrix.d === 0) {
    throw new InputShapeError(
      `${what} must have at least one row and one feature; got ${matrix.n} rows of ${matrix.d} features.`,
    );
  }
  assertFiniteRows(matrix, what);
  return matrix;
}

/** Throws `InputValueError` naming the first row holding NaN or ±Infinity. */
export function assertFiniteRows(m: DataMatrix, what: string): void {
  const { values, d } = m;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      const row = Math.floor(i / d);
      throw new InputValueError(
        `${what}: row ${row} holds ${values[i]} at feature ${i - row * d}; remove or impute non-finite rows first.`,
      );
    }
  }
}

/** The rows at `indices`, as a new matrix. */
export function selectRows(m: DataMatrix, indices: readonly number[]): DataMatrix {
  const values = new Float64Array(indices.length * m.d);
  for (let r = 0; r < indices.length; r++)
    values.set(m.values.subarray(indices[r] * m.d, (indices[r] + 1) * m.d), r * m.d);
  return { values, n: indices.length, d: m.d };
}
