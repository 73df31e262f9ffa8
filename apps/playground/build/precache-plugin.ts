import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Plugin } from 'vite';

const template = readFileSync(new URL('./service-worker.js', import.meta.url), 'utf8');

/**
 * Writes `sw.js` next to index.html with the list of every file of the build, so the service worker
 * can precache exactly what this build emitted (hashed names change with content, and so does the
 * cache version).
 */
export function precacheServiceWorker(): Plugin {
  return {
    name: 'loupe-precache-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const names = Object.keys(bundle).map((name) => `./${name}`);
      const files = [...new Set(['./', './index.html', ...names])].sort();
      const version = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 12);
      const source = template.replace('__VERSION__', version).replace('__PRECACHE__', JSON.stringify(files));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}
