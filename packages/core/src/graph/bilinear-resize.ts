import * as tf from '@tensorflow/tfjs-core';

/**
 * The `[out, in]` matrix of 1-D bilinear interpolation with TensorFlow's geometry: source position
 * `ratio·(i + ½) − ½` with half-pixel centers, `ratio·i` otherwise (`ratio` from the corner-aligned or
 * plain sizes), its two neighbours clamped to the axis, weights 1 − frac and frac.
 */
function interpolationMatrix(
  inSize: number,
  outSize: number,
  alignCorners: boolean,
  halfPixelCenters: boolean,
): Float32Array {
  const aligned = alignCorners && outSize > 1;
  const ratio = (aligned ? inSize - 1 : inSize) / (aligned ? outSize - 1 : outSize);
  const m = new Float32Array(outSize * inSize);
  for (let i = 0; i < outSize; i++) {
    const source = halfPixelCenters ? ratio * (i + 0.5) - 0.5 : ratio * i;
    const low = Math.max(0, Math.floor(source));
    const high = Math.min(inSize - 1, Math.ceil(source));
    const frac = source - low;
    m[i * inSize + low] += 1 - frac;
    m[i * inSize + high] += frac;
  }
  return m;
}

/** Contracts axis 1 of `[N, A, B, C]` with `[A', A]` (transposed: `[A, A']`), giving `[B, A', N, C]`-ordered rows. */
function contract(t: tf.Tensor4D, m: tf.Tensor2D): tf.Tensor2D {
  const [n, a, b, c] = t.shape;
  const rows = tf.reshape(tf.transpose(t, [1, 0, 2, 3]), [a, n * b * c]);
  return tf.matMul(m, rows, true) as tf.Tensor2D;
}

/**
 * Backward of bilinear resizing as the exact adjoint of the forward interpolation: dx = Aₕᵀ · dy · A_w.
 * tfjs's ResizeBilinearGrad kernels ignore `halfPixelCenters`, so gradients through converter graphs that
 * resize with half-pixel centers (segmentation heads) were wrong; this is right on every backend.
 */
function resizeBackward(
  dy: tf.Tensor4D,
  inShape: readonly number[],
  alignCorners: boolean,
  halfPixelCenters: boolean,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = inShape;
    const [, oh, ow] = dy.shape;
    const ah = tf.tensor2d(interpolationMatrix(h, oh, alignCorners, halfPixelCenters), [oh, h]);
    const aw = tf.tensor2d(interpolationMatrix(w, ow, alignCorners, halfPixelCenters), [ow, w]);
    // Rows: [h, n·ow·c] → [n, h, ow, c], then the same along the width.
    const alongH = tf.transpose(tf.reshape(contract(dy, ah), [h, n, ow, c]), [1, 0, 2, 3]) as tf.Tensor4D;
    const alongW = tf.reshape(contract(tf.transpose(alongH, [0, 2, 1, 3]) as tf.Tensor4D, aw), [w, n, h, c]);
    return tf.transpose(alongW, [1, 2, 0, 3]) as tf.Tensor4D;
  });
}

/** Bilinear resize (NHWC) with a backward pass that honours `halfPixelCenters`. */
export function resizeBilinearExact(
  x: tf.Tensor4D,
  size: [number, number],
  alignCorners: boolean,
  halfPixelCenters: boolean,
): tf.Tensor4D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor4D;
    return {
      value: tf.image.resizeBilinear(input, size, alignCorners, halfPixelCenters),
      gradFunc: (dy: tf.Tensor) =>
        resizeBackward(dy as tf.Tensor4D, input.shape, alignCorners, halfPixelCenters),
    };
  });
  return op(x) as tf.Tensor4D;
}
