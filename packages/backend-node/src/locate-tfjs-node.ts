import { nodeBuiltins } from '@loupe/core';

/** The npm name of TensorFlow.js's libtensorflow binding. */
export const TFJS_NODE_PACKAGE = '@tensorflow/tfjs-node';

/** The command that installs the optional peer, for messages. */
export const TFJS_NODE_INSTALL = `pnpm add ${TFJS_NODE_PACKAGE}`;

/** Where `@tensorflow/tfjs-node` was found, or why not. */
export type TfjsNodeLocation = { entry: string } | { reason: string };

/**
 * Resolves `@tensorflow/tfjs-node` the way Node would from this package (where pnpm links an installed
 * optional peer), then from the current working directory (an app that installed it beside Loupe).
 * Loads nothing.
 */
export function locateTfjsNode(): TfjsNodeLocation {
  const node = nodeBuiltins();
  if (!node) {
    return {
      reason: `${TFJS_NODE_PACKAGE} runs only in Node.js; in browsers use the webgpu or wasm backend.`,
    };
  }
  const bases = [import.meta.url, node.url.pathToFileURL(node.path.join(process.cwd(), 'package.json')).href];
  for (const base of bases) {
    try {
      return { entry: node.module.createRequire(base).resolve(TFJS_NODE_PACKAGE) };
    } catch {
      // not resolvable from this base; try the next
    }
  }
  return {
    reason: `${TFJS_NODE_PACKAGE} is not installed. Install it with \`${TFJS_NODE_INSTALL}\` (or \`npm i ${TFJS_NODE_PACKAGE}\`); its install script downloads libtensorflow (about 100 MB) from storage.googleapis.com, so it needs internet access, and pnpm must allow its build (allowBuilds: '${TFJS_NODE_PACKAGE}': true).`,
  };
}
