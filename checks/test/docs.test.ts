// Issue 17, item 3: the design lives in the repository (docs/), every relative link in the docs and READMEs
// resolves, nothing points at a design document outside the repository, and the API reference (TypeDoc,
// `pnpm docs`) builds from the types without a single warning.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/readme.js';

/** The repository's Markdown that users read: root files, docs/, and every package's and app's README. */
function markdownFiles(): string[] {
  const files = ['README.md', 'CONTRIBUTING.md', 'BENCHMARKS.md'];
  for (const f of readdirSync(join(REPO_ROOT, 'docs'))) if (f.endsWith('.md')) files.push(join('docs', f));
  for (const group of ['packages', 'apps'])
    for (const dir of readdirSync(join(REPO_ROOT, group)))
      if (existsSync(join(REPO_ROOT, group, dir, 'README.md'))) files.push(join(group, dir, 'README.md'));
  return files;
}

describe('docs (issue 17.3)', () => {
  it('docs/ holds the architecture, the explanation graph, the plugin contracts and the backends', () => {
    for (const page of [
      'README.md',
      'architecture.md',
      'explanation-graph.md',
      'plugin-contracts.md',
      'backends.md',
    ])
      expect(existsSync(join(REPO_ROOT, 'docs', page)), page).toBe(true);
  });

  it('every relative link in the Markdown resolves, and none leaves the repository', () => {
    const broken: string[] = [];
    for (const file of markdownFiles()) {
      const text = readFileSync(join(REPO_ROOT, file), 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target) || target.startsWith('#')) continue;
        const path = join(REPO_ROOT, dirname(file), target.split('#')[0]);
        if (!path.startsWith(REPO_ROOT) || (!existsSync(path) && !path.includes(join('docs', 'api'))))
          broken.push(`${file}: ${target}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('no README or shipped doc comment refers to a DESIGN.md outside the repository', () => {
    // git grep exits 1 when nothing matches.
    const grep = spawnSync('git', ['grep', '-l', 'DESIGN\\.md', '--', 'packages/*/src', '*.md'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    expect(grep.stdout).toBe('');
    expect(grep.status).toBe(1);
  });

  it('pnpm docs builds the API reference with no warning', () => {
    const out = mkdtempSync(join(tmpdir(), 'loupe-api-'));
    try {
      // typedoc.json sets treatWarningsAsErrors: a warning fails the run (non-zero exit).
      const log = execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'typedoc'), ['--out', out], {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(log).not.toMatch(/\[warning\]|\[error\]/);
      expect(existsSync(join(out, 'modules', '_loupe_core.html'))).toBe(true);
      expect(existsSync(join(out, 'modules', '_loupe_testing.vitest.html'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
