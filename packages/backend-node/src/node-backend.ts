import {
  type BackendAvailability,
  type BackendPlugin,
  BackendUnavailableError,
  nodeBuiltins,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import { locateTfjsNode, TFJS_NODE_INSTALL, TFJS_NODE_PACKAGE } from './locate-tfjs-node.js';

/** The tfjs backend name `@tensorflow/tfjs-node` registers. */
export const TFJS_NODE_BACKEND = 'tensorflow';

/** Options of {@link createNodeBackend}. */
export interface NodeBackendOptions {
  /** Rank in `useBackend('auto')`. Default 300 (below webgpu 400, above wasm 200). */
  priority?: number;
}

let loading: Promise<BackendAvailability> | undefined;

/**
 * Imports tfjs-node once. Its import registers the 'tensorflow' backend and makes it active, so the
 * previously active backend is restored: probing must not switch backends.
 */
function loadTfjsNode(): Promise<BackendAvailability> {
  loading ??= (async (): Promise<BackendAvailability> => {
    const location = locateTfjsNode();
    if ('reason' in location) return { available: false, reason: location.reason };
    const node = nodeBuiltins()!;
    const before = tf.getBackend();
    try {
      await import(node.url.pathToFileURL(location.entry).href);
    } catch (err) {
      return {
        available: false,
        reason: `${TFJS_NODE_PACKAGE} is installed but failed to load (${(err as Error).message}). Its native binding comes from an install script that downloads libtensorflow; rerun it with internet access (\`pnpm rebuild ${TFJS_NODE_PACKAGE}\`) or reinstall with \`${TFJS_NODE_INSTALL}\`.`,
      };
    }
    if (before && tf.getBackend() !== before) await tf.setBackend(before);
    if (!tf.findBackendFactory(TFJS_NODE_BACKEND)) {
      return {
        available: false,
        reason: `${TFJS_NODE_PACKAGE} loaded but registered no "${TFJS_NODE_BACKEND}" backend; install a version matching @tensorflow/tfjs 4.22 (\`${TFJS_NODE_INSTALL}@4.22.0\`).`,
      };
    }
    return { available: true };
  })();
  return loading;
}

/**
 * A backend plugin for `@tensorflow/tfjs-node` (TensorFlow's C library through N-API; name `'tensorflow'`).
 * tfjs-node is an optional peer: when it is absent the plugin reports why and the install command.
 * Creating the plugin loads nothing.
 */
export function createNodeBackend(options: NodeBackendOptions = {}): BackendPlugin {
  return {
    name: TFJS_NODE_BACKEND,
    priority: options.priority ?? 300,
    label: 'Node (libtensorflow)',
    isAvailable: loadTfjsNode,
    async setup(): Promise<void> {
      const availability = await loadTfjsNode();
      if (!availability.available)
        throw new BackendUnavailableError(availability.reason ?? 'tfjs-node unavailable');
    },
  };
}

/** The tfjs-node backend with default options; register it with `registerBackend(nodeBackend)`. */
export const nodeBackend: BackendPlugin = createNodeBackend();
