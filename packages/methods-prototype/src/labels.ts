import { InputShapeError, InputValueError, OptionError } from '@loupe/core';
import type { Labels } from './types.js';

/** The rows of each class, classes in ascending label order (numeric when every label is a number). */
export interface ClassRows {
  label: number | string;
  rows: number[];
}

/** Checks labels against n rows and groups row indices by class. */
export function groupByLabel(labels: Labels, n: number): ClassRows[] {
  if (labels.length !== n) {
    throw new InputShapeError(
      `labels has ${labels.length} entries but the data has ${n} rows; give exactly one label per row.`,
    );
  }
  const groups = new Map<number | string, number[]>();
  for (let i = 0; i < n; i++) {
    const label = labels[i];
    if (typeof label === 'number' && !Number.isFinite(label))
      throw new InputValueError(`labels[${i}] is ${label}; labels must be finite numbers or strings.`);
    const rows = groups.get(label);
    if (rows) rows.push(i);
    else groups.set(label, [i]);
  }
  const keys = [...groups.keys()];
  const numeric = keys.every((k) => typeof k === 'number');
  keys.sort((a, b) =>
    numeric ? (a as number) - (b as number) : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0,
  );
  return keys.map((label) => ({ label, rows: groups.get(label) ?? [] }));
}

/** Validates a selection size: an integer in [min, ∞). */
export function checkCount(value: number, name: string, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new OptionError(`${name} must be an integer ≥ ${min}; got ${value}.`);
  return value;
}
