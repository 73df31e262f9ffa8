import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSystemModelHandler } from '@loupe/core/node';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { abortOnInterrupt } from '../src/interrupt.js';
import { listFiles, runCli, spawnCli, tempDir, waitForFile, writeDigits } from './helpers/run-cli.js';

/** A model without any convolution: Grad-CAM cannot explain it, saliency can. */
async function saveDenseModel(dir: string): Promise<string> {
  const model = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [8, 8, 1] }),
      tf.layers.dense({
        units: 4,
        activation: 'softmax',
        kernelInitializer: tf.initializers.randomUniform({ minval: -1, maxval: 1, seed: 4 }),
      }),
    ],
  });
  const path = join(dir, 'dense', 'model.json');
  await model.save(fileSystemModelHandler(path));
  model.dispose();
  return path;
}

describe('issue 16 item 8: CLI stuck', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('an output path that cannot be written is exit 2 before any work, and nothing is created', async () => {
    const digits = await tempDir();
    await writeDigits(digits, [3]);
    const started = performance.now();
    const proc = await runCli(
      'explain',
      'mnist',
      digits,
      '-m',
      'saliency',
      '-o',
      '/proc/loupe-x',
      '--workers',
      '1',
    );
    expect(proc.code).toBe(2);
    expect(proc.stderr).toMatch(/Cannot write -o \/proc\/loupe-x: \/proc is not writable.*Choose a folder/);
    expect(performance.now() - started).toBeLessThan(5000);
    const file = join(digits, 'digit-3.png');
    const notFolder = await runCli('explain', 'mnist', digits, '-m', 'saliency', '-o', join(file, 'out'));
    expect(notFolder.code).toBe(2);
    expect(notFolder.stderr).toMatch(/is a file, not a folder/);
    const report = await runCli(
      'evaluate',
      'mnist',
      '--data',
      digits,
      '-m',
      'saliency',
      '--metrics',
      'sparseness',
      '--out',
      '/proc/loupe-x/report.md',
    );
    expect(report.code).toBe(2);
    expect(report.stderr).toMatch(/Cannot write --out/);
    expect(await readdir('/proc').then((names) => names.includes('loupe-x'))).toBe(false);
  });

  it('after the first signal, whatever is still pending cannot keep the process past the deadline (143 for SIGTERM)', async () => {
    const exits: number[] = [];
    const interrupt = abortOnInterrupt(undefined, (code) => exits.push(code), 50);
    process.emit('SIGTERM', 'SIGTERM');
    expect(interrupt.signal.aborted).toBe(true);
    expect(interrupt.received()).toBe('SIGTERM');
    // Nothing stops: the deadline exits.
    await new Promise((r) => setTimeout(r, 120));
    expect(exits).toEqual([143]);
    interrupt.dispose();
    const second = abortOnInterrupt(undefined, (code) => exits.push(code), 10_000);
    process.emit('SIGINT', 'SIGINT');
    process.emit('SIGINT', 'SIGINT');
    expect(exits).toEqual([143, 130]);
    second.dispose();
  });

  it('the first SIGTERM ends a running explain within 2 s with exit 143 and no temporary files', async () => {
    const out = await tempDir();
    const run = spawnCli(
      ...['explain', 'mnist', 'mnist-samples:200', '-m', 'integrated-gradients', '--opt', 'steps=64'],
      ...['--format', 'json', '--batch-size', '4', '--workers', '1', '-o', out],
    );
    // Wait until work is under way (the first chunk's files exist).
    await waitForFile(out, '.json', 90_000);
    const signalled = performance.now();
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(143);
    expect(performance.now() - signalled).toBeLessThan(2000);
    expect(run.stderr()).toMatch(/interrupted; no partial files were left/);
    const names = await readdir(out);
    expect(names.filter((n) => n.startsWith('.'))).toEqual([]);
    for (const name of names)
      expect(JSON.parse(await readFile(join(out, name), 'utf8')).values).toHaveLength(784);
  });
});

describe('issue 16 item 9: one failure throws away the rest', () => {
  let digits: string;
  let model: string;
  beforeAll(async () => {
    await tf.setBackend('cpu');
    digits = await tempDir();
    await writeDigits(digits, [1, 2]);
    model = await saveDenseModel(await tempDir());
  });

  it('explain writes every method that works, records the one that fails, and exits 1 listing it', async () => {
    const out = await tempDir();
    const run = await runCli(
      'explain',
      model,
      digits,
      '-m',
      'saliency,grad-cam',
      '--format',
      'json',
      '-o',
      out,
      '--workers',
      '1',
      '--json',
    );
    expect(run.code).toBe(1);
    expect(await listFiles(out)).toEqual(['digit-1.saliency.json', 'digit-2.saliency.json']);
    expect(run.stderr).toMatch(/2 of 4 explanation\(s\) failed; the rest was written/);
    expect(run.stderr).toMatch(
      /grad-cam on \S*digit-1\.png, \S*digit-2\.png: OptionError: Grad-CAM's layer 'auto' found no/,
    );
    const listed = JSON.parse(run.stdout).result as { method: string; files: string[]; error?: unknown }[];
    expect(listed.filter((o) => o.error).map((o) => o.method)).toEqual(['grad-cam', 'grad-cam']);
    expect(listed.filter((o) => o.files.length === 1)).toHaveLength(2);
  });

  it('evaluate keeps every other cell, marks the failed one in the report, and exits 1 listing it', async () => {
    const out = await tempDir();
    const report = join(out, 'report.md');
    const run = await runCli(
      'evaluate',
      model,
      '--data',
      digits,
      '-m',
      'saliency,grad-cam',
      '--metrics',
      'sparseness',
      '--out',
      report,
      '--workers',
      '1',
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/1 of 2 method × metric cell\(s\) failed/);
    expect(run.stderr).toMatch(/grad-cam × sparseness: OptionError/);
    const markdown = await readFile(report, 'utf8');
    expect(markdown).toMatch(/\| saliency \| \d\.\d{4} \|/);
    expect(markdown).toMatch(/\| grad-cam \| failed \|/);
    expect(markdown).toMatch(/\*\*failed\*\* grad-cam × sparseness: OptionError/);
    const table = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    expect(table.cells.find((c: { method: string }) => c.method === 'saliency').value).toBeGreaterThan(0);
  });
});
