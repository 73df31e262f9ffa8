// Shared vitest settings: workspace packages resolve to their TypeScript sources, so tests never
// run against a stale build, and tfjs-heavy suites get generous timeouts.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { UserConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

function workspaceAliases(): { find: RegExp; replacement: string }[] {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const group of ['packages', 'apps']) {
    const groupDir = join(root, group);
    if (!existsSync(groupDir)) continue;
    for (const dir of readdirSync(groupDir)) {
      const pkgFile = join(groupDir, dir, 'package.json');
      const src = join(groupDir, dir, 'src');
      if (!existsSync(pkgFile) || !existsSync(join(src, 'index.ts'))) continue;
      const name = (JSON.parse(readFileSync(pkgFile, 'utf8')) as { name: string }).name;
      const escaped = name.replace(/[/\\^$*+?.()|[\]{}]/g, '\\$&');
      aliases.push({ find: new RegExp(`^${escaped}$`), replacement: join(src, 'index.ts') });
      aliases.push({ find: new RegExp(`^${escaped}/(.+)$`), replacement: `${src}/$1/index.ts` });
    }
  }
  return aliases;
}

/** Base config every package's vitest.config.ts spreads. */
export const sharedConfig: UserConfig = {
  resolve: { alias: workspaceAliases() },
  test: {
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    poolOptions: { forks: { singleFork: false, maxForks: 2 } },
  },
};
