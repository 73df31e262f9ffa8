/**
 * Node-only helpers of Loupe: load and save tfjs models on disk without tfjs-node, and turn
 * PNG/JPEG bytes into tensors and back. Import as `@loupe/core/node`; never from browser code.
 */
export { fileSystemModelHandler, WEIGHTS_FILE_NAME } from './model-handler.js';
