import type { EvaluationCell, EvaluationTable } from '@loupe/eval';
import type { EmbedResult, ExplainItem, ResultOf, Task } from '../workers/protocol.js';

/** An explanation as stored: the item without its example's name (names are not content). */
export type StoredExplanation = Omit<ExplainItem, 'name'>;

/** A one-cell evaluation table as stored. */
export type StoredCell = EvaluationTable;

/** An example's embedding row as stored. */
export interface StoredEmbedding {
  row: Float32Array;
}

/** One result to store under its content key, and the wall-clock milliseconds it took. */
export interface StoredResult {
  value: StoredExplanation | StoredCell | StoredEmbedding;
  millis: number | null;
}

function explanation(item: ExplainItem): StoredResult {
  const { name: _name, ...rest } = item;
  const millis = typeof item.meta.millis === 'number' ? item.meta.millis : null;
  // Timing is not content: stored as 0 (same bytes on every retry) and put back by collect.
  const meta = millis === null ? item.meta : { ...item.meta, millis: 0 };
  return { value: { ...rest, meta }, millis };
}

function cell(table: EvaluationTable): StoredResult {
  const [only] = table.cells;
  const cells: EvaluationCell[] = [{ ...only, millis: 0 }];
  return { value: { ...table, cells }, millis: only.millis };
}

function embeddings(result: EmbedResult): StoredResult[] {
  return result.names.map((_, i) => ({
    value: { row: result.rows.slice(i * result.dim, (i + 1) * result.dim) },
    millis: null,
  }));
}

/**
 * The first failure a result records that may pass on another try (a system error such as ENOMEM or
 * EPIPE rather than one of Loupe's typed errors): such a result is not stored, the job is retried.
 * Recorded failures of bad input (a method that cannot explain this model) are content, and stored.
 */
export function transientFailure(task: Task, result: ResultOf<Task>): string | null {
  const errors =
    task.kind === 'explain'
      ? (result as ExplainItem[]).map((i) => i.error)
      : task.kind === 'evaluate'
        ? (result as EvaluationTable).cells.map((c) => c.error)
        : [];
  const passing = errors.find((e) => e && !isLoupeCode(e.code));
  return passing ? `${passing.name}: ${passing.message}` : null;
}

/**
 * Loupe's error codes are lowercase words ('input-value', 'model-load'); Node's system errors (EPIPE,
 * ENOENT on a storage hiccup) are upper case, and errors without a code are unknown: both may pass.
 */
export function isLoupeCode(code: string | undefined): boolean {
  return code !== undefined && code !== 'aborted' && /^[a-z]+(-[a-z]+)*$/.test(code);
}

/** A job's result as the values to store, in the order of the job's keys. */
export function storedResults(task: Task, result: ResultOf<Task>): StoredResult[] {
  switch (task.kind) {
    case 'explain':
      return (result as ExplainItem[]).map(explanation);
    case 'evaluate':
      return [cell(result as EvaluationTable)];
    case 'embed':
      return embeddings(result as EmbedResult);
  }
}

/** A stored explanation back as the item a local run writes (name first, timing restored in place). */
export function restoreExplanation(
  stored: StoredExplanation,
  name: string,
  millis: number | null,
): ExplainItem {
  const meta = millis === null ? stored.meta : { ...stored.meta, millis };
  return { name, ...stored, meta };
}

/** A stored cell's table with its timing restored. */
export function restoreCell(stored: StoredCell, millis: number | null): EvaluationTable {
  return { ...stored, cells: stored.cells.map((c) => ({ ...c, millis: millis ?? c.millis })) };
}
