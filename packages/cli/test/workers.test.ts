import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { listFiles, runCli, tempDir } from './helpers/run-cli.js';

describe('worker threads', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('explain: --workers 2 writes exactly the files and values of --workers 1', async () => {
    const one = await tempDir();
    const two = await tempDir();
    const args = [
      'explain',
      'mnist',
      'mnist-samples:4',
      '-m',
      'saliency,smoothgrad',
      '--opt',
      'samples=2',
      '--format',
      'json,png',
      '--batch-size',
      '2',
    ];
    const runs = [
      await runCli(...args, '-o', one, '--workers', '1'),
      await runCli(...args, '-o', two, '--workers', '2'),
    ];
    expect(runs.map((r) => r.stderr)).toEqual(['', '']);
    expect(runs.map((r) => r.code)).toEqual([0, 0]);
    const files = await listFiles(one);
    expect(files).toHaveLength(4 * 2 * 2);
    expect(await listFiles(two)).toEqual(files);
    // Everything but the wall-clock time the method took is identical, bit for bit.
    const withoutTime = (text: string) => {
      const json = JSON.parse(text);
      delete json.meta.millis;
      return json;
    };
    for (const file of files) {
      const [a, b] = [await readFile(join(one, file)), await readFile(join(two, file))];
      if (file.endsWith('.png')) expect(b, file).toEqual(a);
      else expect(withoutTime(b.toString('utf8')), file).toEqual(withoutTime(a.toString('utf8')));
    }
  });

  it('evaluate: --workers 2 gives the same table as --workers 1', async () => {
    const dir = await tempDir();
    const args = [
      'evaluate',
      'mnist',
      '--data',
      'mnist-samples:6',
      '-m',
      'saliency',
      '--metrics',
      'deletion,infidelity',
      '--metric-opt',
      'steps=8',
      '--metric-opt',
      'samples=3',
      '--batch-size',
      '3',
      '--seed',
      '1',
    ];
    const codes = [
      (await runCli(...args, '-o', join(dir, 'one.md'), '--workers', '1')).code,
      (await runCli(...args, '-o', join(dir, 'two.md'), '--workers', '2')).code,
    ];
    expect(codes).toEqual([0, 0]);
    const strip = (t: { cells: { millis?: number }[] }) => ({
      ...t,
      cells: t.cells.map(({ millis: _m, ...c }) => c),
    });
    const one = JSON.parse(await readFile(join(dir, 'one.json'), 'utf8'));
    const two = JSON.parse(await readFile(join(dir, 'two.json'), 'utf8'));
    expect(one.examples).toBe(6);
    expect(strip(two)).toEqual(strip(one));
  });
});
