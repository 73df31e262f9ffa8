import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The playground package's folder. */
export const APP_DIR = fileURLToPath(new URL('../../', import.meta.url));
const REPO = join(APP_DIR, '../..');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds the app unless dist/ is newer than every source it bundles (the playground, and every
 * workspace package's src/ and assets/), so repeated test runs skip the minute-long build.
 */
export function ensureFreshBuild(): void {
  const built = join(APP_DIR, 'dist/index.html');
  const sources = [
    join(APP_DIR, 'src'),
    join(APP_DIR, 'index.html'),
    join(APP_DIR, 'vite.config.ts'),
    join(APP_DIR, 'build'),
  ];
  for (const pkg of readdirSync(join(REPO, 'packages'))) {
    for (const sub of ['src', 'assets']) {
      const dir = join(REPO, 'packages', pkg, sub);
      if (existsSync(dir)) sources.push(dir);
    }
  }
  const newest = Math.max(
    ...sources.map((s) => (statSync(s).isDirectory() ? newestMtime(s) : statSync(s).mtimeMs)),
  );
  if (existsSync(built) && statSync(built).mtimeMs > newest) return;
  execFileSync(join(APP_DIR, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], {
    cwd: APP_DIR,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
