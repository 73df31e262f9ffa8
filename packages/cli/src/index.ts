/**
 * @loupe/cli: the `loupe` command. Import `main` to run it in-process (tests, scripts); the command
 * line is documented in the README and in `loupe --help`.
 */
export { main, type MainStreams } from './main.js';
export { EXIT, UsageError, exitCodeFor } from './exit-codes.js';
export { runBackends } from './commands/backends.js';
export { type EvaluateFlags, type EvaluateResult, runEvaluate } from './commands/evaluate.js';
export { type ExplainFlags, type ExplainOutput, runExplain } from './commands/explain.js';
export { type PrototypeFlags, type PrototypeResult, runPrototypes } from './commands/prototypes.js';
export { type VisualizeFlags, type VisualizeResult, runVisualize } from './commands/visualize.js';
export type { CommandContext } from './commands/context.js';
export { encodeNpy, decodeNpy } from './output/npy.js';
