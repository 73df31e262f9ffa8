/**
 * @loupe/cli: the `loupe` command. Import `main` to run it in-process (tests, scripts); the command
 * line is documented in the README and in `loupe --help`.
 */

export { runBackends } from './commands/backends.js';
export type { CommandContext } from './commands/context.js';
export { type EvaluateFlags, type EvaluateResult, runEvaluate } from './commands/evaluate.js';
export { type ExplainFlags, type ExplainOutput, runExplain, throwIfSomeFailed } from './commands/explain.js';
export {
  type PrototypeFlags,
  type PrototypeResult,
  runPrototypes,
  type SelectedExample,
} from './commands/prototypes.js';
export { runVisualize, type VisualizeFlags, type VisualizeResult } from './commands/visualize.js';
export { EXIT, exitCodeFor, UsageError } from './exit-codes.js';
export type { Preprocess } from './input/preprocess.js';
export { type MainStreams, main } from './main.js';
export { decodeNpy, encodeNpy } from './output/npy.js';
export type { RenderFlagValues } from './output/render-flags.js';
export type { ProgressReporter } from './progress.js';
export type { SerializedError } from './workers/protocol.js';
