import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ExplainerPlugin } from '@loupe/core';
import { afterAll, describe, expect, it } from 'vitest';
import { runExplainerConformance } from '../src/vitest/index.js';

// Generate a method package with the scaffolding command inside this package (so its imports resolve to
// this package's dependencies), then run the conformance suite on what it generated.
const here = fileURLToPath(new URL('.', import.meta.url));
const out = join(here, '..', '.scaffold-check');
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [
  join(here, '..', '..', '..', 'scripts', 'new-method.mjs'),
  'edge-gradient',
  '--out',
  out,
]);
const generated = (await import(join(out, 'src', 'index.ts'))) as {
  edgeGradientExplainer: ExplainerPlugin<never>;
};

afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('pnpm new:method', () => {
  it('writes a publishable package with a test, README and changeset', () => {
    const pkg = JSON.parse(readFileSync(join(out, 'package.json'), 'utf8'));
    expect(pkg.name).toBe('@loupe/methods-edge-gradient');
    expect(pkg.exports['.'].types).toBe('./dist/index.d.ts');
    for (const f of ['README.md', 'test/conformance.test.ts', 'tsconfig.json', 'new-method-edge-gradient.md'])
      expect(existsSync(join(out, f)), f).toBe(true);
  });
});

runExplainerConformance(generated.edgeGradientExplainer);
