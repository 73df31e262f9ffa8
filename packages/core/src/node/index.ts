/**
 * Node-only helpers of Loupe: load and save tfjs models on disk without tfjs-node, and turn
 * PNG/JPEG bytes into tensors and back. Import as `@loupe/core/node`; never from browser code.
 */
export { type DecodeImageOptions, decodeImage, detectImageFormat, type ImageFormat } from './decode-image.js';
export { encodePng, encodeRgbaPng } from './encode-png.js';
export { fileSystemModelHandler, WEIGHTS_FILE_NAME } from './model-handler.js';
export { readImageFile } from './read-image.js';
export { renderAttributionPng } from './render-png.js';
