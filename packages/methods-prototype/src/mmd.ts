import { OptionError } from '@loupe/core';
import { crossSquaredDistances } from './distances.js';
import { selectRows, toMatrix } from './matrix.js';
import type { MatrixInput } from './types.js';

/**
 * Squared maximum mean discrepancy between all rows of `data` and the (weighted) rows at `indices`
 * under K(x, y) = exp(−γ‖x − y‖²): ‖(1/n)·Σ_i φ(x_i) − Σ_s w_s·φ(x_s)‖², with w_s = 1/|S| when no weights
 * are given (Gretton et al. 2012). Exact, O(n²·d): for checking selections, not for large n.
 */
export function mmdSquared(
  data: MatrixInput,
  indices: readonly number[],
  options: { gamma: number; weights?: ArrayLike<number> },
): number {
  const all = toMatrix(data);
  if (indices.length === 0) throw new OptionError('mmdSquared needs at least one selected row.');
  for (const i of indices)
    if (!Number.isInteger(i) || i < 0 || i >= all.n)
      throw new OptionError(`Index ${i} is not a row of the ${all.n}-row data.`);
  if (options.weights && options.weights.length !== indices.length)
    throw new OptionError('weights must have one entry per index.');
  const w = options.weights ?? new Float64Array(indices.length).fill(1 / indices.length);
  const chosen = selectRows(all, indices);
  const g = options.gamma;
  const sum = (sq: Float64Array, wa: (a: number) => number, wb: (b: number) => number, nb: number) => {
    let s = 0;
    for (let v = 0; v < sq.length; v++) s += wa(Math.floor(v / nb)) * wb(v % nb) * Math.exp(-g * sq[v]);
    return s;
  };
  const uniform = () => 1 / all.n;
  const weight = (s: number) => w[s];
  return (
    sum(crossSquaredDistances(all, all), uniform, uniform, all.n) -
    2 * sum(crossSquaredDistances(all, chosen), uniform, weight, chosen.n) +
    sum(crossSquaredDistances(chosen, chosen), weight, weight, chosen.n)
  );
}
