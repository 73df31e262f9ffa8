export {
  locateTfjsNode,
  TFJS_NODE_INSTALL,
  TFJS_NODE_PACKAGE,
  type TfjsNodeLocation,
} from './locate-tfjs-node.js';
export {
  createNodeBackend,
  type NodeBackendOptions,
  nodeBackend,
  TFJS_NODE_BACKEND,
} from './node-backend.js';
