import * as tf from '@tensorflow/tfjs-core';

/**
 * The input gradient of a 2-D convolution (NHWC, weights constant) computed with forward convolutions
 * only, so backends whose forward kernel is fast and whose `Conv2DBackpropInput` is not (tfjs-wasm: XNNPACK
 * forward, a naive backward loop) run it at forward speed. The adjoint of a correlation with W is a
 * correlation of dy with W flipped in space and transposed in/out; padding and stride move into the
 * explicit padding of that forward convolution:
 * - stride 1 (any dilation): one convolution of dy, padded by `(k−1)·d − before` and what makes the size;
 * - stride s > 1, `'zeros'`: dy with s−1 zeros inserted between values, then the stride-1 case (s² times
 *   the multiply-adds of the forward);
 * - stride s > 1, `'phases'`: the sub-pixel decomposition: input position j = q·s + r (in padded
 *   coordinates) only meets kernel taps r, r+s, r+2s…, so each of the s² phases is a stride-1 convolution
 *   of dy with that sub-kernel, and the phases interleave into dx (the forward's multiply-adds in total).
 */
export type StridedConvGrad = 'zeros' | 'phases';

/** Geometry of one spatial axis: input size, output size, kernel size, stride, dilation, padding before. */
interface Axis {
  size: number;
  out: number;
  k: number;
  s: number;
  d: number;
  before: number;
}

/** TensorFlow's padding before an axis ('same': half the total, rounded down; 'valid': none). */
function axisOf(
  size: number,
  out: number,
  k: number,
  s: number,
  d: number,
  padding: 'same' | 'valid' | [number, number],
): Axis {
  if (Array.isArray(padding)) return { size, out, k, s, d, before: padding[0] };
  if (padding === 'valid') return { size, out, k, s, d, before: 0 };
  const total = Math.max((out - 1) * s + (k - 1) * d + 1 - size, 0);
  return { size, out, k, s, d, before: Math.floor(total / 2) };
}

/** `[kh, kw, in, out]` → flipped in space, `[kh, kw, out, in]`. */
export function adjointKernel(kernel: tf.Tensor4D): tf.Tensor4D {
  return tf.tidy(() => tf.transpose(tf.reverse(kernel, [0, 1]), [0, 1, 3, 2]));
}

/**
 * Inserts s−1 zeros between neighbours along H and W (4-D ops only: some backends mishandle 6-D pads). With
 * `tail`, the s−1 zeros after the last value stay (length o·s instead of (o−1)·s+1: one slice op fewer, for
 * callers that would pad there anyway).
 */
export function insertZeros(v: tf.Tensor4D, strides: [number, number], tail = false): tf.Tensor4D {
  if (strides[0] === 1 && strides[1] === 1) return v;
  return tf.tidy(() => {
    const [n, oh, ow, c] = v.shape;
    const [s, t] = strides;
    let spread: tf.Tensor4D = v;
    if (s > 1) {
      const rows = tf.pad(tf.reshape(spread, [n, oh, 1, ow * c]), [
        [0, 0],
        [0, 0],
        [0, s - 1],
        [0, 0],
      ]);
      spread = tf.reshape(rows, [n, oh * s, ow, c]) as tf.Tensor4D;
      if (!tail) spread = tf.slice(spread, [0, 0, 0, 0], [n, (oh - 1) * s + 1, ow, c]);
    }
    if (t > 1) {
      const h = spread.shape[1];
      const cols = tf.pad(tf.reshape(spread, [n * h, ow, 1, c]), [
        [0, 0],
        [0, 0],
        [0, t - 1],
        [0, 0],
      ]);
      spread = tf.reshape(cols, [n, h, ow * t, c]) as tf.Tensor4D;
      if (!tail) spread = tf.slice(spread, [0, 0, 0, 0], [n, h, (ow - 1) * t + 1, c]);
    }
    return spread;
  });
}

/** The stride-1 adjoint: `dy` (already zero-inserted when strided) correlated with the adjoint kernel. */
function strideOneAdjoint(dy: tf.Tensor4D, adjoint: tf.Tensor4D, h: Axis, w: Axis): tf.Tensor4D {
  const span = (a: Axis) => (a.out - 1) * a.s + 1;
  const pad = (a: Axis): [number, number] => {
    const left = (a.k - 1) * a.d - a.before;
    return [left, a.size + (a.k - 1) * a.d - left - span(a)];
  };
  const ph = pad(h);
  const pw = pad(w);
  // A negative pad (a 'valid' window that never reaches the last rows) crops dy instead.
  const crop = (p: [number, number], len: number): [number, number] => [
    Math.max(-p[0], 0),
    len - Math.max(-p[0], 0) - Math.max(-p[1], 0),
  ];
  let src = dy;
  if (ph[0] < 0 || ph[1] < 0 || pw[0] < 0 || pw[1] < 0) {
    const [r0, rn] = crop(ph, dy.shape[1]);
    const [c0, cn] = crop(pw, dy.shape[2]);
    src = tf.slice(dy, [0, r0, c0, 0], [dy.shape[0], rn, cn, dy.shape[3]]);
  }
  const clamp = (p: [number, number]): [number, number] => [Math.max(p[0], 0), Math.max(p[1], 0)];
  return tf.conv2d(src, adjoint, 1, [[0, 0], clamp(ph), clamp(pw), [0, 0]], 'NHWC', [h.d, w.d]);
}

