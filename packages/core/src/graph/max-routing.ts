import * as tf from '@tensorflow/tfjs-core';
import { insertZeros } from './conv-input-grad.js';

/**
 * Max pooling and max/min reductions whose backward pass routes each window's gradient to the FIRST
 * maximum in row-major window order (TensorFlow's MaxPoolGrad rule). tfjs backends break ties differently
 * (cpu and wasm disagree on ReLU → BatchNorm → MaxPool blocks, where windows are full of equal values), so
 * the explanation graph defines the rule itself, with forward kernels only, and every backend agrees.
 */

/** Spatial padding `[top, left]` and padded size of a 'same' or 'valid' window op (TensorFlow's rule). */
function windowGeometry(
  size: number,
  k: number,
  s: number,
  padding: 'same' | 'valid',
): { out: number; before: number; padded: number } {
  if (padding === 'valid') {
    const out = Math.floor((size - k) / s) + 1;
    return { out, before: 0, padded: size };
  }
  const out = Math.ceil(size / s);
  const total = Math.max((out - 1) * s + k - size, 0);
  const before = Math.floor(total / 2);
  return { out, before, padded: size + total };
}

/** Spreads `[N, oh, ow, C]` values onto a `[N, H, W, C]` grid at rows `i·s + di`, columns `j·t + dj`. */
function scatterOffset(
  v: tf.Tensor4D,
  strides: [number, number],
  offset: [number, number],
  grid: [number, number],
): tf.Tensor4D {
  const [n, , , c] = v.shape;
  const spread = insertZeros(v, strides, true);
  const [h, w] = grid;
  const rows = Math.min(spread.shape[1], h - offset[0]);
  const cols = Math.min(spread.shape[2], w - offset[1]);
  const cropped = tf.slice(spread, [0, 0, 0, 0], [n, rows, cols, c]);
  return tf.pad(cropped, [
    [0, 0],
    [offset[0], h - offset[0] - rows],
    [offset[1], w - offset[1] - cols],
    [0, 0],
  ]);
}

/**
 * Gradient of 2-D max pooling with first-maximum routing: for each window offset in row-major order, the
 * positions equal to the window's max that no earlier offset took receive the upstream value.
 */
function maxPoolBackward(
  x: tf.Tensor4D,
  y: tf.Tensor4D,
  dy: tf.Tensor4D,
  size: [number, number],
  strides: [number, number],
  padding: 'same' | 'valid',
): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const gh = windowGeometry(h, size[0], strides[0], padding);
    const gw = windowGeometry(w, size[1], strides[1], padding);
    // Padded positions never win a window.
    const xp =
      gh.padded === h && gw.padded === w
        ? x
        : tf.pad(
            x,
            [
              [0, 0],
              [gh.before, gh.padded - h - gh.before],
              [gw.before, gw.padded - w - gw.before],
              [0, 0],
            ],
            -3.4e38,
          );
    let taken: tf.Tensor = tf.zerosLike(y);
    let dx: tf.Tensor4D = tf.zeros([n, gh.padded, gw.padded, c]);
    for (let di = 0; di < size[0]; di++) {
      for (let dj = 0; dj < size[1]; dj++) {
        const view = tf.stridedSlice(
          xp,
          [0, di, dj, 0],
          [n, di + (gh.out - 1) * strides[0] + 1, dj + (gw.out - 1) * strides[1] + 1, c],
          [1, strides[0], strides[1], 1],
        ) as tf.Tensor4D;
        const first = tf.mul(tf.cast(tf.equal(view, y), 'float32'), tf.sub(1, taken));
        taken = tf.add(taken, first);
        dx = tf.add(
          dx,
          scatterOffset(tf.mul(first, dy) as tf.Tensor4D, strides, [di, dj], [gh.padded, gw.padded]),
        );
      }
    }
    if (gh.padded === h && gw.padded === w) return dx;
    return tf.slice(dx, [0, gh.before, gw.before, 0], [n, h, w, c]);
  });
}

/**
 * Backward of non-overlapping max pooling (stride = window, no padding needed, sizes divisible), with a
 * constant number of ops: windows become the last axis through reshapes and transposes, `argMax` picks the
 * first maximum of each (it keeps the first of equal values on every backend), a one-hot of it carries dy
 * back (int32: tfjs-wasm's OneHot ignores a float dtype). No broadcast comparison: tfjs-wasm's comparison kernels loop element by element with index
 * arithmetic when shapes broadcast (slower than the whole convolution backward on the benchmark CNN).
 */
