// Queue throughput against the local run (`pnpm --filter @loupe/cli bench` runs it after vitest bench):
// explain on the shipped CNN and digits, end to end (enqueue → workers → collect, against `loupe explain
// --workers N`), in alternating rounds, medians reported. Queue workers run in this process, each with its
// own compute thread (as `loupe worker` does), started and warmed before timing: long-lived workers are the
// point of a queue. Local runs start their threads per run, as a user's run does. Prints Markdown tables.

import { rm } from 'node:fs/promises';
import { loadavg } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import {
  collectRun,
  type EnqueueOptions,
  enqueueRun,
  main,
  type RunRequest,
  runWorker,
  type WorkerEvent,
} from '../src/index.js';
import { startRedis } from '../test/helpers/redis-server.js';
import { tempDir } from '../test/helpers/run-cli.js';

const ROUNDS = Number(process.env.LOUPE_BENCH_ROUNDS ?? 3);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Workload {
  label: string;
  digits: number;
  methods: string[];
  opts: string[];
  batchSize: number;
}

function argv(w: Workload, out: string, workers: number): string[] {
  return [
    'explain',
    'mnist',
    `mnist-samples:${w.digits}`,
    '-m',
    w.methods.join(','),
    ...w.opts.flatMap((o) => ['--opt', o]),
    '--batch-size',
    String(w.batchSize),
    '--format',
    'json,png',
    '--backend',
    'cpu',
    '--workers',
    String(workers),
    '-o',
    out,
    '--quiet',
  ];
}

async function timeLocal(w: Workload, workers: number): Promise<number> {
  const out = await tempDir();
  const t0 = performance.now();
  const code = await main(argv(w, out, workers), {
    stdout: () => {},
    stderr: (t) => process.stderr.write(t),
  });
  const ms = performance.now() - t0;
  await rm(out, { recursive: true, force: true });
  if (code !== 0) throw new Error(`local run exited with ${code}`);
  return ms;
}

function request(w: Workload, out: string): RunRequest {
  return {
    command: 'explain',
    flags: {
      model: 'mnist',
      images: [`mnist-samples:${w.digits}`],
      methods: w.methods,
      target: 'predicted',
      out,
      formats: ['json', 'png'],
      opts: w.opts,
      seed: 0,
      scale: null,
      backend: 'cpu',
      preprocess: { range: [0, 1], invert: false },
      workers: 1,
      batchSize: w.batchSize,
    },
  };
}

// Jobs the in-process workers finished, by run: the bench waits on these instead of polling Redis.
const finished = new Map<string, number>();
const waiters = new Set<() => void>();
function onEvent(event: WorkerEvent): void {
  if (event.type !== 'completed' && !(event.type === 'failed' && !event.retry)) return;
  finished.set(event.runId, (finished.get(event.runId) ?? 0) + 1);
  for (const wake of waiters) wake();
}
function jobsDone(runId: string, count: number): Promise<void> {
  return new Promise((resolve) => {
    const wake = () => {
      if ((finished.get(runId) ?? 0) < count) return;
      waiters.delete(wake);
      resolve();
    };
    waiters.add(wake);
    wake();
  });
}

