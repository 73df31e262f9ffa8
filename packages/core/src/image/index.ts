/**
 * Image helpers that run everywhere (browser and Node): tensors to and from `ImageData` and
 * canvases, resizing, grayscale, and MNIST-style digit preparation. No DOM access at import time.
 */
export { type CanvasLike, createCanvas, paintImageData, tensorToCanvas } from './canvas.js';
export { gaussianBlur, gaussianBlurMatrix } from './gaussian-blur.js';
export { LUMA_WEIGHTS, toGrayscale } from './grayscale.js';
export { type ImageDataToTensorOptions, imageDataToTensor, tensorToImageData } from './image-data.js';
export { type ImageInput, isImageDataLike, isTensorLike, toImageData } from './image-source.js';
export { type CenterDigitOptions, centerDigit } from './mnist-centering.js';
export { type ImageToModelInputOptions, imageToModelInput } from './model-input.js';
export { prepareMnistInput } from './prepare-mnist-input.js';
export { type ResizeOptions, resizeImage } from './resize.js';
export type { ImageChannels, ImageDataLike } from './types.js';
