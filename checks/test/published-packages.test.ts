// Issue 17, item 2: what `pnpm pack` would publish. Every package carries the npm metadata (repository,
// homepage, bugs, keywords, engines, licence) and a CHANGELOG; every source map ships with the sources it
// names; custom-elements.json lists only the public API at shipped paths.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { publishedPackageDirs, sharedMetadata } from '../../scripts/package-metadata.mjs';
import { REPO_ROOT } from '../src/readme.js';

interface PackageJson {
  name: string;
  keywords?: string[];
  [field: string]: unknown;
}

const dirs = publishedPackageDirs();

/** The files `pnpm pack` puts in the tarball of packages/<dir>. */
function packedFiles(dir: string): Set<string> {
  const out = execFileSync('pnpm', ['pack', '--dry-run', '--json'], {
    cwd: join(REPO_ROOT, 'packages', dir),
    encoding: 'utf8',
  });
  return new Set((JSON.parse(out) as { files: { path: string }[] }).files.map((f) => f.path));
}

describe('published packages (issue 17.2)', () => {
  it('covers every package under packages/', () => {
    expect(dirs.length).toBeGreaterThanOrEqual(13);
  });

  for (const dir of dirs) {
    it(`${dir}: metadata, CHANGELOG, and source maps whose sources ship`, () => {
      const pkg = JSON.parse(
        readFileSync(join(REPO_ROOT, 'packages', dir, 'package.json'), 'utf8'),
      ) as PackageJson;
      // `pnpm sync:metadata` writes these from the root package.json.
      expect(pkg).toMatchObject(sharedMetadata(dir));
      expect(pkg.keywords?.length).toBeGreaterThan(2);
      const files = packedFiles(dir);
      expect(files.has('CHANGELOG.md'), `${dir}/CHANGELOG.md (pnpm changeset version)`).toBe(true);
      expect(files.has('README.md')).toBe(true);
      const missing: string[] = [];
      for (const file of files) {
        if (!file.endsWith('.map')) continue;
        const map = JSON.parse(readFileSync(join(REPO_ROOT, 'packages', dir, file), 'utf8')) as {
          sources: string[];
          sourceRoot?: string;
        };
        for (const source of map.sources) {
          const shipped = normalize(join(dirname(file), map.sourceRoot ?? '', source));
          if (!files.has(shipped)) missing.push(`${file} → ${shipped}`);
        }
      }
      expect(missing).toEqual([]);
    });
  }

  it('ui-components: custom-elements.json lists only exported declarations, public members and shipped paths', async () => {
    const dir = join(REPO_ROOT, 'packages', 'ui-components');
    const files = packedFiles('ui-components');
    expect(files.has('custom-elements.json')).toBe(true);
    const manifest = JSON.parse(readFileSync(join(dir, 'custom-elements.json'), 'utf8')) as {
      modules: {
        path: string;
        declarations?: { name: string; kind: string; tagName?: string; members?: { privacy?: string }[] }[];
      }[];
    };
    const exported = new Set(Object.keys(await import('@loupe/ui-components')));
    const { LOUPE_ELEMENTS } = await import('@loupe/ui-components');
    const tags = new Set<string>();
    for (const module of manifest.modules) {
      expect(files.has(module.path), module.path).toBe(true);
      expect(existsSync(join(dir, module.path))).toBe(true);
      for (const d of module.declarations ?? []) {
        expect(exported.has(d.name), `${module.path}: ${d.name} is not exported`).toBe(true);
        const hidden = (d.members ?? []).filter((m) => m.privacy === 'private' || m.privacy === 'protected');
        expect(hidden, `${d.name}'s private members`).toEqual([]);
        if (d.tagName) tags.add(d.tagName);
      }
    }
    expect([...tags].sort()).toEqual(Object.keys(LOUPE_ELEMENTS).sort());
  });
});
