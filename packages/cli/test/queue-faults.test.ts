import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRedis } from '../src/queue/connection.js';
import { type RedisServer, startRedis } from './helpers/redis-server.js';
import { runCli, tempDir } from './helpers/run-cli.js';
import { expectSameOutputs } from './helpers/same-outputs.js';
import { LineLog, spawnWorker, type WorkerProcess, within } from './helpers/worker-processes.js';

// Short locks so a killed worker's job comes back within seconds; 4 s stays far above the longest
// pause of a worker's event loop on a loaded 2-core machine, so no live worker loses its job.
const WORKER_FLAGS = ['--lock-ms', '4000', '--stall-ms', '1000'];
const RUN = [
  'explain',
  'mnist',
  'mnist-samples:40',
  '-m',
  'integrated-gradients,occlusion',
  '--opt',
  'steps=16',
  '--format',
  'json,png',
  '--batch-size',
  '4',
  '--backend',
  'cpu',
];
// Generous: on a quiet 2-core machine the test takes about 30 s; these only bound a hung run.
const WAIT_MS = 120_000;

async function resultKeys(url: string): Promise<string[]> {
  const redis = await openRedis({ url });
  try {
    return (await redis.keys('loupe:result:*')).sort();
  } finally {
    redis.disconnect();
  }
}

const jobOf = (text: string) => text.match(/^job (\S+) /)?.[1] ?? '';

describe('queued explain on worker processes, with a worker SIGKILLed and Redis crashing mid-run', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it(
    'stores every result exactly once, equal to the local run, and collects the same files',
    {
      timeout: 300_000,
    },
    async () => {
      const enqueued = await runCli(...RUN, '--queue', redis.url, '--json');
      expect(enqueued.code, enqueued.stderr).toBe(0);
      const { runId, jobs, results } = JSON.parse(enqueued.stdout).result;
      expect([jobs, results]).toEqual([20, 80]);

      const log = new LineLog();
      const workers: WorkerProcess[] = ['w1', 'w2', 'w3'].map((n) =>
        spawnWorker(n, redis.url, WORKER_FLAGS, log),
      );
      const byName = (name: string) => workers.find((w) => w.name === name) as WorkerProcess;
      try {
        // 1. The first worker to start a job is SIGKILLed in the middle of it.
        const first = await log.waitFor((l) => / started: /.test(l.text), WAIT_MS);
        const killed = byName(first.worker);
        killed.child.kill('SIGKILL');
        const orphan = jobOf(first.text);

        // 2. Once another worker finished a job, Redis crashes (SIGKILL) and restarts from its
        // append-only file: every result stored before the crash is still there.
        await log.waitFor((l) => l.worker !== killed.name && / done in /.test(l.text), WAIT_MS);
        const before = await resultKeys(redis.url);
        expect(before.length).toBeGreaterThan(0);
        await within(redis.crashAndRestart(), 30_000, 'Redis restart');
        expect(await resultKeys(redis.url)).toEqual(expect.arrayContaining(before));

        // 3. A live worker takes the killed worker's job over once its lock lapses (the first job of each
        // worker also starts its compute thread, so the kill above always lands mid-job). Ctrl-C reaches it
        // as it starts that job: it finishes the job, takes no other, and exits 0.
        const takeover = await log.waitFor(
          (l) =>
            l.worker !== killed.name &&
            l.text.startsWith(`job ${orphan} started`) &&
            /taken over/.test(l.text),
          WAIT_MS,
        );
        const stopped = byName(takeover.worker);
        stopped.child.kill('SIGINT');
        expect(await within(stopped.exited, WAIT_MS, `${stopped.name} after Ctrl-C`)).toBe(0);
        const own = log.lines.slice(log.lines.indexOf(takeover) + 1).filter((l) => l.worker === stopped.name);
        expect(own.some((l) => l.text.startsWith(`job ${orphan} done in`))).toBe(true);
        expect(own.some((l) => / started: /.test(l.text))).toBe(false);

        // 4. The last worker finishes the run.
        const last = workers.find((w) => w !== killed && w !== stopped) as WorkerProcess;
        const done = new Set<string>();
        await log.waitFor((l) => {
          if (/ done in /.test(l.text)) done.add(jobOf(l.text));
          return done.size === jobs;
        }, WAIT_MS);
        last.child.kill('SIGINT');
        expect(await within(last.exited, WAIT_MS, `${last.name} after Ctrl-C`)).toBe(0);
      } catch (error) {
        console.error(log.lines.map((l) => `${l.worker}: ${l.text}`).join('\n'));
        throw error;
      } finally {
        for (const w of workers)
          if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
      }

      // Every content key holds exactly one result: 40 digits × 2 methods.
      expect(await resultKeys(redis.url)).toHaveLength(80);
      const queued = await tempDir();
      const collected = await runCli('collect', runId, '--queue', redis.url, '-o', queued);
      expect(collected.code, collected.stderr).toBe(0);
      const local = await tempDir();
      expect((await runCli(...RUN, '-o', local, '--workers', '2')).code).toBe(0);
      // Bit-identical: PNG bytes, and every JSON value (attributions, scores, meta) but the timing.
      expect(await expectSameOutputs(local, queued)).toHaveLength(160);
    },
  );
});
