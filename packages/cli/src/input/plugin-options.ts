import { closestName, OptionError, type ParamsSchema, parseParamValue } from '@loupe/core';
import { UsageError } from '../exit-codes.js';

/** A plugin as far as option parsing cares: its id and params schema. */
export interface OptionTarget {
  id: string;
  params: ParamsSchema;
}

/** Parsed option values by plugin id. */
export type OptionsById = Record<string, Record<string, number | boolean | string>>;

function describe(target: OptionTarget): string {
  const keys = Object.entries(target.params)
    .filter(([, spec]) => spec.type !== 'tensor')
    .map(([key, spec]) => `${key} (${spec.type === 'enum' ? spec.values.join('|') : spec.type})`);
  return keys.length ? `${target.id} takes ${keys.join(', ')}` : `${target.id} takes no options`;
}

/**
 * Parses repeated `--opt key=value` flags against the params schemas of the chosen plugins (methods or
 * metrics). `key=value` goes to every chosen plugin that has `key`; `id.key=value` to that plugin only.
 * Values are parsed and range-checked by core's `parseParamValue`; an option no chosen plugin takes is an
 * OptionError listing what they do take.
 */
export function parsePluginOptions(
  flags: readonly string[],
  targets: readonly OptionTarget[],
  flag = '--opt',
): OptionsById {
  const out: OptionsById = Object.fromEntries(targets.map((t) => [t.id, {}]));
  for (const text of flags) {
    const eq = text.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} takes key=value (or id.key=value); got '${text}'.`);
    const key = text.slice(0, eq).trim();
    const value = text.slice(eq + 1);
    const dot = key.lastIndexOf('.');
    const scoped = dot > 0 ? targets.find((t) => t.id === key.slice(0, dot)) : undefined;
    if (dot > 0 && !scoped) {
      throw new OptionError(
        `${flag} ${text}: '${key.slice(0, dot)}' is not one of the chosen ${targets.map((t) => t.id).join(', ')}.`,
      );
    }
    const name = scoped ? key.slice(dot + 1) : key;
    const takers = (scoped ? [scoped] : targets).filter((t) => Object.hasOwn(t.params, name));
    if (takers.length === 0) {
      const candidates = (scoped ? [scoped] : targets).flatMap((t) => Object.keys(t.params));
      const closest = closestName(name, candidates);
      throw new OptionError(
        `Unknown option '${name}' in ${flag} ${text}${closest ? ` (did you mean '${closest}'?)` : ''}: ${(scoped ? [scoped] : targets).map(describe).join('; ')}.`,
      );
    }
    for (const t of takers) out[t.id][name] = parseParamValue(name, t.params[name], value);
  }
  return out;
}

/** Splits a comma-separated id list (`saliency,integrated-gradients`), dropping blanks and repeats. */
export function parseIdList(flag: string, text: string): string[] {
  const ids = [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (ids.length === 0) throw new UsageError(`${flag} needs at least one id.`);
  return ids;
}

/** Parses `--target N|predicted`. */
export function parseTarget(text: string): number | 'predicted' {
  if (text === 'predicted') return text;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--target takes a class index (0, 1, …) or 'predicted'; got '${text}'.`);
  return n;
}

/** Parses a positive integer flag such as --workers or --batch-size. */
export function parsePositiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} takes a whole number ≥ 1; got '${text}'.`);
  return n;
}

/** Parses an integer flag that may be 0 or negative, such as --seed. */
export function parseInteger(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n)) throw new UsageError(`${flag} takes a whole number; got '${text}'.`);
  return n;
}

/** Parses a whole number ≥ 0, such as --criticisms. */
export function parseCount(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} takes a whole number ≥ 0; got '${text}'.`);
  return n;
}

/** Parses a number > 0, such as --lr. */
export function parsePositiveNumber(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || text.trim() === '')
    throw new UsageError(`${flag} takes a number > 0; got '${text}'.`);
  return n;
}
