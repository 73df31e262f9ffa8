import { type Command, Option } from 'commander';
import { parsePositiveInt } from '../input/plugin-options.js';
import { parseQueueUrl } from './connection.js';

/** Flags that send a data-set command to the queue instead of running it here. */
const QUEUE_FLAGS = ['--queue', '--results-dir'];

/** Adds --queue and --results-dir to explain, evaluate and prototypes. */
export function addEnqueueOptions(cmd: Command): Command {
  return cmd
    .option(
      '--queue <url>',
      'enqueue the run on BullMQ at this Redis (redis://host:port[/db]) for `loupe worker`s; prints the run id',
      parseQueueUrl,
    )
    .option(
      '--results-dir <dir>',
      'with --queue: keep results in this folder every machine shares, not in Redis',
    );
}

/** The mandatory --queue of worker, status and collect (default: $LOUPE_QUEUE). */
export function queueOption(): Option {
  return new Option('--queue <url>', 'Redis of the queue: redis://host:port[/db]')
    .env('LOUPE_QUEUE')
    .argParser(parseQueueUrl)
    .makeOptionMandatory();
}

/** Adds the worker's tuning flags. */
export function addWorkerOptions(cmd: Command): Command {
  return cmd
    .option(
      '--lock-ms <ms>',
      'job lock duration; a worker silent this long is presumed dead and its job handed on',
      (v) => parsePositiveInt('--lock-ms', v),
      30_000,
    )
    .option(
      '--stall-ms <ms>',
      'interval of checks for jobs of dead workers',
      (v) => parsePositiveInt('--stall-ms', v),
      30_000,
    )
    .option(
      '--max-stalled <n>',
      'times a job may be taken back from a dead worker before it fails',
      (v) => parsePositiveInt('--max-stalled', v),
      2,
    )
    .option('--name <name>', "this worker's name in logs and BullMQ (default host:pid)");
}

/** The command line without the queue flags: what the report quotes, as the local run would. */
export function withoutQueueFlags(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const flag = QUEUE_FLAGS.find((f) => argv[i] === f || argv[i].startsWith(`${f}=`));
    if (!flag) out.push(argv[i]);
    else if (argv[i] === flag) i++;
  }
  return out;
}
