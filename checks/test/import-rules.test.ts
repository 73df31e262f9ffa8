// Issue 17, item 10: Loupe's packages import the tfjs pieces they use, never the @tensorflow/tfjs umbrella
// (which would put tfjs-data and the webgl backend in every app's bundle), and declare exactly those pieces as
// peer dependencies. The embed bundle is the exception: it ships tfjs whole, on purpose. Biome's
// noRestrictedImports says the same in editors; this runs in `pnpm test`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/readme.js';

const PIECES = ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-converter'];
const EXEMPT = new Set(['packages/ui-components/src/embed.ts']);

function sources(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f))
    .filter((f) => !EXEMPT.has(f));
}

describe('tfjs imports (issue 17.10)', () => {
  for (const pkg of readdirSync(join(REPO_ROOT, 'packages'))) {
    it(`${pkg}: no umbrella import in src/, and the pieces it imports are its peers`, () => {
      const files = sources(join('packages', pkg, 'src'));
      const text = files.map((f) => readFileSync(join(REPO_ROOT, f), 'utf8')).join('\n');
      const umbrella = files.filter((f) =>
        /from '@tensorflow\/tfjs'/.test(readFileSync(join(REPO_ROOT, f), 'utf8')),
      );
      expect(umbrella).toEqual([]);
      const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'packages', pkg, 'package.json'), 'utf8')) as {
        peerDependencies?: Record<string, string>;
      };
      const peers = Object.keys(manifest.peerDependencies ?? {});
      expect(peers).not.toContain('@tensorflow/tfjs');
      const imported = PIECES.filter((p) => text.includes(`'${p}'`));
      expect(peers.filter((p) => PIECES.includes(p)).sort()).toEqual(imported.sort());
    });
  }
});
