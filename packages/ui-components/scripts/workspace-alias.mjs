// An esbuild plugin that resolves @loupe/* to the packages' TypeScript sources (like vitest.shared.ts),
// so bundles never depend on a stale dist; and stubs Node-only modules that browser code never reaches.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packagesDir = fileURLToPath(new URL('../../', import.meta.url));

function sources() {
  const map = new Map();
  for (const dir of readdirSync(packagesDir)) {
    const pkg = join(packagesDir, dir, 'package.json');
    if (!existsSync(pkg) || !existsSync(join(packagesDir, dir, 'src', 'index.ts'))) continue;
    map.set(JSON.parse(readFileSync(pkg, 'utf8')).name, join(packagesDir, dir, 'src'));
  }
  return map;
}

/** Node-only imports reached only under Node (Emscripten's Node paths): empty in the browser. */
const NODE_ONLY = /^(fs|path|os|crypto|worker_threads|perf_hooks|url|module|node:.*)$/;

export function workspaceAlias() {
  const roots = sources();
  return {
    name: 'loupe-workspace-alias',
    setup(build) {
      build.onResolve({ filter: /^@loupe\// }, (args) => {
        const [scope, name, ...rest] = args.path.split('/');
        const src = roots.get(`${scope}/${name}`);
        if (!src) return undefined;
        return { path: rest.length ? join(src, ...rest, 'index.ts') : join(src, 'index.ts') };
      });
      build.onResolve({ filter: NODE_ONLY }, (args) => ({ path: args.path, namespace: 'node-only' }));
      build.onLoad({ filter: /.*/, namespace: 'node-only' }, () => ({
        contents: 'export default {};',
        loader: 'js',
      }));
    },
  };
}
