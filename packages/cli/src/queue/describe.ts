import type { EnqueueCommandResult } from './cli-actions.js';
import type { RunStatus } from './status.js';
import type { WorkerSummary } from './worker.js';

/** Human summaries of the queue commands' results (what --json prints in full). */
export function describeQueueResult(command: string, result: unknown): string | null {
  switch (command) {
    case 'enqueue': {
      const r = result as EnqueueCommandResult;
      const cached = r.cached ? ` (${r.cached} already computed)` : '';
      return [
        `Queued run ${r.runId}: ${r.enqueued} of ${r.jobs} job(s)${cached}, ${r.results} result(s).`,
        `Workers: loupe worker --queue ${r.queue}`,
        `Progress: loupe status ${r.runId} --queue ${r.queue}`,
        `Outputs: loupe collect ${r.runId} --queue ${r.queue}`,
      ].join('\n');
    }
    case 'status': {
      const s = result as RunStatus;
      const lines = [
        `Run ${s.runId} (${s.command}, enqueued ${s.createdAt}): ${s.done}/${s.jobs} job(s) done, ${s.running} running, ${s.waiting} waiting, ${s.failed.length} failed; ${s.results.stored}/${s.results.total} result(s) stored${s.complete ? ' — complete' : ''}.`,
      ];
      for (const f of s.failed) lines.push(`  failed ${f.id} (${f.label}): ${f.error}`);
      return lines.join('\n');
    }
    case 'worker': {
      const w = result as WorkerSummary;
      return `Worker stopped: ${w.completed} job(s) done, ${w.failed} failed.`;
    }
    default:
      return null;
  }
}
