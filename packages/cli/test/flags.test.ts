// Issue 17, item 8: --version; --json and --quiet in every subcommand's help; --backend takes what
// `loupe backends` lists (default auto); --quiet silences backend messages; mnist-samples:N spans the
// classes; dark-on-light images are inverted for MNIST-style models unless --no-invert.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type BackendPlugin, registerBackend, unregisterBackend } from '@loupe/core';
import { encodePng } from '@loupe/core/node';
import { loadMnistSamples } from '@loupe/models';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadBatch, resolveData } from '../src/input/dataset.js';
import { DEFAULT_PREPROCESS } from '../src/input/preprocess.js';
import { runCli, tempDir } from './helpers/run-cli.js';

const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

/** A backend that is cpu under another name and says something when it starts, as real backends do. */
const noisy: BackendPlugin = {
  name: 'noisy-cpu',
  priority: 1,
  isAvailable: async () => ({ available: true }),
  async setup() {
    console.warn('noisy-cpu: starting up');
    if (!tf.findBackendFactory('noisy-cpu')) {
      const cpu = tf.findBackendFactory('cpu');
      if (!cpu) throw new Error('the cpu backend is missing');
      tf.registerBackend('noisy-cpu', cpu);
      for (const kernel of tf.getKernelsForBackend('cpu'))
        tf.registerKernel({ ...kernel, backendName: 'noisy-cpu' });
    }
  },
};

describe('loupe flags (issue 17.8)', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    registerBackend(noisy);
  });
  afterAll(async () => {
    unregisterBackend(noisy.name);
    await tf.setBackend('cpu');
  });

  it('--version prints the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const run = await runCli(flag);
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toBe(pkg.version);
    }
  });

  it("every subcommand's help lists --json and --quiet, and --backend defaults to auto", async () => {
    for (const command of ['explain', 'evaluate', 'visualize', 'prototypes', 'backends']) {
      const run = await runCli(command, '--help');
      expect(run.code, command).toBe(0);
      expect(run.stdout, command).toMatch(/--json/);
      expect(run.stdout, command).toMatch(/--quiet/);
      if (command !== 'backends')
        expect(run.stdout, command).toMatch(/--backend <name>[\s\S]*default: "auto"/);
    }
  });

  it('--backend accepts every name `loupe backends` lists (and node for tensorflow)', async () => {
    const listed = JSON.parse((await runCli('backends', '--json')).stdout).result as { name: string }[];
    const names = listed.map((b) => b.name);
    expect(names).toEqual(expect.arrayContaining(['cpu', 'wasm', 'webgpu', 'tensorflow', 'noisy-cpu']));
    for (const name of [...names, 'auto', 'node']) {
      // --help after the value: parsing stops there, so only the value's validation runs.
      const run = await runCli('explain', 'mnist', 'x.png', '-m', 'saliency', '--backend', name, '--help');
      expect(run.code, name).toBe(0);
    }
    const bad = await runCli('explain', 'mnist', 'x.png', '-m', 'saliency', '--backend', 'cuda');
    expect(bad.code).toBe(2);
  });

  it('--quiet silences what backends print; without it their messages come through', async () => {
    const out = await tempDir();
    const warn = vi.spyOn(console, 'warn');
    try {
      const args = ['explain', 'mnist', 'mnist-samples:1', '-m', 'saliency', '--format', 'json', '-o', out];
      const quiet = await runCli(...args, '--backend', 'noisy-cpu', '--workers', '1');
      expect(quiet.code).toBe(0);
      expect(warn).not.toHaveBeenCalled();
      await tf.setBackend('cpu');
      // runCli always adds --quiet; call main directly to run without it.
      const { main } = await import('../src/main.js');
      const code = await main([...args, '--backend', 'noisy-cpu', '--workers', '1', '--json'], {
        stdout: () => {},
        stderr: () => {},
      });
      expect(code).toBe(0);
      expect(warn).toHaveBeenCalledWith('noisy-cpu: starting up');
    } finally {
      warn.mockRestore();
      await tf.setBackend('cpu');
    }
  });

  it('mnist-samples:N takes the classes in turn, so any N spans them evenly', async () => {
    const spec = await resolveData(['mnist-samples:20']);
    const batch = await loadBatch(spec, 0, 20, { size: null, channels: 1 }, DEFAULT_PREPROCESS);
    expect(batch.labels).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(batch.names.slice(0, 3)).toEqual(['mnist-samples#0', 'mnist-samples#100', 'mnist-samples#200']);
    expect(batch.inverted.every((v) => !v)).toBe(true); // MNIST digits are light on dark already
    batch.dispose();
  });

  it('inverts a dark-on-light digit for the MNIST model by default, and not with --no-invert', async () => {
    const dir = await tempDir();
    const { images, labels } = await loadMnistSamples({ count: 400 });
    const index = labels.indexOf(3);
    const digit = tf.slice(images, [index, 0, 0, 0], [1, -1, -1, -1]);
    const paper = tf.sub(1, digit); // black ink on white paper
    await writeFile(join(dir, 'light.png'), await encodePng(paper));
    await writeFile(join(dir, 'dark.png'), await encodePng(digit));
    tf.dispose([images, digit, paper]);
    const explainOne = async (file: string, ...extra: string[]) => {
      const out = await tempDir();
      const run = await runCli(
        'explain',
        'mnist',
        join(dir, file),
        '-m',
        'saliency',
        '--target',
        '3',
        '--format',
        'json',
        '-o',
        out,
        '--workers',
        '1',
        '--json',
        ...extra,
      );
      expect(run.code).toBe(0);
      const stem = file.replace('.png', '');
      const values = JSON.parse(await readFile(join(out, `${stem}.saliency.json`), 'utf8'))
        .values as number[];
      return { inverted: JSON.parse(run.stdout).result[0].inverted as boolean, values };
    };
    const reference = await explainOne('dark.png');
    const auto = await explainOne('light.png');
    const forcedOff = await explainOne('light.png', '--no-invert');
    const forcedOn = await explainOne('dark.png', '--invert');
    expect([reference.inverted, auto.inverted, forcedOff.inverted, forcedOn.inverted]).toEqual([
      false,
      true,
      false,
      true,
    ]);
    // 8-bit PNG pixels k/255 invert exactly, so the detected inversion recovers the original input.
    const worst = Math.max(...auto.values.map((v, i) => Math.abs(v - reference.values[i])));
    expect(worst).toBeLessThan(1e-5 * Math.max(...reference.values.map(Math.abs)));
    expect(forcedOff.values).not.toEqual(reference.values);
  });
});
