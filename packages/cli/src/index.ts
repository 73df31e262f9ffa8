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
export type { DataSpec } from './input/dataset.js';
export type { ImageFile } from './input/image-files.js';
export type { Preprocess } from './input/preprocess.js';
export { type MainStreams, main } from './main.js';
export { decodeNpy, encodeNpy } from './output/npy.js';
export type { RenderFlagValues } from './output/render-flags.js';
export type { ProgressReporter } from './progress.js';
export { type CollectOptions, type CollectResult, collectRun } from './queue/collect.js';
export { DEFAULT_PREFIX, type QueueAddress } from './queue/connection.js';
export { type EnqueuedRun, type EnqueueOptions, enqueueRun } from './queue/enqueue.js';
export { IncompleteRunError, QueueConnectionError, UnknownRunError } from './queue/errors.js';
export type { ManifestJob, RunManifest, RunRequest } from './queue/manifest.js';
export type { StoreSpec } from './queue/result-store.js';
export { type FailedJob, type RunStatus, runStatus } from './queue/status.js';
export {
  type QueueWorker,
  runWorker,
  type WorkerEvent,
  type WorkerOptions,
  type WorkerSummary,
} from './queue/worker.js';
export type { SerializedError } from './workers/protocol.js';
