import type { CommandContext } from '../commands/context.js';
import { throwIfCellsFailed } from '../commands/evaluate.js';
import { throwIfSomeFailed } from '../commands/explain.js';
import { type CollectResult, collectRun } from './collect.js';
import { type EnqueuedRun, enqueueRun } from './enqueue.js';
import type { RunRequest } from './manifest.js';
import { type RunStatus, runStatus } from './status.js';
import { runWorker, type WorkerEvent, type WorkerSummary } from './worker.js';

/** `loupe explain|evaluate|prototypes … --queue URL`: what was queued, and where. */
export interface EnqueueCommandResult extends EnqueuedRun {
  queue: string;
}

/** Queues a data-set command (the flags of the local command plus --queue and --results-dir). */
export async function enqueueCommand(
  request: RunRequest,
  queue: string,
  resultsDir: string | undefined,
  ctx: CommandContext,
): Promise<EnqueueCommandResult> {
  ctx.progress.note(`Planning the ${request.command} run (reading the model and hashing the data)…`);
  const run = await enqueueRun(request, {
    url: queue,
    resultsDir,
    signal: ctx.signal,
    onProgress: (p) => {
      if (p.enqueued === p.total || p.enqueued % 1000 < 200)
        ctx.progress.note(`Queued ${p.enqueued}/${p.total} job(s); ${p.waiting} waiting.`);
    },
  });
  return { ...run, queue };
}

function describeEvent(event: WorkerEvent): string {
  switch (event.type) {
    case 'started': {
      const again = event.recovered
        ? ' (taken over from a worker that stopped)'
        : event.attempt > 1
          ? ` (try ${event.attempt})`
          : '';
      return `job ${event.jobId} started: ${event.label}${again}`;
    }
    case 'completed':
      return `job ${event.jobId} done in ${(event.millis / 1000).toFixed(1)} s`;
    case 'failed':
      return `job ${event.jobId} failed${event.retry ? ' (will be retried)' : ''}: ${event.error}`;
    case 'error':
      return `queue: ${event.error}`;
  }
}

/** Worker flags as commander hands them over. */
export interface WorkerFlags {
  queue: string;
  lockMs: number;
  stallMs: number;
  maxStalled: number;
  name?: string;
}

/**
 * `loupe worker`: processes jobs until Ctrl-C or SIGTERM, then finishes the current job and exits.
 * A second signal exits at once; the job's lock then lapses and another worker takes the job over.
 */
export async function workerCommand(flags: WorkerFlags, ctx: CommandContext): Promise<WorkerSummary> {
  ctx.finishOnInterrupt?.();
  const worker = await runWorker({
    url: flags.queue,
    lockMs: flags.lockMs,
    stallMs: flags.stallMs,
    maxStalled: flags.maxStalled,
    name: flags.name,
    quiet: ctx.quiet,
    onEvent: (event) => ctx.progress.note(describeEvent(event)),
  });
  ctx.progress.note(`Waiting for jobs on ${flags.queue} (Ctrl-C: finish the current job and stop).`);
  await new Promise<void>((resolve) => {
    if (ctx.signal.aborted) resolve();
    ctx.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  return worker.stop();
}

/** `loupe status RUN`. */
export function statusCommand(runId: string, flags: { queue: string }): Promise<RunStatus> {
  return runStatus(runId, { url: flags.queue });
}

/** Exit status 1 with the list of failures when the collected run recorded some, as the local command does. */
export function throwIfCollectedFailed(collected: CollectResult): void {
  if (collected.command === 'explain') throwIfSomeFailed(collected.result);
  else if (collected.command === 'evaluate') throwIfCellsFailed(collected.result.table);
}

/** `loupe collect RUN`. */
export function collectCommand(
  runId: string,
  flags: { queue: string; out?: string; delete?: boolean },
  ctx: CommandContext,
): Promise<CollectResult> {
  return collectRun(runId, {
    url: flags.queue,
    out: flags.out,
    deleteAfter: flags.delete === true,
    signal: ctx.signal,
  });
}