function tiledMaxPoolBackward(x: tf.Tensor4D, dy: tf.Tensor4D, k: [number, number]): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const [oh, ow] = [h / k[0], w / k[1]];
    const cells = k[0] * k[1];
    const grid = tf.reshape(x, [n * oh, k[0], ow, k[1], c]);
    const windows = tf.reshape(tf.transpose(grid, [0, 2, 4, 1, 3]), [-1, cells]);
    const first = tf.oneHot(tf.argMax(windows, 1), cells);
    const routed = tf.mul(first, tf.reshape(dy, [-1, 1]));
    const back = tf.transpose(tf.reshape(routed, [n * oh, ow, c, k[0], k[1]]), [0, 3, 1, 4, 2]);
    return tf.reshape(back, [n, h, w, c]);
  });
}

function isTiled(shape: readonly number[], size: [number, number], strides: [number, number]): boolean {
  return (
    size[0] === strides[0] && size[1] === strides[1] && shape[1] % size[0] === 0 && shape[2] % size[1] === 0
  );
}

/**
 * 2-D max pooling (NHWC) with the first-maximum backward rule. The cpu backend's own MaxPoolGrad already
 * follows it; elsewhere (wasm and webgpu route ties differently) the backward is defined here, with a
 * constant number of ops for non-overlapping windows.
 */
export function maxPoolFirstWins(
  x: tf.Tensor4D,
  size: [number, number],
  strides: [number, number],
  padding: 'same' | 'valid',
): tf.Tensor4D {
  const backend = tf.getBackend();
  if (backend === 'cpu') return tf.maxPool(x, size, strides, padding);
  // tfjs-webgpu 4.22 (Dawn on SwiftShader) reads zeros from reshaped inputs inside a backward pass, so
  // webgpu takes the offset loop, which reshapes only its own intermediates.
  const tiled = backend !== 'webgpu' && isTiled(x.shape, size, strides);
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const value = tf.maxPool(input as tf.Tensor4D, size, strides, padding);
    save([input, value]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tiled
          ? tiledMaxPoolBackward(saved[0] as tf.Tensor4D, dy as tf.Tensor4D, size)
          : maxPoolBackward(
              saved[0] as tf.Tensor4D,
              saved[1] as tf.Tensor4D,
              dy as tf.Tensor4D,
              size,
              strides,
              padding,
            ),
    };
  });
  return op(x) as tf.Tensor4D;
}

/** Mask of the first position (in flattened order of `axes`) that equals the reduced extreme `y`. */
function firstExtremeMask(x: tf.Tensor, y: tf.Tensor, axes: readonly number[]): tf.Tensor {
  const keep = x.shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const perm = [...keep, ...axes];
  const moved = tf.transpose(x, perm);
  const lead = keep.map((i) => x.shape[i]);
  const flat = tf.reshape(moved, [...lead, -1]);
  const yFlat = tf.reshape(y, [...lead, 1]);
  const eq = tf.cast(tf.equal(flat, yFlat), 'float32');
  const first = tf.mul(eq, tf.cast(tf.equal(tf.cumsum(eq, lead.length), 1), 'float32'));
  const back = tf.reshape(first, moved.shape);
  const inverse = perm.map((_, i) => perm.indexOf(i));
  return tf.transpose(back, inverse);
}

/** `tf.max`/`tf.min` over `axes` whose gradient goes to the first extreme position only. */
export function reduceExtremeFirstWins(
  x: tf.Tensor,
  axes: readonly number[],
  keepDims: boolean,
  which: 'max' | 'min',
): tf.Tensor {
  const normalized = axes.map((a) => (a < 0 ? a + x.rank : a));
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const kept = which === 'max' ? tf.max(input, normalized, true) : tf.min(input, normalized, true);
    save([input, kept]);
    const value = keepDims ? kept : tf.squeeze(kept, normalized);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const mask = firstExtremeMask(saved[0], saved[1], normalized);
          return tf.mul(mask, tf.reshape(dy, saved[1].shape));
        }),
    };
  });
  return op(x);
}
