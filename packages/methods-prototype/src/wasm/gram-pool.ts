import { type NodeBuiltins, nodeBuiltins } from '@loupe/core';
import { gramInstance } from './gram-module.js';
import { type GramOp, pullTasks, runTask } from './gram-tasks.js';

type Worker = InstanceType<NodeBuiltins['workerThreads']['Worker']>;

/** One job for the pool: a shared memory already holding rows and norms, with zeroed control words. */
export interface GramJob {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  /** `GramExports.setup`'s arguments. */
  setup: [number, number, number, number, number];
  /** What the tasks do. */
  op: GramOp;
  /** γ for `exponentiate` tasks. */
  gamma: number;
  /** One quadruple per task: (r0, r1, c0, c1) for tiles, (byte address, count, 0, 0) for exp. */
  tasks: Int32Array;
  /** Byte address of the control words: [next tile, tiles done, one done-flag per tile]. */
  ctrlAt: number;
}

/** Knobs for tests: how long to wait for a stalled tile, and whether the caller pulls tiles too. */
export interface PoolTuning {
  stallMs?: number;
  callerComputes?: boolean;
}

// After this long without a finished tile, the caller assumes a worker died and computes what is left.
const STALL_MS = 2_000;

const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const runTask = ${runTask.toString()};
const pullTasks = ${pullTasks.toString()};
parentPort.on('message', (job) => {
  const exports = new WebAssembly.Instance(job.module, { env: { memory: job.memory } }).exports;
  exports.setup(...job.setup);
  const ctrl = new Int32Array(job.memory.buffer, job.ctrlAt, 2 + job.tasks.length / 4);
  pullTasks(exports, ctrl, job.tasks, job.op, job.gamma);
});
`;

const workers: Worker[] = [];
let workersFailed = false;

/** How many threads (this one included) a kernel may use here: 1 outside Node. */
export function availableThreads(): number {
  const builtins = nodeBuiltins();
  return builtins ? Math.max(1, builtins.os.availableParallelism()) : 1;
}

/**
 * Runs `job` on this thread plus up to `helpers` pooled worker threads and returns when every tile is
 * done. Workers are started on first use and kept (unref'd, so they never hold the process open); ones
 * still starting simply join late. This thread never waits on a tile nobody is computing: if no tile
 * finishes for `stallMs` it computes the unfinished ones itself (tiles are idempotent). Returns how many
 * tiles this thread computed.
 */
export function runGramJob(job: GramJob, helpers: number, tuning: PoolTuning = {}): number {
  const { stallMs = STALL_MS, callerComputes = true } = tuning;
  const threads = nodeBuiltins()?.workerThreads;
  if (threads && !workersFailed) {
    while (workers.length < helpers) {
      const worker = new threads.Worker(WORKER_SOURCE, { eval: true });
      worker.unref();
      // A worker that fails is dropped (its tiles are recomputed by the stall rule) and never replaced,
      // so a broken environment costs one stall, not one per call.
      worker.on('error', () => {
        workersFailed = true;
        workers.splice(workers.indexOf(worker), 1);
      });
      workers.push(worker);
    }
    for (let w = 0; w < Math.min(helpers, workers.length); w++) workers[w].postMessage(job);
  }
  const exports = gramInstance(job.module, job.memory);
  exports.setup(...job.setup);
  const { tasks } = job;
  const count = tasks.length / 4;
  const ctrl = new Int32Array(job.memory.buffer, job.ctrlAt, 2 + count);
  const own = callerComputes ? pullTasks(exports, ctrl, tasks, job.op, job.gamma) : 0;
  for (;;) {
    const done = Atomics.load(ctrl, 1);
    if (done >= count) return own;
    if (Atomics.wait(ctrl, 1, done, stallMs) === 'timed-out' && Atomics.load(ctrl, 1) === done) {
      let recovered = 0;
      for (let t = 0; t < count; t++) {
        if (Atomics.load(ctrl, 2 + t) === 0) {
          runTask(exports, job.op, job.gamma, tasks, t);
          recovered++;
        }
      }
      return own + recovered;
    }
  }
}
