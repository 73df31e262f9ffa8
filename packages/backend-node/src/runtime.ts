import type * as NodeModule from 'node:module';
import type * as NodePath from 'node:path';
import type * as NodeFs from 'node:fs';
import type * as NodeUrl from 'node:url';

/** The Node builtins this package needs, loaded without a static import so browser bundles stay clean. */
export interface NodeBuiltins {
  module: typeof NodeModule;
  path: typeof NodePath;
  fs: typeof NodeFs;
  url: typeof NodeUrl;
}

/** True when running under Node.js (not a browser, not a web worker). */
export function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/**
 * Node's builtins through `process.getBuiltinModule` (Node ≥ 20.16), or undefined outside Node. A bundler
 * never sees an `import 'node:…'`, so the browser build needs no shims.
 */
export function nodeBuiltins(): NodeBuiltins | undefined {
  if (!isNode() || typeof process.getBuiltinModule !== 'function') return undefined;
  return {
    module: process.getBuiltinModule('node:module'),
    path: process.getBuiltinModule('node:path'),
    fs: process.getBuiltinModule('node:fs'),
    url: process.getBuiltinModule('node:url'),
  };
}
