import type { RunControl } from '@loupe/core';
import type { EvaluatorPlugin } from './evaluator.js';

/**
 * Names every metric's direct call takes besides its own settings: run control, the target, the seed and
 * the explained method's options. Each metric lists its full set as an `OptionNames` record (checked by the
 * compiler against its options interface) and rejects any other name, so a misspelt option (`stpes`) is an
 * `OptionError` naming the closest one instead of a run with defaults (issue 16, item 3).
 */
export const METRIC_COMMON_OPTION_NAMES: { readonly [K in keyof Required<RunControl>]: true } & {
  readonly target: true;
  readonly seed: true;
  readonly methodOptions: true;
} = {
  signal: true,
  onProgress: true,
  target: true,
  seed: true,
  methodOptions: true,
};

/** Every option name `evaluate()` accepts in a plugin's `metricOptions`: its params, code options and the common names. */
export function metricOptionNames(plugin: EvaluatorPlugin): string[] {
  return [
    ...Object.keys(plugin.params),
    ...(plugin.codeOptions ?? []),
    ...Object.keys(METRIC_COMMON_OPTION_NAMES),
  ];
}
