import * as tf from '@tensorflow/tfjs';

/** The ink segmenter's logit slope: class 1's logit is SLOPE · (x − THRESHOLD), class 0's is 0. */
export const INK_SLOPE = 10;
export const INK_THRESHOLD = 0.3;

/**
 * A two-class segmentation model with closed-form answers, as the files `model.save` writes: input
 * [N, 28, 28, 1], output [N, 28, 28, 2] softmax where class 1 ("ink") wins exactly where a pixel exceeds
 * INK_THRESHOLD. A 1×1 convolution, so the gradient of class 1's logit summed over a region is INK_SLOPE on
 * the region's pixels and 0 elsewhere.
 */
export async function inkSegmenterFiles(): Promise<{ modelJson: string; weights: Buffer }> {
  const model = tf.sequential();
  model.add(
    tf.layers.conv2d({
      inputShape: [28, 28, 1],
      filters: 2,
      kernelSize: 1,
      activation: 'softmax',
      name: 'ink',
      weights: [tf.tensor4d([0, INK_SLOPE], [1, 1, 1, 2]), tf.tensor1d([0, -INK_SLOPE * INK_THRESHOLD])],
    }),
  );
  let files: { modelJson: string; weights: Buffer } | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const { weightData, weightSpecs, ...rest } = artifacts;
      const manifest = [{ paths: ['weights.bin'], weights: weightSpecs ?? [] }];
      files = {
        modelJson: JSON.stringify({ ...rest, weightsManifest: manifest }),
        weights: Buffer.from(weightData as ArrayBuffer),
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  if (!files) throw new Error('model.save wrote nothing');
  return files;
}
