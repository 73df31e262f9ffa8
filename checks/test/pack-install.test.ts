// Issue 17, item 2: the packages install as documented. `pnpm pack` makes the tarballs a publish would upload,
// npm installs them into a fresh folder outside the workspace (dependencies from the registry), and the
// README's Node example runs there unchanged.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, readmeBlock } from '../src/readme.js';

/** The packages the README's Node example needs, plus two whose install story this checks. */
const PACKED = ['core', 'methods-gradient', 'models', 'backend-wasm', 'backend-webgpu', 'testing'];

function run(command: string, args: string[], cwd: string): string {
  return execFileSync(command, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 240_000,
  });
}

describe('packed packages installed with npm outside the workspace (issue 17.2)', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'loupe-install-'));
    const tarballs = join(dir, 'tarballs');
    for (const name of PACKED)
      run('pnpm', ['pack', '--pack-destination', tarballs], join(REPO_ROOT, 'packages', name));
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'loupe-user', private: true, type: 'module' }),
    );
    const files = readdirSync(tarballs).map((f) => join(tarballs, f));
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '@tensorflow/tfjs@4.22.0', ...files],
      dir,
    );
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs the README's Node example", () => {
    writeFileSync(join(dir, 'example.mjs'), readmeBlock('node'));
    const out = run(process.execPath, ['example.mjs'], dir);
    expect(out).toMatch(/^backend: wasm$/m);
    expect(out).toMatch(/^digit 0: class 0, completeness error -?\d\.\d(e[+-]\d+)?$/m);
  });

  it('installs no Dawn binaries, and the WebGPU backend says how to add them', () => {
    expect(existsSync(join(dir, 'node_modules', 'webgpu'))).toBe(false);
    const reason = run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const { webgpuBackend } = await import('@loupe/backend-webgpu'); console.log((await webgpuBackend.isAvailable()).reason);",
      ],
      dir,
    );
    expect(reason).toMatch(/optional peer dependency `webgpu`.*npm i webgpu/);
  });

  it('@loupe/testing imports without vitest installed', () => {
    expect(existsSync(join(dir, 'node_modules', 'vitest'))).toBe(false);
    const out = run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const t = await import('@loupe/testing'); console.log(typeof t.finiteDifferenceGradient);",
      ],
      dir,
    );
    expect(out.trim()).toBe('function');
  });
});
