import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeImage } from '@loupe/core/node';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles, runCli, tempDir } from './helpers/run-cli.js';

async function decodes(path: string): Promise<number[]> {
  const image = decodeImage(await readFile(path));
  const shape = image.shape;
  image.dispose();
  return shape;
}

describe('loupe evaluate, visualize, prototypes, backends (end to end on the shipped CNN and digits)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('evaluate writes an HTML report with a table and curve plots, and a JSON table', async () => {
    const out = await tempDir();
    const run = await runCli(
      'evaluate',
      'mnist',
      '--data',
      'mnist-samples:6',
      '-m',
      'saliency,input-x-gradient',
      '--metrics',
      'deletion,insertion',
      '--metric-opt',
      'steps=8',
      '-o',
      join(out, 'report.html'),
      '--workers',
      '1',
      '--batch-size',
      '3',
      '--seed',
      '5',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await listFiles(out)).toEqual(['report.html', 'report.json']);
    const html = await readFile(join(out, 'report.html'), 'utf8');
    expect(html).toMatch(/<table>[\s\S]*saliency[\s\S]*input-x-gradient[\s\S]*<\/table>/);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html.match(/<polyline /g)).toHaveLength(4);
    const table = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(table.examples).toBe(6);
    expect(table.seed).toBe(5);
    expect(table.cells).toHaveLength(4);
    for (const cell of table.cells) {
      // AUC of a probability curve over [0, 1], and equal to the trapezoid area of the mean curve.
      expect(cell.value).toBeGreaterThanOrEqual(0);
      expect(cell.value).toBeLessThanOrEqual(1);
      const { fractions, scores } = cell.details;
      let area = 0;
      for (let k = 1; k < fractions.length; k++)
        area += ((fractions[k] - fractions[k - 1]) * (scores[k] + scores[k - 1])) / 2;
      expect(cell.value).toBeCloseTo(area, 10);
      expect(cell.details.perExample).toHaveLength(6);
    }
  });

  it('evaluate writes Markdown with SVG charts for the sanity check, reproducibly', async () => {
    const out = await tempDir();
    const args = [
      'evaluate',
      'mnist',
      '--data',
      'mnist-samples:2',
      '-m',
      'saliency',
      '--metrics',
      'sanity',
      '-o',
      join(out, 'r.md'),
      '--workers',
      '1',
    ];
    expect((await runCli(...args)).code).toBe(0);
    const first = await readFile(join(out, 'r.md'), 'utf8');
    expect(await listFiles(out)).toEqual(['r-model-randomization.svg', 'r.json', 'r.md']);
    expect(first).toContain('| saliency |');
    expect(first).toContain('(\\|Spearman\\|)');
    expect(first).toContain('![Model randomization (|Spearman|)](r-model-randomization.svg)');
    const svg = await readFile(join(out, 'r-model-randomization.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"[\s\S]*<polyline[\s\S]*<\/svg>\n$/);
    expect(svg).toContain('>logits<');
    expect((await runCli(...args)).code).toBe(0);
    expect(await readFile(join(out, 'r.md'), 'utf8')).toBe(first);
  });

  it('visualize writes the final image, a frame strip, an animated GIF and JSON', async () => {
    const out = await tempDir();
    const run = await runCli(
      'visualize',
      'mnist',
      '--class',
      '1',
      '--regime',
      'score',
      '--steps',
      '6',
      '--frames',
      '3',
      '--scale',
      '2',
      '-o',
      out,
    );
    expect(run.code).toBe(0);
    expect(await listFiles(out)).toEqual([
      'class-1-frames.png',
      'class-1.gif',
      'class-1.png',
      'visualize.json',
    ]);
    expect(await decodes(join(out, 'class-1.png'))).toEqual([56, 56, 3]);
    expect(await decodes(join(out, 'class-1-frames.png'))).toEqual([56, 3 * 56 + 2 * 2, 3]);
    const gif = await readFile(join(out, 'class-1.gif'));
    expect(gif.subarray(0, 6).toString('latin1')).toBe('GIF89a');
    expect(gif.readUInt16LE(6)).toBe(56);
    const summary = JSON.parse(await readFile(join(out, 'visualize.json'), 'utf8'));
    expect(summary.regime).toBe('score-only');
    expect(summary.history).toHaveLength(6);
    // Gradient ascent on the class logit raises it.
    expect(summary.history[5]).toBeGreaterThan(summary.history[0]);
  });

  it("visualize --regime code optimises the shipped generator's code and writes digits from it", async () => {
    const out = await tempDir();
    const run = await runCli(
      'visualize',
      'mnist',
      '--class',
      '4',
      '--regime',
      'code',
      '--steps',
      '5',
      '--frames',
      '5',
      '--scale',
      '1',
      '-o',
      out,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(await decodes(join(out, 'class-4.png'))).toEqual([28, 28, 3]);
    expect(await decodes(join(out, 'class-4-frames.png'))).toEqual([28, 5 * 28 + 4 * 2, 3]);
    const summary = JSON.parse(await readFile(join(out, 'visualize.json'), 'utf8'));
    expect(summary.regime).toBe('code-space');
    expect(summary.history).toHaveLength(5);
  });

  it('prototypes selects per class on a model layer and writes a gallery and JSON', async () => {
    const out = await tempDir();
    const run = await runCli(
      'prototypes',
      'mnist',
      '--data',
      'mnist-samples:200',
      '--layer',
      'dense1',
      '--per-class',
      '--prototypes',
      '3',
      '--criticisms',
      '2',
      '-o',
      out,
      '--workers',
      '1',
      '--batch-size',
      '64',
      '--json',
    );
    expect(run.code).toBe(0);
    const json = JSON.parse(await readFile(join(out, 'prototypes.json'), 'utf8'));
    expect(json.layer).toBe('dense1');
    // mnist-samples:200 takes the classes in turn: 20 digits of each of the 10.
    expect(json.perClass.map((g: { label: number }) => g.label)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const g of json.perClass) {
      expect(g.prototypes).toHaveLength(3);
      expect(g.criticisms).toHaveLength(2);
      for (const e of [...g.prototypes, ...g.criticisms]) expect(e.label).toBe(g.label);
    }
    // Ten rows (classes) of 3 + gap + 2 tiles of 28·2 + 2·2 border pixels, 4 px gaps.
    expect(await decodes(join(out, 'gallery.png'))).toEqual([10 * 60 + 11 * 4, 6 * 60 + 7 * 4, 3]);
    expect(JSON.parse(run.stdout).result.files).toHaveLength(2);
  });

  it('prototypes works on raw pixels without a model', async () => {
    const out = await tempDir();
    const run = await runCli(
      'prototypes',
      '--data',
      'mnist-samples:30',
      '--prototypes',
      '4',
      '--criticisms',
      '1',
      '-o',
      out,
      '--workers',
      '1',
    );
    expect(run.code).toBe(0);
    const json = JSON.parse(await readFile(join(out, 'prototypes.json'), 'utf8'));
    expect(json.layer).toBeNull();
    expect(new Set(json.prototypes.map((p: { index: number }) => p.index)).size).toBe(4);
    expect(await decodes(join(out, 'gallery.png'))).toEqual([60 + 8, 6 * 60 + 7 * 4, 3]);
  });

  it('backends lists cpu as available and says why others are not', async () => {
    const run = await runCli('backends', '--json');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout).result as { name: string; available: boolean; reason?: string }[];
    expect(rows.find((r) => r.name === 'cpu')?.available).toBe(true);
    expect(rows.map((r) => r.name).sort()).toEqual(['cpu', 'tensorflow', 'wasm', 'webgpu']);
    for (const r of rows) if (!r.available) expect(r.reason).toMatch(/\w+/);
    expect(rows.find((r) => r.name === 'wasm')).toMatchObject({ capabilities: { simd: true, threads: 1 } });
  });
});
