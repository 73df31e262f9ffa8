import { OptionError } from './errors.js';

/**
 * Every option name of an options type `O`, as a record the compiler checks both ways: a missing or an
 * extra name is a type error, so the run-time list cannot drift from the interface.
 */
export type OptionNames<O> = { readonly [K in keyof Required<O>]: true };

/** Options every explainer accepts besides its `params` (see `CommonExplainOptions`). */
export const COMMON_OPTION_NAMES: readonly string[] = [
  'target',
  'batchSize',
  'seed',
  'signal',
  'onProgress',
  'pool',
];

/** Optimal-string-alignment distance: edits, counting a swap of neighbours ('stpes' → 'steps') as one. */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/** The candidate closest to `name` (case-insensitive edit distance; ties go to the earlier candidate). */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const distance = editDistance(name.toLowerCase(), c.toLowerCase());
    if (distance < bestDistance) {
      best = c;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Throws `OptionError` for the first option name of `options` that is not in `known`, naming the closest
 * known option and listing them all: a misspelt option (`stpes`) must not silently run with defaults.
 * Options set to `undefined` are ignored (spreading optional settings is common). `owner` names the method
 * in the message, e.g. `'integrated-gradients'`.
 */
export function rejectUnknownOptions(owner: string, options: object, known: Iterable<string>): void {
  const names = [...new Set(known)];
  const allowed = new Set(names);
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined || allowed.has(name)) continue;
    const closest = closestName(name, names);
    throw new OptionError(
      `Unknown option "${name}" for '${owner}'.${closest ? ` Did you mean "${closest}"?` : ''} Its options: ${names.join(', ')}.`,
    );
  }
}
