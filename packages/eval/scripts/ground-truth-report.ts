// Ground-truth benchmark report: every registered explainer on the shipped ground-truth scenes (an MNIST
// digit on a noisy, textured canvas; the label depends only on the digit), scored for localization
// against the digit masks and for faithfulness by deletion/insertion. Writes docs/ground-truth.md.
// Run: pnpm --filter @loupe/eval report:ground-truth   (COUNT=200 STEPS=100 for every shipped scene)
// METHOD_OPTIONS='{"xrai":{"dilation":1}}' runs a method with options; its row names them.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { getExplainer, listExplainers, wrapModel } from '@loupe/core';
import { registerGradientMethods } from '@loupe/methods-gradient';
import { registerPerturbationMethods } from '@loupe/methods-perturbation';
import { loadGroundTruthBenchmark } from '@loupe/models';
import * as tf from '@tensorflow/tfjs';
import { type EvaluationTable, evaluate, registerEvalMetrics, renderMarkdown } from '../src/index.js';

const COUNT = Number(process.env.COUNT ?? 20);
const STEPS = Number(process.env.STEPS ?? 25);
const SEED = Number(process.env.SEED ?? 0);
const OUT = fileURLToPath(new URL('../docs/ground-truth.md', import.meta.url));
const METHOD_OPTIONS = JSON.parse(process.env.METHOD_OPTIONS ?? '{}') as Record<
  string,
  Record<string, unknown>
>;
const METRICS = ['pointing-game', 'relevance-mass', 'relevance-rank', 'deletion', 'insertion', 'sparseness'];

await tf.setBackend('cpu');
registerGradientMethods();
registerPerturbationMethods();
registerEvalMetrics();
const bench = await loadGroundTruthBenchmark();
const model = wrapModel(bench.model);
// An even spread over the classes (the file holds 20 scenes per class, in class order).
const picks = Array.from({ length: COUNT }, (_, i) => (i % 10) * 20 + Math.floor(i / 10));
const x = tf.gather(bench.images, picks);
const masks = tf.gather(bench.masks, picks);
const labels = picks.map((i) => bench.labels[i]);
const accuracy = tf.tidy(() => {
  const predicted = tf.argMax(model.predict(x), 1).arraySync() as number[];
  return predicted.filter((p, i) => p === labels[i]).length / labels.length;
});
const failures: string[] = [];
const tables: EvaluationTable[] = [];
const started = Date.now();

/** A method's row name: its id, with the options it ran with when METHOD_OPTIONS gave some. */
function rowName(id: string): string {
  const options = METHOD_OPTIONS[id];
  if (!options) return id;
  return `${id} (${Object.entries(options)
    .map(([k, v]) => `${k} ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ')})`;
}

/** Writes the report with the methods finished so far, so an interrupted run still leaves a table. */
async function writeReport(final: boolean): Promise<string> {
  const merged = {
    ...tables[0],
    methods: tables.flatMap((t) => t.methods),
    cells: tables.flatMap((t) => t.cells),
  };
  const text = [
    '# Ground-truth benchmark',
    '',
    `${COUNT} scenes (an even spread over the 10 classes) from \`loadGroundTruthBenchmark()\`, explained for the true`,
    `class; model accuracy on them ${(accuracy * 100).toFixed(1)}%; tfjs ${tf.version.tfjs}, ${tf.getBackend()} backend, seed ${SEED};`,
    `${((Date.now() - started) / 1000).toFixed(0)} s${final ? ' in all' : ' so far (run still in progress)'}. Localization uses the digit's ink mask; deletion (zero fill) and insertion (blur`,
    `fill) use ${STEPS} steps and the target probability; every method runs with its default options.`,
    'Produced by `pnpm --filter @loupe/eval report:ground-truth` (COUNT, STEPS, SEED, METHODS, METHOD_OPTIONS from the environment).',
    '',
    tables.length ? renderMarkdown(merged) : '(no method finished yet)\n',
    ...(failures.length ? ['Methods that could not run here:', '', ...failures, ''] : []),
  ].join('\n');
  await writeFile(OUT, text);
  return text;
}

// METHODS (comma-separated ids) picks and orders the methods; by default every registered one.
const chosen = process.env.METHODS?.split(',').map((id) => id.trim()) ?? listExplainers().map((p) => p.id);
for (const id of chosen) {
  const plugin = getExplainer(id);
  const t0 = Date.now();
  try {
    const table = await evaluate(model, { x, masks, labels }, [plugin.id], METRICS, {
      target: labels,
      seed: SEED,
      metricOptions: { deletion: { steps: STEPS }, insertion: { steps: STEPS } },
      methodOptions: METHOD_OPTIONS,
    });
    const name = rowName(plugin.id);
    tables.push({
      ...table,
      methods: table.methods.map(rowName),
      cells: table.cells.map((c) => ({ ...c, method: name })),
    });
    console.log(`${plugin.id}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  } catch (error) {
    failures.push(`- \`${plugin.id}\`: ${(error as Error).message}`);
    console.log(`${plugin.id}: failed (${(error as Error).message})`);
  }
  await writeReport(false);
}
console.log(await writeReport(true));
tf.dispose([x, masks]);
model.dispose();
bench.dispose();
