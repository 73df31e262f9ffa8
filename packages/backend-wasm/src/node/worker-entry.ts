import { fileURLToPath } from 'node:url';

/** How to start a pool worker: the script, and the data it needs. */
export interface WorkerEntry {
  url: URL;
  workerData?: { entry: string; tsconfig: string };
}

/**
 * The worker script next to this module: `pool-worker.js` in a built package; when this module runs from
 * its TypeScript source (vitest, tsx), a bootstrap that runs `pool-worker.ts` through tsx against the
 * workspace's sources, so the main thread and the workers never run different versions of core.
 */
export function workerEntry(): WorkerEntry {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { url: new URL('./pool-worker.js', here) };
  return {
    url: new URL('../../scripts/source-worker.mjs', here),
    workerData: {
      entry: new URL('./pool-worker.ts', here).href,
      tsconfig: fileURLToPath(new URL('../../scripts/tsconfig.source-worker.json', here)),
    },
  };
}
