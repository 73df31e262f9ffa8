import { removePendingWrites } from './output/atomic-write.js';

/**
 * Turns the first Ctrl-C (SIGINT) or SIGTERM into an abort of the running command, which stops
 * between batches, removes unfinished temporary files and exits with 130. A second signal exits at
 * once (still removing temporary files), for a run that does not stop quickly enough.
 */
export function abortOnInterrupt(onFirst?: () => void): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const handler = (name: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      onFirst?.();
      controller.abort(new Error(`Interrupted by ${name}`));
      return;
    }
    void removePendingWrites().finally(() => process.exit(130));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose() {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}
