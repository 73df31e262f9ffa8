import * as tf from '@tensorflow/tfjs-core';
import { loadWasmModule } from './wasm-module.js';

/**
 * Kernels that tfjs-core's gradient functions dispatch only in backward passes (conv, depthwise conv,
 * pooling, resize, ELU, LRN). A backend without one of them fails `tf.grad` through the matching layer.
 */
export const GRADIENT_KERNELS = [
  'Conv2DBackpropInput',
  'Conv2DBackpropFilter',
  'Conv3DBackpropInputV2',
  'Conv3DBackpropFilterV2',
  'DepthwiseConv2dNativeBackpropInput',
  'DepthwiseConv2dNativeBackpropFilter',
  'Dilation2DBackpropInput',
  'Dilation2DBackpropFilter',
  'MaxPoolGrad',
  'AvgPoolGrad',
  'MaxPool3DGrad',
  'AvgPool3DGrad',
  'ResizeBilinearGrad',
  'ResizeNearestNeighborGrad',
  'EluGrad',
  'LRNGrad',
] as const;

/**
 * Which of `kernels` (default {@link GRADIENT_KERNELS}) the tfjs wasm backend does not implement, in the
 * order given. With tfjs 4.22 this is `Conv2DBackpropFilter`, `DepthwiseConv2dNativeBackpropInput`,
 * `DepthwiseConv2dNativeBackpropFilter` and the `Dilation2D` gradients. Core uses it to keep weight gradients
 * out of explanation graphs and to express the missing input gradients with kernels wasm has.
 *
 * Loads `@tensorflow/tfjs-backend-wasm` (which registers its kernels with tfjs) but does not initialise or
 * activate the backend.
 */
export async function missingWasmKernels(kernels: readonly string[] = GRADIENT_KERNELS): Promise<string[]> {
  await loadWasmModule();
  return kernels.filter((name) => tf.getKernel(name, 'wasm') === undefined);
}
