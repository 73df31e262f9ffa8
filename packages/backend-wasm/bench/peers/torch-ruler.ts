// The PyTorch side of bench:peers: finds torch_baseline.py and runs it with Debian's python3.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PYTHON = '/usr/bin/python3';
export const INSTALL_HINT = 'apt-get install -y python3-torch python3-torchvision';

/**
 * The ruler script: $LOUPE_TORCH_BASELINE, else the project's shared copy (`shared/peers/torch_baseline.py`
 * in a folder above this checkout), else the copy next to this file (the same script, kept for checkouts
 * without the shared folder).
 */
export function rulerScript(): string {
  const fromEnv = process.env.LOUPE_TORCH_BASELINE;
  if (fromEnv) return resolve(fromEnv);
  const here = dirname(fileURLToPath(import.meta.url));
  for (let dir = here; dir !== dirname(dir); dir = dirname(dir)) {
    const shared = join(dir, 'shared', 'peers', 'torch_baseline.py');
    if (existsSync(shared)) return shared;
  }
  return join(here, 'torch_baseline.py');
}

/** Null when python3 can import torch and torchvision, else why not. */
export function torchMissing(): string | null {
  if (!existsSync(PYTHON)) return `${PYTHON} is not installed`;
  const probe = spawnSync(PYTHON, ['-c', 'import torch, torchvision'], { encoding: 'utf8' });
  return probe.status === 0 ? null : (probe.stderr.trim().split('\n').pop() ?? 'import failed');
}

/** Runs one case of the ruler (`mnist-ig50` or `mobilenet`) with `repeats` timed runs; median seconds by key. */
export function runRuler(
  script: string,
  which: 'mnist-ig50' | 'mobilenet',
  repeats: number,
): Record<string, number> {
  const run = spawnSync(PYTHON, [script, which, String(repeats)], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`torch_baseline.py ${which} failed: ${run.stderr.trim()}`);
  return JSON.parse(run.stdout.trim().split('\n').pop() as string) as Record<string, number>;
}
