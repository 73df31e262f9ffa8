import type * as tfl from '@tensorflow/tfjs-layers';
import { mnistAssetUrls } from './asset-urls.js';
import { loadShippedLayersModel } from './load-asset.js';
import type { LoadModelOptions } from './mnist-cnn.js';

/** Classes of the MNIST digit segmenter, in output order: background, then the digits 0–9 (class k + 1 = digit k). */
export const segmenterClassNames = ['background', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

/** Classes per output position (11). */
export const SEGMENTER_CLASSES = segmenterClassNames.length;

/**
 * Ink level (pixel value in [0, 1]) from which a pixel belongs to its digit in the segmenter's training truth;
 * fainter pixels are background.
 */
export const SEGMENTER_INK_THRESHOLD = 0.3;

/**
 * Loads the shipped MNIST digit segmenter: input [N, 28, 28, 1] in [0, 1] (white ink on black, as MNIST and
 * `loadMnistCnn`), output [N, 28, 28, 11] per-pixel probabilities of {@link segmenterClassNames} (background,
 * digits 0–9), one position per input pixel, so a region mask over the output is a mask over the image. Layers:
 * `conv1` (3×3, 16, ReLU) → `pool1` → `conv2` (3×3, 32) → `pool2` → `conv3` (3×3, 32; 7×7, the Grad-CAM layer)
 * → `flatten` → `digit_scores` (Dense 11: the whole digit) → `digit_map` → `broadcast` (to 28×28) → `mix_digit`
 * (1×1, 16), added to `mix_pixel` (1×1, 16, on conv1's features) → `mix_relu` → `scores` (1×1, 11) → `softmax`.
 * Explain a region with `target: { region: 'predicted', class }` or `regionTarget(mask, class)` from @loupe/core.
 */
export async function loadMnistSegmenter(options: LoadModelOptions = {}): Promise<tfl.LayersModel> {
  return loadShippedLayersModel(mnistAssetUrls.segmenterModel, mnistAssetUrls.segmenterWeights, options);
}
