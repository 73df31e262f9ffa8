/** The Node builtins Loupe's packages use, loaded without a static import so browser bundles stay clean. */
export interface NodeBuiltins {
  module: ReturnType<typeof process.getBuiltinModule<'node:module'>>;
  path: ReturnType<typeof process.getBuiltinModule<'node:path'>>;
  fs: ReturnType<typeof process.getBuiltinModule<'node:fs'>>;
  url: ReturnType<typeof process.getBuiltinModule<'node:url'>>;
  os: ReturnType<typeof process.getBuiltinModule<'node:os'>>;
  workerThreads: ReturnType<typeof process.getBuiltinModule<'node:worker_threads'>>;
}

/** True when running under Node.js (not a browser, not a web worker). */
export function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/**
 * Node's builtins through `process.getBuiltinModule` (Node ≥ 20.16), or undefined outside Node. A bundler
 * never sees an `import 'node:…'`, so browser builds need no shims.
 */
export function nodeBuiltins(): NodeBuiltins | undefined {
  if (!isNode() || typeof process.getBuiltinModule !== 'function') return undefined;
  return {
    module: process.getBuiltinModule('node:module'),
    path: process.getBuiltinModule('node:path'),
    fs: process.getBuiltinModule('node:fs'),
    url: process.getBuiltinModule('node:url'),
    os: process.getBuiltinModule('node:os'),
    workerThreads: process.getBuiltinModule('node:worker_threads'),
  };
}
