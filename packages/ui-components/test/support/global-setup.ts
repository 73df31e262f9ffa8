import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from '@loupe/core/node';
import { loadMnistCnn, loadMnistSamples } from '@loupe/models';
import * as tf from '@tensorflow/tfjs';
import { build } from 'esbuild';
import type { TestProject } from 'vitest/node';
import { buildEmbed } from '../../scripts/build-embed.mjs';
import { workspaceAlias } from '../../scripts/workspace-alias.mjs';
import { serveStatic } from './static-server.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const pagesDir = join(here, '../pages');
const modelsDir = join(here, '../../../models/assets');

/** Writes PNGs of held-out MNIST digits that the shipped CNN classifies correctly (one per wanted class). */
async function writeDigits(dir: string): Promise<{ file: string; label: number }[]> {
  await tf.setBackend('cpu');
  const model = await loadMnistCnn();
  const { images, labels } = await loadMnistSamples();
  const probabilities = model.predict(images) as tf.Tensor2D;
  const scores = await probabilities.array();
  const chosen: { file: string; label: number }[] = [];
  for (const wanted of [7, 2]) {
    const row = labels.findIndex((l, i) => l === wanted && scores[i][wanted] > 0.9);
    const digit = tf.tidy(() => images.slice([row, 0, 0, 0], [1, 28, 28, 1]).reshape([28, 28, 1]));
    const file = `digit-${wanted}.png`;
    writeFileSync(join(dir, file), await encodePng(digit));
    digit.dispose();
    chosen.push({ file, label: wanted });
  }
  tf.dispose([images, probabilities]);
  model.dispose();
  return chosen;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = mkdtempSync(join(tmpdir(), 'loupe-ui-'));
  const fixtures = join(root, 'fixtures');
  mkdirSync(fixtures);
  const digits = await writeDigits(fixtures);
  writeFileSync(join(fixtures, 'not-a-model.json'), JSON.stringify({ hello: 'world' }));
  writeFileSync(join(fixtures, 'broken.png'), 'this is text, not a PNG');
  await build({
    entryPoints: [join(pagesDir, 'harness.ts')],
    outfile: join(root, 'harness.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    sourcemap: 'inline',
    plugins: [workspaceAlias()],
    logLevel: 'warning',
  });
  await buildEmbed(join(root, 'embed'));
  const { server, baseUrl } = await serveStatic({
    '/pages/': pagesDir,
    '/fixtures/': fixtures,
    '/models/': modelsDir,
    '/build/': root,
  });
  project.provide('baseUrl', baseUrl);
  project.provide('digits', digits);
  return async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(root, { recursive: true, force: true });
  };
}
