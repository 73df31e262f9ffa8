import * as tf from '@tensorflow/tfjs-core';

/** What a backend's self-test found. */
export interface SelfTestResult {
  passed: boolean;
  /** What went wrong: the first wrong value (expected vs got) or the error thrown. */
  reason?: string;
  /** How long it took, ms (shader compilation included on GPU backends). */
  millis: number;
}

const H = 4;
const W = 4;
const K = 3;
const OUT = 2;

// Small integers, so every sum below is exact in float32 on any backend and the comparison can be strict.
const xAt = (i: number, j: number) => ((i * W + j) % 5) - 2;
const wAt = (a: number, b: number, o: number) => ((a * K + b + o) % 3) - 1;
const uAt = (i: number, j: number, o: number) => ((i + 2 * j + o) % 4) - 1;

/** conv2d 'same' (3×3, 1 → 2 channels) of the fixed input, by loops: `[H][W][OUT]` flattened. */
function convByLoops(): number[] {
  const y: number[] = [];
  for (let i = 0; i < H; i++)
    for (let j = 0; j < W; j++)
      for (let o = 0; o < OUT; o++) {
        let s = 0;
        for (let a = 0; a < K; a++)
          for (let b = 0; b < K; b++) {
            const r = i + a - 1;
            const c = j + b - 1;
            if (r >= 0 && r < H && c >= 0 && c < W) s += xAt(r, c) * wAt(a, b, o);
          }
        y.push(s);
      }
  return y;
}

/** ∂/∂x of Σ u ⊙ relu(conv(x)), by loops: `[H][W]` flattened. */
function gradientByLoops(y: readonly number[]): number[] {
  const dx = new Array<number>(H * W).fill(0);
  for (let i = 0; i < H; i++)
    for (let j = 0; j < W; j++)
      for (let o = 0; o < OUT; o++) {
        const dy = y[(i * W + j) * OUT + o] > 0 ? uAt(i, j, o) : 0;
        for (let a = 0; a < K; a++)
          for (let b = 0; b < K; b++) {
            const r = i + a - 1;
            const c = j + b - 1;
            if (r >= 0 && r < H && c >= 0 && c < W) dx[r * W + c] += dy * wAt(a, b, o);
          }
      }
  return dx;
}

/**
 * The kernels the self-test dispatches (forward and backward). They are checked before it runs: a kernel
 * missing in the middle of `tf.grad` would strand the gradient tape's tensors.
 */
const SELF_TEST_KERNELS = [
  'Conv2D',
  'Conv2DBackpropInput',
  'Relu',
  'Step',
  'Multiply',
  'Sum',
  'Reshape',
  'Cast',
  'Identity',
] as const;

function firstMismatch(what: string, expected: readonly number[], got: ArrayLike<number>): string | null {
  if (got.length !== expected.length) return `${what} has ${got.length} values, expected ${expected.length}`;
  for (let k = 0; k < expected.length; k++)
    if (!(Math.abs(got[k] - expected[k]) <= 1e-4))
      return `${what}[${k}] is ${got[k]}, expected ${expected[k]}`;
  return null;
}

/**
 * A quick check that the active tfjs backend computes what Loupe needs: a 3×3 convolution, a ReLU and the
 * gradient of a weighted sum of them with respect to the input (the kernels every gradient method runs),
 * compared with the same quantities computed by plain loops (small integers: exact). Reads back
 * asynchronously (works on WebGPU); never throws; leaks nothing.
 */
export async function backendSelfTest(): Promise<SelfTestResult> {
  const t0 = performance.now();
  const expectedY = convByLoops();
  const expectedDx = gradientByLoops(expectedY);
  const backend = tf.getBackend();
  const missing = SELF_TEST_KERNELS.filter((k) => tf.getKernel(k, backend) === undefined);
  if (missing.length)
    return {
      passed: false,
      reason: `it lacks the kernels ${missing.join(', ')}`,
      millis: performance.now() - t0,
    };
  let tensors: tf.Tensor[] = [];
  try {
    tensors = tf.tidy(() => {
      const x = tf.tensor4d(
        Array.from({ length: H * W }, (_, k) => xAt(Math.floor(k / W), k % W)),
        [1, H, W, 1],
      );
      const w = tf.tensor4d(
        Array.from({ length: K * K * OUT }, (_, k) =>
          wAt(Math.floor(k / (K * OUT)), Math.floor(k / OUT) % K, k % OUT),
        ),
        [K, K, 1, OUT],
      );
      const u = tf.tensor4d(
        Array.from({ length: H * W * OUT }, (_, k) =>
          uAt(Math.floor(k / (W * OUT)), Math.floor(k / OUT) % W, k % OUT),
        ),
        [1, H, W, OUT],
      );
      const f = (v: tf.Tensor) => tf.sum(tf.mul(tf.relu(tf.conv2d(v as tf.Tensor4D, w, 1, 'same')), u));
      return [tf.conv2d(x, w, 1, 'same'), tf.grad(f)(x)];
    });
    const [y, dx] = tensors;
    const mismatch =
      firstMismatch('conv2d', expectedY, await y.data()) ??
      firstMismatch('input gradient', expectedDx, await dx.data());
    const millis = performance.now() - t0;
    return mismatch
      ? { passed: false, reason: `wrong result: ${mismatch}`, millis }
      : { passed: true, millis };
  } catch (err) {
    return {
      passed: false,
      reason: `it threw: ${(err as Error).message ?? String(err)}`,
      millis: performance.now() - t0,
    };
  } finally {
    tf.dispose(tensors);
  }
}
