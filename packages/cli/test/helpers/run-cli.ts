import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodePng } from '@loupe/core/node';
import { loadMnistSamples } from '@loupe/models';
import * as tf from '@tensorflow/tfjs';
import { main } from '../../src/main.js';

/** Exit status and captured output of one in-process `loupe` run. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Commands with --backend: tests run them on cpu unless a test picks a backend (the default 'auto' would pick
 * WebGPU on SwiftShader, correct but slow). */
const WITH_BACKEND = new Set(['explain', 'evaluate', 'visualize', 'prototypes', 'text']);

/** `--backend cpu` for a command that takes a backend and was not given one. */
function cpuUnlessChosen(argv: readonly string[]): string[] {
  return WITH_BACKEND.has(argv[0]) && !argv.includes('--backend') ? ['--backend', 'cpu'] : [];
}

/** Runs `loupe` in this process (so tfjs loads once for the whole file) and captures its output. */
export async function runCli(...argv: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main([...argv, ...cpuUnlessChosen(argv), '--quiet'], {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
  });
  return { code, stdout, stderr };
}

/** A fresh temporary folder. */
export function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'loupe-cli-'));
}

/** Writes shipped MNIST digits (the first of each of `classes`) as PNG files into `dir`; returns their paths. */
export async function writeDigits(dir: string, classes: readonly number[]): Promise<string[]> {
  const { images, labels } = await loadMnistSamples();
  const { writeFile } = await import('node:fs/promises');
  const paths: string[] = [];
  for (const c of classes) {
    const i = labels.indexOf(c);
    const image = tf.slice(images, [i, 0, 0, 0], [1, -1, -1, -1]);
    const path = join(dir, `digit-${c}.png`);
    await writeFile(path, await encodePng(image));
    image.dispose();
    paths.push(path);
  }
  images.dispose();
  return paths;
}

/** Every file below a folder (relative names, sorted), temporary files included. */
export async function listFiles(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map(String).sort();
}

/** A `loupe` child process (bin/loupe.mjs), for tests that send it signals. */
export interface SpawnedCli {
  child: ChildProcess;
  /** Its stderr so far. */
  stderr(): string;
  /** Resolves to its exit status. */
  exited: Promise<number | null>;
}

/** Starts `loupe` in its own process with the given arguments; stdout is discarded, stderr collected. */
export function spawnCli(...argv: string[]): SpawnedCli {
  const bin = fileURLToPath(new URL('../../bin/loupe.mjs', import.meta.url));
  const child = spawn(process.execPath, [bin, ...argv, ...cpuUnlessChosen(argv)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exited };
}

/** Waits until a file whose name ends with `suffix` appears in `dir`; throws after `timeoutMs`. */
export async function waitForFile(dir: string, suffix: string, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const names = await readdir(dir).catch(() => [] as string[]);
    if (names.some((n) => n.endsWith(suffix))) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`No ${suffix} file appeared in ${dir} within ${timeoutMs} ms.`);
}
