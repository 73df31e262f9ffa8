import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueRun, type QueueWorker, runWorker, type WorkerEvent } from '../src/index.js';
import { type RedisServer, startRedis } from './helpers/redis-server.js';
import { listFiles, runCli, tempDir, writeDigits } from './helpers/run-cli.js';
import { expectSameOutputs } from './helpers/same-outputs.js';

/** The run id from `loupe … --queue … --json`. */
async function enqueue(...argv: string[]): Promise<{ runId: string; enqueued: number; cached: number }> {
  const run = await runCli(...argv, '--json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout).result;
}

describe('queued runs (BullMQ on a real redis-server, in-process workers)', () => {
  let redis: RedisServer;
  let worker: QueueWorker;
  const events: WorkerEvent[] = [];
  const settled = new Map<string, () => void>();
  /** Resolves when the worker has finished or finally failed `count` jobs of the run. */
  const jobsOf = (runId: string, count: number) =>
    new Promise<void>((resolve) => {
      const check = () => {
        const ended = events.filter(
          (e) => (e.type === 'completed' || (e.type === 'failed' && !e.retry)) && e.runId === runId,
        );
        if (ended.length >= count) resolve();
      };
      settled.set(runId, check);
      check();
    });

  beforeAll(async () => {
    await tf.setBackend('cpu');
    redis = await startRedis();
    worker = await runWorker({
      url: redis.url,
      onEvent: (e) => {
        events.push(e);
        for (const check of settled.values()) check();
      },
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await redis?.stop();
  });

  it('evaluate: the collected report, charts and JSON equal the local run', async () => {
    const dir = await tempDir();
    const args = [
      'evaluate',
      'mnist',
      '--data',
      'mnist-samples:6',
      '-m',
      'saliency,smoothgrad',
      '--opt',
      'samples=2',
      '--metrics',
      'deletion,infidelity',
      '--metric-opt',
      'steps=6',
      '--metric-opt',
      'samples=3',
      '--batch-size',
      '3',
      '--seed',
      '4',
      '--backend',
      'cpu',
    ];
    const { runId } = await enqueue(...args, '-o', join(dir, 'queued', 'report.md'), '--queue', redis.url);
    await jobsOf(runId, 2 * 2 * 2);
    const collected = await runCli('collect', runId, '--queue', redis.url);
    expect(collected.code, collected.stderr).toBe(0);
    expect((await runCli(...args, '-o', join(dir, 'local', 'report.md'), '--workers', '1')).code).toBe(0);
    const files = await expectSameOutputs(join(dir, 'local'), join(dir, 'queued'));
    expect(files).toEqual(['report-deletion.svg', 'report.json', 'report.md']);
  });

  it('prototypes: embedding jobs collect into the gallery and JSON of the local run', async () => {
    const dir = await tempDir();
    const args = [
      'prototypes',
      'mnist',
      '--data',
      'mnist-samples:30',
      '--prototypes',
      '3',
      '--criticisms',
      '1',
      '--backend',
      'cpu',
    ];
    const { runId } = await enqueue(...args, '--batch-size', '8', '--queue', redis.url, '-o', join(dir, 'q'));
    await jobsOf(runId, 4);
    const collected = await runCli('collect', runId, '--queue', redis.url);
    expect(collected.code, collected.stderr).toBe(0);
    expect((await runCli(...args, '--workers', '1', '-o', join(dir, 'l'))).code).toBe(0);
    expect(await expectSameOutputs(join(dir, 'l'), join(dir, 'q'))).toEqual([
      'gallery.png',
      'prototypes.json',
    ]);
  });

  it('a bad image fails its job once, without blocking the others; collect names what is missing; a fixed run reuses the stored results', async () => {
    const dir = await tempDir();
    const data = join(dir, 'data');
    await mkdir(data);
    await writeDigits(data, [1, 2, 3]);
    await writeFile(join(data, 'digit-9.png'), 'not a png');
    const explain = [
      'explain',
      'mnist',
      data,
      '-m',
      'saliency',
      '--batch-size',
      '1',
      '--backend',
      'cpu',
      '-o',
      join(dir, 'out'),
    ];
    const { runId } = await enqueue(...explain, '--queue', redis.url);
    await jobsOf(runId, 4);
    const failures = events.filter((e) => e.type === 'failed' && e.runId === runId);
    expect(failures).toHaveLength(1); // deterministic: not retried
    const status = await runCli('status', runId, '--queue', redis.url, '--json');
    const s = JSON.parse(status.stdout).result;
    expect([s.done, s.running, s.waiting, s.complete]).toEqual([3, 0, 0, false]);
    expect(s.failed).toHaveLength(1);
    expect(s.failed[0].error).toMatch(/digit-9\.png/);
    const refused = await runCli('collect', runId, '--queue', redis.url);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/1 of 4 results are missing.*examples? 3.*digit-9\.png/s);

    // Without the bad file, and with an option spelled out at its default, every key is known.
    await rm(join(data, 'digit-9.png'));
    const again = await enqueue(...explain, '--opt', 'abs=false', '--queue', redis.url);
    expect([again.enqueued, again.cached]).toEqual([0, 3]);
    expect((await runCli('collect', again.runId, '--queue', redis.url, '--delete')).code).toBe(0);
    expect(await listFiles(join(dir, 'out'))).toHaveLength(3 * 2);
    const gone = await runCli('status', again.runId, '--queue', redis.url);
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/No run/);
  });

  it('enqueues in bounded batches while workers drain the queue; results can live in a shared folder', async () => {
    const waiting: number[] = [];
    const out = await tempDir();
    const shared = await tempDir();
    const run = await enqueueRun(
      {
        command: 'explain',
        flags: {
          model: 'mnist',
          images: ['mnist-samples:8'],
          methods: ['saliency'],
          target: 'predicted',
          out,
          formats: ['json'],
          opts: [],
          seed: 7,
          scale: null,
          backend: 'cpu',
          preprocess: { range: [0, 1], invert: false },
          workers: 1,
          batchSize: 1,
        },
      },
      {
        url: redis.url,
        resultsDir: shared,
        batch: 2,
        maxWaiting: 3,
        onProgress: (p) => waiting.push(p.waiting),
      },
    );
    const startedMeanwhile = events.filter((e) => e.type === 'started' && e.runId === run.runId).length;
    expect([run.jobs, run.enqueued]).toEqual([8, 8]);
    expect(Math.max(...waiting)).toBeLessThanOrEqual(3);
    // With at most 3 waiting when the last batch went in, the worker had taken the other 5 by then.
    expect(startedMeanwhile).toBeGreaterThanOrEqual(5);
    await jobsOf(run.runId, 8);
    expect((await runCli('collect', run.runId, '--queue', redis.url)).code).toBe(0);
    expect(await listFiles(out)).toHaveLength(8);
    expect((await listFiles(shared)).filter((f) => f.endsWith('.bin'))).toHaveLength(8);
  });

  it('says what to do about a bad address, an unreachable Redis and an unknown run', async () => {
    const bad = await runCli('status', 'x', '--queue', 'http://localhost');
    expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(/redis:\/\/host/)]);
    const down = await runCli('status', 'x', '--queue', 'redis://127.0.0.1:1');
    expect([down.code, down.stderr]).toEqual([
      1,
      expect.stringMatching(/Cannot reach Redis at redis:\/\/127.0.0.1:1/),
    ]);
    const unknown = await runCli('collect', 'no-such-run', '--queue', redis.url);
    expect([unknown.code, unknown.stderr]).toEqual([2, expect.stringMatching(/No run "no-such-run"/)]);
  });
});

describe('sampled methods seed each example from the run seed and its id', () => {
  it('smoothgrad gives every digit the same map whatever its chunk or position', async () => {
    const [a, b] = [await tempDir(), await tempDir()];
    const args = [
      'explain',
      'mnist',
      'mnist-samples:4',
      '-m',
      'smoothgrad',
      '--opt',
      'samples=3',
      '--format',
      'json',
      '--backend',
      'cpu',
    ];
    expect((await runCli(...args, '--batch-size', '4', '-o', a, '--workers', '1')).code).toBe(0);
    expect((await runCli(...args, '--batch-size', '3', '-o', b, '--workers', '1')).code).toBe(0);
    await expectSameOutputs(a, b);
  });
});
