// pnpm bench:peers [--rounds 3] [--repeats 3] [--backend wasm] [--workers 2 | --workers 0]
// Loupe in Node against the PyTorch ruler (torch_baseline.py, CPU, 2 threads) on the same work: the
// ruler's CNN, IG-50 over 4 digits; MobileNetV2 at 224×224, saliency and IG-8. Rounds alternate the two
// sides (each takes the median of `repeats` runs); the table gives the medians over rounds and their ratio
// (Loupe / PyTorch: lower is better). Then the per-kernel profile (tf.profile) of one CNN IG-50 run.
// Without python3-torch the Node side still runs and the install command is printed; exit status 0.
import { availableParallelism, cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { registerBackend, useBackend } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import { wasmBackend } from '../../src/index.js';
import { createWorkerPool } from '../../src/node/index.js';
import { kernelTotals } from '../kernel-totals.js';
import { median } from '../median.js';
import { cnnIg50, fixtures, medianMs, nodeCases } from './node-cases.js';
import { INSTALL_HINT, rulerScript, runRuler, torchMissing } from './torch-ruler.js';

const { values: args } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    repeats: { type: 'string', default: '3' },
    backend: { type: 'string', default: 'wasm' },
    workers: { type: 'string', default: String(availableParallelism()) },
  },
});
const rounds = Number(args.rounds);
const repeats = Number(args.repeats);
tf.env().set('PROD', true);
registerBackend(wasmBackend);
const backend = await useBackend(args.backend);
const script = rulerScript();
const missing = torchMissing();
if (missing) console.log(`PyTorch side skipped (${missing}). Install it with: ${INSTALL_HINT}`);
console.log(
  `Machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}; Loupe on ${backend}; ruler ${script}; load average ${loadavg()[0].toFixed(1)}`,
);

const f = fixtures();
const workers = Number(args.workers);
const pool = workers > 0 && backend === 'wasm' ? await createWorkerPool({ size: workers }) : null;
const cases = nodeCases(f, pool);
for (const c of cases) await c.run(); // warm-up: kernels, weights, pool models
const nodeMs = new Map<string, number[]>(cases.map((c) => [c.name, []]));
const torchMs = new Map<string, number[]>();
for (let round = 0; round < rounds; round++) {
  const node = async () => {
    for (const c of cases) nodeMs.get(c.name)?.push(await medianMs(c.run, repeats));
  };
  const torch = async () => {
    if (missing) return;
    for (const which of ['mnist-ig50', 'mobilenet'] as const)
      for (const [key, seconds] of Object.entries(runRuler(script, which, repeats)))
        torchMs.set(key, [...(torchMs.get(key) ?? []), seconds * 1000]);
  };
  // Alternate which side goes first, so a load change hits both.
  if (round % 2 === 0) await node().then(torch);
  else await torch().then(node);
}

console.log(
  `\n${rounds} rounds × ${repeats} runs; medians of the per-round medians; ratio = Loupe / PyTorch`,
);
console.log(`| work | Loupe (${backend}) | PyTorch CPU, 2 threads | ratio |\n| --- | --- | --- | --- |`);
for (const c of cases) {
  const ours = median(nodeMs.get(c.name) ?? []);
  const theirs = c.torchKey && torchMs.has(c.torchKey) ? median(torchMs.get(c.torchKey) ?? []) : null;
  const ratio = theirs ? `${(ours / theirs).toFixed(2)}×` : '–';
  console.log(
    `| ${c.name} | ${ours.toFixed(0)} ms | ${theirs ? `${theirs.toFixed(0)} ms` : '–'} | ${ratio} |`,
  );
}

// Per-kernel profile of one CNN IG-50 run on this thread (kernel times as the backend measures them).
const profile = await tf.profile(() => cnnIg50(f) as unknown as tf.TensorContainer);
const byKernel = kernelTotals(profile);
const total = byKernel.reduce((a, [, r]) => a + r.ms, 0);
console.log(
  `\nPer-kernel profile, CNN IG-50 over 4 digits on ${backend} (kernel time ${total.toFixed(0)} ms):`,
);
console.log('| kernel | ms | share | calls |\n| --- | --- | --- | --- |');
for (const [name, r] of byKernel.slice(0, 12))
  console.log(`| ${name} | ${r.ms.toFixed(1)} | ${((100 * r.ms) / total).toFixed(1)}% | ${r.calls} |`);
console.log(`load average at the end ${loadavg()[0].toFixed(1)}`);
await pool?.close();
f.dispose();
