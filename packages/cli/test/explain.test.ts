import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderAttribution } from '@loupe/core';
import { decodeImage } from '@loupe/core/node';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeNpy } from '../src/output/npy.js';
import { listFiles, runCli, tempDir, writeDigits } from './helpers/run-cli.js';

describe('loupe explain', () => {
  let digits: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    digits = await tempDir();
    await writeDigits(digits, [3, 7]);
  });

  it('writes a decodable overlay PNG, JSON and .npy per image and method', async () => {
    const out = await tempDir();
    const run = await runCli(
      'explain',
      'mnist',
      digits,
      '-m',
      'saliency,integrated-gradients',
      '--opt',
      'integrated-gradients.steps=8',
      '--format',
      'png,json,npy',
      '-o',
      out,
      '--workers',
      '1',
      '--json',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const files = await listFiles(out);
    const stems = ['digit-3', 'digit-7'].flatMap((d) =>
      ['saliency', 'integrated-gradients'].map((m) => `${d}.${m}`),
    );
    expect(files).toEqual(stems.flatMap((s) => ['json', 'npy', 'png'].map((e) => `${s}.${e}`)).sort());
    for (const stem of stems) {
      const png = decodeImage(await readFile(join(out, `${stem}.png`)));
      expect(png.shape).toEqual([224, 224, 3]);
      png.dispose();
      const json = JSON.parse(await readFile(join(out, `${stem}.json`), 'utf8'));
      expect(json.shape).toEqual([28, 28, 1]);
      expect(json.values).toHaveLength(784);
      expect(json.values.every(Number.isFinite)).toBe(true);
      expect(json.target).toBe(json.predicted);
      const npy = decodeNpy(new Uint8Array(await readFile(join(out, `${stem}.npy`))));
      expect(npy.shape).toEqual([28, 28, 1]);
      expect(Array.from(npy.values)).toEqual(Array.from(Float32Array.from(json.values)));
    }
    // The shipped CNN classifies both digits right, and integrated gradients reports completeness.
    const summary = JSON.parse(run.stdout);
    expect(summary.command).toBe('explain');
    expect(summary.result.map((o: { predicted: number }) => o.predicted)).toEqual([3, 7, 3, 7]);
    const ig = JSON.parse(await readFile(join(out, 'digit-3.integrated-gradients.json'), 'utf8'));
    expect(typeof ig.meta.convergenceDelta).toBe('number');
  });

  it("draws its PNG with core's renderer: the pixels renderAttribution gives for the same view", async () => {
    const out = await tempDir();
    const run = await runCli(
      'explain',
      'mnist',
      join(digits, 'digit-7.png'),
      '-m',
      'saliency',
      '--format',
      'png,json',
      '--view',
      'side-by-side',
      '--sign',
      'positive',
      '--scale',
      '3',
      '-o',
      out,
      '--workers',
      '1',
    );
    expect(run.code).toBe(0);
    const json = JSON.parse(await readFile(join(out, 'digit-7.saliency.json'), 'utf8'));
    const png = PNG.sync.read(await readFile(join(out, 'digit-7.saliency.png')));
    const digit = decodeImage(await readFile(join(digits, 'digit-7.png')), { channels: 1 });
    const expected = await renderAttribution(
      { values: json.values, shape: json.shape },
      { image: digit, mode: 'side-by-side', sign: 'positive', scale: 3 },
    );
    digit.dispose();
    expect([png.width, png.height]).toEqual([expected.width, expected.height]);
    expect(Buffer.from(png.data).equals(Buffer.from(expected.data))).toBe(true);
    const bad = await runCli('explain', 'mnist', digits, '-m', 'saliency', '--view', 'overlay', '-o', out);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--view.*dimmed-blend/s);
  });

  it('leaks no tensors from one run to the next (only the cached model stays)', async () => {
    const out = await tempDir();
    await runCli('explain', 'mnist', digits, '-m', 'saliency', '-o', out, '--workers', '1');
    const before = tf.memory().numTensors;
    const run = await runCli('explain', 'mnist', digits, '-m', 'saliency', '-o', out, '--workers', '1');
    expect(run.code).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('applies preprocessing flags: --invert changes the input and so the map', async () => {
    const out = await tempDir();
    const plain = await runCli(
      'explain',
      'mnist',
      join(digits, 'digit-3.png'),
      '-m',
      'saliency',
      '--format',
      'json',
      '-o',
      join(out, 'a'),
      '--workers',
      '1',
      '--target',
      '3',
    );
    const inverted = await runCli(
      'explain',
      'mnist',
      join(digits, 'digit-3.png'),
      '-m',
      'saliency',
      '--format',
      'json',
      '-o',
      join(out, 'b'),
      '--workers',
      '1',
      '--target',
      '3',
      '--invert',
    );
    expect([plain.code, inverted.code]).toEqual([0, 0]);
    const a = JSON.parse(await readFile(join(out, 'a', 'digit-3.saliency.json'), 'utf8'));
    const b = JSON.parse(await readFile(join(out, 'b', 'digit-3.saliency.json'), 'utf8'));
    expect(a.target).toBe(3);
    expect(b.target).toBe(3);
    expect(a.values).not.toEqual(b.values);
  });
});
