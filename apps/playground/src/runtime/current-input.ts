import { resizeImage } from '@loupe/core';
import * as tf from '@tensorflow/tfjs';
import type { ModelSession } from './session.js';

/** The input every tab explains: the picture as shown, and the same values as the model takes them. */
export interface CurrentInput {
  /** [H, W, C] in [0, 1], for display under heatmaps. */
  readonly display: tf.Tensor3D;
  /** [H, W, C] in the model's value range. */
  readonly x: tf.Tensor3D;
  /** Increases with every new input. */
  readonly version: number;
  /** Short description, e.g. "sample 12 (label 7)" or "drawing". */
  readonly description: string;
  /** Where the picture came from: `'drawing'` (the pad), `'sample'`, an upload source, or `'app'`. */
  readonly source: string;
  dispose(): void;
}

let versions = 0;

/**
 * Brings a picture ([h, w, c] in [0, 1]) to the session's input: resized to its side, channels repeated
 * or averaged, values mapped onto its range. Takes ownership of nothing: `pixels` stays the caller's.
 */
export function createInput(
  session: ModelSession,
  pixels: tf.Tensor3D,
  description: string,
  source = 'app',
): CurrentInput {
  const [height, width, channels] = session.inputSize;
  const [low, high] = session.range;
  const display = tf.tidy(() => {
    let image: tf.Tensor3D = pixels;
    if (image.shape[0] !== height || image.shape[1] !== width) image = resizeImage(image, [height, width]);
    if (image.shape[2] !== channels) {
      const gray = image.mean(2, true) as tf.Tensor3D;
      image = channels === 1 ? gray : (tf.tile(gray, [1, 1, channels]) as tf.Tensor3D);
    }
    return image.clipByValue(0, 1) as tf.Tensor3D;
  });
  const x = tf.tidy(() => display.mul(high - low).add(low) as tf.Tensor3D);
  return {
    display,
    x,
    version: ++versions,
    description,
    source,
    dispose() {
      tf.dispose([display, x]);
    },
  };
}