/** Enqueue, wait for the workers, collect (then delete the results, so the next round computes again). */
async function timeQueue(
  w: Workload,
  address: EnqueueOptions,
): Promise<{ ms: number; jobs: number; phases: [number, number, number] }> {
  const out = await tempDir();
  const t0 = performance.now();
  const run = await enqueueRun(request(w, out), address);
  const t1 = performance.now();
  await jobsDone(run.runId, run.enqueued);
  const t2 = performance.now();
  await collectRun(run.runId, { ...address, deleteAfter: true });
  const t3 = performance.now();
  await rm(out, { recursive: true, force: true });
  return { ms: t3 - t0, jobs: run.jobs, phases: [t1 - t0, t2 - t1, t3 - t2] };
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function run(): Promise<void> {
  await tf.setBackend('cpu');
  const redis = await startRedis();
  const address = { url: redis.url };
  const load = loadavg()[0].toFixed(1);
  const throughput: Workload = {
    label: '64 digits × IG-16 + occlusion, 8 per job',
    digits: 64,
    methods: ['integrated-gradients', 'occlusion'],
    opts: ['steps=16'],
    batchSize: 8,
  };
  try {
    // Throughput: 1 and 2 queue workers against --workers 1 and 2.
    const times: Record<string, number[]> = { l1: [], l2: [], q1: [], q2: [] };
    const phases: [number, number, number][] = [];
    const first = await runWorker({ ...address, onEvent });
    await timeQueue({ ...throughput, digits: 8 }, address); // warm the first worker's thread
    for (let r = 0; r < ROUNDS; r++) {
      const order = r % 2 === 0 ? ['l1', 'q1', 'l2', 'q2'] : ['q2', 'l2', 'q1', 'l1'];
      for (const which of order) {
        if (which === 'l1') times.l1.push(await timeLocal(throughput, 1));
        if (which === 'l2') times.l2.push(await timeLocal(throughput, 2));
        if (which === 'q1') {
          const q = await timeQueue(throughput, address);
          times.q1.push(q.ms);
          phases.push(q.phases);
        }
        if (which === 'q2') {
          const second = await runWorker({ ...address, onEvent });
          await timeQueue({ ...throughput, digits: 8 }, address); // warm it
          times.q2.push((await timeQueue(throughput, address)).ms);
          await second.stop();
        }
      }
    }
    const [l1, l2, q1, q2] = [times.l1, times.l2, times.q1, times.q2].map(median);
    console.log(
      `\n### Throughput: ${throughput.label} (median of ${ROUNDS} alternating rounds; load ${load})\n`,
    );
    console.log('| run | wall | digits/s | vs local, same workers |\n| --- | --- | --- | --- |');
    console.log(`| local --workers 1 | ${fmt(l1)} | ${((64 / l1) * 1000).toFixed(1)} | 1.00 |`);
    console.log(
      `| queue, 1 worker | ${fmt(q1)} | ${((64 / q1) * 1000).toFixed(1)} | ${(l1 / q1).toFixed(2)}× |`,
    );
    console.log(`| local --workers 2 | ${fmt(l2)} | ${((64 / l2) * 1000).toFixed(1)} | 1.00 |`);
    console.log(
      `| queue, 2 workers | ${fmt(q2)} | ${((64 / q2) * 1000).toFixed(1)} | ${(l2 / q2).toFixed(2)}× |`,
    );

    const [enq, work, col] = [0, 1, 2].map((k) => median(phases.map((p) => p[k])));
    console.log(
      `\nQueue, 1 worker, by phase (medians): enqueue ${fmt(enq)}, workers ${fmt(work)}, collect ${fmt(col)}.`,
    );

    // Overhead per job: the same cheap work (saliency) split into more or fewer jobs, queued vs local.
    console.log('\n### Queue overhead per job (saliency, 128 digits; queue 1 worker vs local --workers 1)\n');
    console.log(
      '| examples per job | jobs | local | queue | overhead per job |\n| --- | --- | --- | --- | --- |',
    );
    const overheads: number[] = [];
    for (const batchSize of [1, 8]) {
      const w: Workload = { label: '', digits: 128, methods: ['saliency'], opts: [], batchSize };
      const local: number[] = [];
      const queued: number[] = [];
      let jobs = 0;
      for (let r = 0; r < ROUNDS; r++) {
        if (r % 2 === 0) local.push(await timeLocal(w, 1));
        const q = await timeQueue(w, address);
        queued.push(q.ms);
        jobs = q.jobs;
        if (r % 2 === 1) local.push(await timeLocal(w, 1));
      }
      const per = (median(queued) - median(local)) / jobs;
      overheads.push(per);
      console.log(
        `| ${batchSize} | ${jobs} | ${fmt(median(local))} | ${fmt(median(queued))} | ${per.toFixed(1)} ms |`,
      );
    }

    // Compute per example and method, to find the job size where the overhead falls under 5%. The
    // one-example jobs give the overhead: most jobs, so the least noise per job.
    const overhead = overheads[0];
    console.log(`\n### Job size for < 5% overhead (overhead ${overhead.toFixed(1)} ms per job)\n`);
    console.log('| method | compute per example | examples per job for < 5% |\n| --- | --- | --- |');
    for (const [method, opts] of [
      ['integrated-gradients', ['steps=16']],
      ['occlusion', []],
      ['saliency', []],
    ] as const) {
      const w: Workload = { label: '', digits: 32, methods: [method], opts: [...opts], batchSize: 32 };
      const xs: number[] = [];
      for (let r = 0; r < ROUNDS; r++) xs.push(await timeLocal(w, 1));
      const per = median(xs) / 32;
      console.log(
        `| ${method}${opts.length ? ` (${opts.join(' ')})` : ''} | ${per.toFixed(1)} ms | ${Math.max(1, Math.ceil((20 * overhead) / per))} |`,
      );
    }
    await first.stop();
  } finally {
    await redis.stop();
  }
}

await run();
