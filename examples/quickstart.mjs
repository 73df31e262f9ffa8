// The README's first command runs this: load the shipped MNIST CNN, pick the best backend available here,
// classify sample digits and explain one with integrated gradients.

import { nodeBackend } from '@loupe/backend-node';
import { wasmBackend } from '@loupe/backend-wasm';
import { webgpuBackend } from '@loupe/backend-webgpu';
import { listBackends, registerBackend, useBackend, wrapModel } from '@loupe/core';
import { loadMnistCnn, loadMnistSamples } from '@loupe/models';
import * as tf from '@tensorflow/tfjs';

const requested = process.argv.find((a) => a.startsWith('--backend='))?.split('=')[1] ?? 'auto';
for (const plugin of [wasmBackend, webgpuBackend, nodeBackend]) registerBackend(plugin);

console.log('Backends here:');
for (const b of await listBackends())
  console.log(`  ${b.available ? '✓' : '✗'} ${b.name.padEnd(10)} ${b.reason ?? ''}`);
const active = await useBackend(requested);
console.log(`Using: ${active}\n`);

const model = wrapModel(await loadMnistCnn(), { inputRange: [0, 1] });
const { images, labels } = await loadMnistSamples();
// The samples are grouped by class: take one digit of each.
const picks = Array.from({ length: 10 }, (_, k) => labels.indexOf(k)).filter((i) => i >= 0);
const count = picks.length;
const batch = tf.gather(images, picks);
const scores = model.predict(batch);
const predicted = Array.from(await tf.argMax(scores, 1).data());
let correct = 0;
for (let i = 0; i < count; i++) {
  if (predicted[i] === labels[picks[i]]) correct++;
  console.log(`  digit ${picks[i]}: label ${labels[picks[i]]}  predicted ${predicted[i]}`);
}
console.log(`\n${correct}/${count} correct on ${active}.`);

try {
  const { integratedGradients } = await import('@loupe/methods-gradient');
  const first = tf.slice(batch, 0, 1);
  const ig = await integratedGradients(model, first, { steps: 32 });
  console.log(
    `Integrated gradients for digit 0 (class ${ig.target[0]}): completeness error ${ig.meta.convergenceDelta?.[0]?.toExponential(2)}, ${ig.meta.millis?.toFixed(0)} ms`,
  );
  ig.dispose();
  first.dispose();
} catch (err) {
  console.log(`(methods-gradient unavailable: ${err.message})`);
}
tf.dispose([batch, scores, images]);
model.dispose();
