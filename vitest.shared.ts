// Shared vitest settings: workspace packages resolve to their TypeScript sources, so tests never
// run against a stale build, and tfjs-heavy suites get generous timeouts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UserConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

type ExportTarget = string | { [condition: string]: ExportTarget } | null;

/** The file an `exports` entry gives under `conditions` (then 'import' and 'default'); types are skipped. */
function pick(target: ExportTarget, conditions: readonly string[]): string | null {
  if (target === null || typeof target === 'string') return target;
  for (const condition of [...conditions, 'import', 'default']) {
    if (condition in target) {
      const found = pick(target[condition], conditions);
      if (found) return found;
    }
  }
  return null;
}

const escapeRegExp = (text: string) => text.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&');

/**
 * Aliases from every workspace package's names to its sources: each `exports` entry, chosen under
 * `conditions` (e.g. ['node'] for tests, ['browser'] for the playground's Vite build), maps
 * `./dist/<file>.js` to `src/<file>.ts`; other subpaths fall back to `src/<subpath>/index.ts`.
 */
export function workspaceAliases(
  conditions: readonly string[] = ['node'],
): { find: RegExp; replacement: string }[] {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const group of ['packages', 'apps']) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const dir of readdirSync(groupDir)) {
      const pkgFile = join(groupDir, dir, 'package.json');
      const src = join(groupDir, dir, 'src');
      if (!existsSync(pkgFile) || !existsSync(join(src, 'index.ts'))) continue;
      const pkg = JSON.parse(readFileSync(pkgFile, 'utf8')) as {
        name: string;
        exports?: Record<string, ExportTarget>;
      };
      const name = escapeRegExp(pkg.name);
      for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
        const file = pick(target, conditions)?.match(/^\.\/dist\/(.+)\.js$/)?.[1];
        if (!file || !existsSync(join(src, `${file}.ts`))) continue;
        const suffix = subpath === '.' ? '' : escapeRegExp(subpath.slice(1));
        aliases.push({ find: new RegExp(`^${name}${suffix}$`), replacement: join(src, `${file}.ts`) });
      }
      aliases.push({ find: new RegExp(`^${name}$`), replacement: join(src, 'index.ts') });
      aliases.push({ find: new RegExp(`^${name}/(.+)$`), replacement: `${src}/$1/index.ts` });
    }
  }
  return aliases;
}

/** Base config every package's vitest.config.ts spreads (tests run in Node: the "node" export condition). */
export const sharedConfig: UserConfig = {
  resolve: { alias: workspaceAliases(['node']) },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    poolOptions: { forks: { singleFork: false, maxForks: 2 } },
  },
};