/** Sub-pixel (phase) decomposition of a strided convolution's input gradient (dilation 1). */
function phaseAdjoint(dy: tf.Tensor4D, adjoint: tf.Tensor4D, h: Axis, w: Axis, c: number): tf.Tensor4D {
  const n = dy.shape[0];
  // Phase r of an axis uses taps r, r+s, …: M = ⌈(k−r)/s⌉ of them; in the flipped kernel they start at
  // k−1−r−s(M−1) with step s. Output q of that phase sums dy[q−m]·W[r+sm], q = 0 … Q−1.
  const phasesOf = (a: Axis) => {
    const q = Math.ceil((a.before + a.size) / a.s);
    return Array.from({ length: a.s }, (_, r) => {
      const m = Math.max(Math.ceil((a.k - r) / a.s), 0);
      return { m, start: a.k - 1 - r - a.s * (m - 1), q };
    });
  };
  const rows = phasesOf(h);
  const cols = phasesOf(w);
  const qh = rows[0].q;
  const qw = cols[0].q;
  const rowBlocks: tf.Tensor4D[] = rows.map((pr) => {
    const colBlocks = cols.map((pc) => {
      if (pr.m === 0 || pc.m === 0) return tf.zeros([n, qh, qw, c]) as tf.Tensor4D;
      const sub = tf.stridedSlice(
        adjoint,
        [pr.start, pc.start, 0, 0],
        [pr.start + h.s * (pr.m - 1) + 1, pc.start + w.s * (pc.m - 1) + 1, adjoint.shape[2], c],
        [h.s, w.s, 1, 1],
      ) as tf.Tensor4D;
      // Full correlation: m−1 zeros before dy, and after it up to Q outputs (crop when dy is longer).
      const src = dy.shape[1] > qh || dy.shape[2] > qw ? tf.slice(dy, 0, [n, qh, qw, dy.shape[3]]) : dy;
      return tf.conv2d(src, sub, 1, [
        [0, 0],
        [pr.m - 1, qh - src.shape[1]],
        [pc.m - 1, qw - src.shape[2]],
        [0, 0],
      ]);
    });
    // [n, Q, Q', c] per column phase → interleave along W.
    return tf.reshape(tf.stack(colBlocks, 3), [n, qh, qw * w.s, c]) as tf.Tensor4D;
  });
  const full = tf.reshape(tf.stack(rowBlocks, 2), [n, qh * h.s, qw * w.s, c]);
  return tf.slice(full, [0, h.before, w.before, 0], [n, h.size, w.size, c]) as tf.Tensor4D;
}

/**
 * ∂(Σ dy · conv2d(x, kernel))/∂x from forward convolutions (see `StridedConvGrad`). `padding` is 'same',
 * 'valid' or explicit `[[top, bottom], [left, right]]`; `adjoint` is `adjointKernel(kernel)` when the
 * caller has it (weights are constants, so it can be made once).
 */
export function convInputGradient(
  dy: tf.Tensor4D,
  kernel: tf.Tensor4D,
  inputShape: readonly number[],
  strides: [number, number],
  padding: 'same' | 'valid' | [[number, number], [number, number]],
  dilations: [number, number],
  strided: StridedConvGrad = 'phases',
  adjoint?: tf.Tensor4D,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [, hIn, wIn, c] = inputShape;
    const [kh, kw] = kernel.shape;
    const pad = (i: 0 | 1) => (Array.isArray(padding) ? padding[i] : padding);
    const h = axisOf(hIn, dy.shape[1], kh, strides[0], dilations[0], pad(0));
    const w = axisOf(wIn, dy.shape[2], kw, strides[1], dilations[1], pad(1));
    const adj = adjoint ?? adjointKernel(kernel);
    if (h.s === 1 && w.s === 1) return strideOneAdjoint(dy, adj, h, w);
    if (strided === 'phases') return phaseAdjoint(dy, adj, h, w, c);
    return strideOneAdjoint(
      insertZeros(dy, strides),
      adj,
      { ...h, s: 1, out: (h.out - 1) * h.s + 1 },
      {
        ...w,
        s: 1,
        out: (w.out - 1) * w.s + 1,
      },
    );
  });
}
