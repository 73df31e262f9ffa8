// pnpm --filter @loupe/backend-wasm bench:cores [rounds=5] [digits=16]
// Integrated gradients (50 steps) over 16 MNIST digits on the PyTorch ruler's CNN, on every core of this
// machine two ways: a WorkerPool of wasm workers, and tfjs-wasm's threaded SIMD build (threaded-wasm.ts).
// Each round runs every configuration once (after one warm-up round), in rotating order, so load from
// other jobs spreads over all of them; the table gives medians and ratios of medians.
import { execFileSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { registerBackend, useBackend } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { wasmBackend } from '../src/index.js';
import { createWorkerPool, type WorkerPool } from '../src/node/index.js';
import { igFixture, median, timeIg } from './ig-fixture.js';

tf.env().set('PROD', true);
const [rounds = 5, digits = 16] = process.argv.slice(2).map(Number);
registerBackend(wasmBackend);
await useBackend('wasm');
const fixture = await igFixture(digits);
const cores = availableParallelism();
const pools = new Map<number, WorkerPool>();
for (const size of [1, cores]) pools.set(size, await createWorkerPool({ size }));

const tsx = fileURLToPath(new URL('../node_modules/.bin/tsx', import.meta.url));
const child = fileURLToPath(new URL('./threaded-ig.ts', import.meta.url));
function threaded(threads: number): number {
  const out = execFileSync(tsx, [child, String(digits), String(threads)], { encoding: 'utf8' });
  const line = JSON.parse(out.trim().split('\n').pop() as string) as { ms: number; threads: number };
  if (line.threads !== threads) throw new Error(`threaded wasm ran ${line.threads} threads, not ${threads}`);
  return line.ms;
}

const configs: [string, () => Promise<number>][] = [
  ['wasm, one thread (no pool)', () => timeIg(fixture)],
  ['WorkerPool, 1 worker', () => timeIg(fixture, pools.get(1))],
  [`WorkerPool, ${cores} workers`, () => timeIg(fixture, pools.get(cores))],
  ['threaded wasm build, 1 thread', async () => threaded(1)],
  [`threaded wasm build, ${cores} threads`, async () => threaded(cores)],
];
const times = new Map<string, number[]>(configs.map(([name]) => [name, []]));
for (let round = -1; round < rounds; round++) {
  const ms = new Map<string, number>();
  for (let k = 0; k < configs.length; k++) {
    const [name, run] = configs[(k + Math.max(round, 0)) % configs.length];
    ms.set(name, await run());
  }
  if (round < 0) continue; // warm-up
  for (const [name, t] of ms) times.get(name)?.push(t);
  console.log(
    `round ${round + 1}, load ${loadavg()[0].toFixed(1)}: ${[...ms].map(([n, t]) => `${n} ${t.toFixed(0)} ms`).join('; ')}`,
  );
}
// On a shared machine the second core comes and goes: read the runs, not only the medians.
const base = median(times.get('WorkerPool, 1 worker') ?? []);
console.log(
  `\nIG-50 over ${digits} digits, ${rounds} rounds, ${cores} cores (medians; speed-up over 1 worker)`,
);
console.log('| configuration | median | runs | speed-up |\n| --- | --- | --- | --- |');
for (const [name, list] of times) {
  const m = median(list);
  console.log(
    `| ${name} | ${m.toFixed(0)} ms | ${list.map((t) => t.toFixed(0)).join(', ')} | ${(base / m).toFixed(2)}× |`,
  );
}
for (const pool of pools.values()) console.log(`pool of ${pool.size}:`, pool.stats);
await Promise.all([...pools.values()].map((p) => p.close()));
fixture.dispose();
