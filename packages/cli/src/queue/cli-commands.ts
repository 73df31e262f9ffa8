import type { Command } from 'commander';
import type { CommandContext } from '../commands/context.js';
import type { EnqueueCommandResult, WorkerFlags } from './cli-actions.js';
import { addWorkerOptions, queueOption } from './cli-options.js';
import type { RunRequest } from './manifest.js';

// The queue's modules (BullMQ, ioredis) load only when a queue command or --queue is used, so local
// commands start as fast as before.
const actions = () => import('./cli-actions.js');

/** Sends a data-set command to the queue (its flags carry --queue and maybe --results-dir). */
export async function enqueue(
  request: RunRequest,
  f: Record<string, unknown>,
  ctx: CommandContext,
): Promise<EnqueueCommandResult> {
  const { enqueueCommand } = await actions();
  return enqueueCommand(request, f.queue as string, f.resultsDir as string | undefined, ctx);
}

/** Adds `loupe worker`, `loupe status RUN` and `loupe collect RUN`. */
export function addQueueCommands(
  program: Command,
  ctx: CommandContext,
  emit: (command: string, result: unknown) => void,
): void {
  const worker = program
    .command('worker')
    .description('process queued explain/evaluate/prototypes jobs until Ctrl-C (then finish the current job)')
    .addOption(queueOption());
  addWorkerOptions(worker).action(async (f: WorkerFlags) => {
    const { workerCommand } = await actions();
    emit('worker', await workerCommand(f, ctx));
  });

  program
    .command('status')
    .description('progress of a queued run: jobs done, running, waiting, failed (with errors)')
    .argument('<run>', 'the run id the enqueuing command printed')
    .addOption(queueOption())
    .action(async (run: string, f: { queue: string }) => {
      const { statusCommand } = await actions();
      emit('status', await statusCommand(run, f));
    });

  program
    .command('collect')
    .description("write a queued run's outputs: the files, JSON and report the local command writes")
    .argument('<run>', 'the run id the enqueuing command printed')
    .addOption(queueOption())
    .option('-o, --out <path>', "output folder (report path for evaluate); default: the run's --out")
    .option('--delete', "delete the run's results from the queue once written")
    .action(async (run: string, f: { queue: string; out?: string; delete?: boolean }) => {
      const { collectCommand, throwIfCollectedFailed } = await actions();
      const collected = await collectCommand(run, f, ctx);
      emit(collected.command, collected.result);
      throwIfCollectedFailed(collected);
    });
}
