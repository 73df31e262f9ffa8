import type { EvaluationCell, EvaluationTable } from '@loupe/eval';

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && !ArrayBuffer.isView(v);

const asArray = (v: unknown): unknown[] | null =>
  Array.isArray(v)
    ? v
    : ArrayBuffer.isView(v) && !(v instanceof DataView)
      ? Array.from(v as unknown as ArrayLike<number>)
      : null;

/**
 * The weighted mean of same-shaped values from several chunks: numbers are averaged with the chunks'
 * example counts as weights, arrays element by element, objects key by key; `perExample` arrays are
 * concatenated (they list examples, not positions); anything else takes the first chunk's value.
 * Averaging is exact for the metrics' headline values and mean curves, which are means over examples.
 */
export function mergeWeighted(values: readonly unknown[], weights: readonly number[]): unknown {
  const total = weights.reduce((a, b) => a + b, 0);
  if (values.every((v) => typeof v === 'number')) {
    return (values as number[]).reduce((s, v, i) => s + v * weights[i], 0) / total;
  }
  const arrays = values.map(asArray);
  if (arrays.every((a) => a !== null)) {
    const lists = arrays as unknown[][];
    if (lists.every((a) => a.length === lists[0].length)) {
      return lists[0].map((_, k) =>
        mergeWeighted(
          lists.map((a) => a[k]),
          weights,
        ),
      );
    }
    return lists.flat();
  }
  if (values.every(isRecord)) {
    const records = values as Record<string, unknown>[];
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(records[0])) {
      const column = records.map((r) => r[key]);
      out[key] =
        key === 'perExample' ? column.flatMap((c) => asArray(c) ?? [c]) : mergeWeighted(column, weights);
    }
    return out;
  }
  return values[0];
}

/** One table from the tables of consecutive chunks with `sizes` examples each. */
export function mergeTables(tables: readonly EvaluationTable[], sizes: readonly number[]): EvaluationTable {
  const first = tables[0];
  const cells: EvaluationCell[] = first.cells.map((cell, k) => {
    const column = tables.map((t) => t.cells[k]);
    const millis = column.reduce((s, c) => s + c.millis, 0);
    const warnings = [...new Set(column.flatMap((c) => c.warnings ?? []))];
    const failed = column.find((c) => c.error);
    // A cell that failed on any chunk has no mean over all examples: it fails, with the first error.
    if (failed?.error) {
      const chunks = column.filter((c) => c.error).length;
      const error = {
        ...failed.error,
        message: `${failed.error.message} (${chunks} of ${column.length} chunk(s))`,
      };
      return { method: cell.method, metric: cell.metric, value: null, error, millis };
    }
    const merged: EvaluationCell = {
      method: cell.method,
      metric: cell.metric,
      value: mergeWeighted(
        column.map((c) => c.value),
        sizes,
      ) as number,
      details: mergeWeighted(
        column.map((c) => c.details),
        sizes,
      ),
      millis,
    };
    if (warnings.length) merged.warnings = warnings;
    return merged;
  });
  return { ...first, cells, examples: sizes.reduce((a, b) => a + b, 0) };
}
