import { existsSync } from 'node:fs';
import { applyOp, FORWARD_KERNELS_PLAN, type NodeOp } from '@loupe/core';
import { expectNoTensorLeaks } from '@loupe/testing';
import { describeOnBackends } from '@loupe/testing/vitest';
import * as tf from '@tensorflow/tfjs';
import { expect, it } from 'vitest';

// Software Vulkan (SwiftShader from Debian's chromium) when no GPU driver is configured.
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER)) process.env.VK_ICD_FILENAMES = SWIFTSHADER;

/** One op, its input shape and the plain tfjs op it must differentiate like. */
interface Case {
  name: string;
  shape: number[];
  op: NodeOp;
  plain: (x: tf.Tensor) => tf.Tensor;
}

let seed = 1;
const weights = (shape: number[]) => tf.randomUniform(shape, -1, 1, 'float32', seed++);
const linear = { bias: null, activation: { name: 'linear' } };

function conv2dCase(
  shape: number[],
  k: [number, number],
  strides: [number, number],
  padding: 'same' | 'valid',
  dilations: [number, number],
): Case {
  const kernel = weights([...k, shape[3], 3]) as tf.Tensor4D;
  // tfjs cannot differentiate dilated convolutions: the reference spells the dilation out in the kernel.
  const spelled = spellOutDilation(kernel, dilations);
  // Every other case with a bias (the wasm plan adds it inside the convolution kernel).
  const bias = seed % 2 === 0 ? (weights([3]) as tf.Tensor1D) : null;
  return {
    name: `conv ${k.join('×')} stride ${strides} dilation ${dilations} ${padding} on ${shape}${bias ? ' + bias' : ''}`,
    shape,
    op: { kind: 'conv', rank: 2, kernel, strides, padding, dilations, ...linear, bias },
    plain: (x) => {
      const z = tf.conv2d(x as tf.Tensor4D, spelled, strides, padding);
      return bias ? tf.add(z, bias) : z;
    },
  };
}

function depthwiseCase(
  shape: number[],
  strides: [number, number],
  padding: 'same' | 'valid',
  dilations: [number, number],
  multiplier: number,
): Case {
  const kernel = weights([3, 3, shape[3], multiplier]) as tf.Tensor4D;
  const spelled = spellOutDilation(kernel, dilations);
  const bias = weights([shape[3] * multiplier]) as tf.Tensor1D;
  return {
    name: `depthwise ×${multiplier} stride ${strides} dilation ${dilations} ${padding} on ${shape} + bias`,
    shape,
    op: { kind: 'depthwise', kernel, strides, padding, dilations, ...linear, bias },
    plain: (x) => tf.add(tf.depthwiseConv2d(x as tf.Tensor4D, spelled, strides, padding), bias),
  };
}

/** The kernel with d−1 zero rows/columns between taps: a dilated convolution as an undilated one. */
function spellOutDilation(kernel: tf.Tensor4D, [dh, dw]: [number, number]): tf.Tensor4D {
  const [kh, kw, ci, co] = kernel.shape;
  const src = kernel.bufferSync();
  const out = tf.buffer([(kh - 1) * dh + 1, (kw - 1) * dw + 1, ci, co]);
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let a = 0; a < ci; a++)
        for (let b = 0; b < co; b++) out.set(src.get(i, j, a, b), i * dh, j * dw, a, b);
  return out.toTensor() as tf.Tensor4D;
}

function conv1dCase(stride: number, padding: 'same' | 'valid' | 'causal', dilation: number): Case {
  const kernel = weights([3, 2, 4]) as tf.Tensor3D;
  const spelled = tf.squeeze(
    spellOutDilation(tf.expandDims(kernel, 0) as tf.Tensor4D, [1, dilation]),
    [0],
  ) as tf.Tensor3D;
  const plain = (x: tf.Tensor) =>
    padding === 'causal'
      ? tf.conv1d(
          tf.pad(x as tf.Tensor3D, [
            [0, 0],
            [2 * dilation, 0],
            [0, 0],
          ]),
          spelled,
          stride,
          'valid',
        )
      : tf.conv1d(x as tf.Tensor3D, spelled, stride, padding);
  return {
    name: `conv1d stride ${stride} dilation ${dilation} ${padding}`,
    shape: [2, 11, 2],
    op: { kind: 'conv', rank: 1, kernel, strides: [stride], padding, dilations: [dilation], ...linear },
    plain,
  };
}

function poolCase(
  pool: 'max' | 'avg',
  shape: number[],
  size: [number, number],
  strides: [number, number],
  padding: 'same' | 'valid',
): Case {
  // tfjs's AvgPoolGrad is not the adjoint of its AvgPool at 'same' borders (it divides by the whole window):
  // the reference is the same average as a convolution with a per-channel ones kernel, times 1/count.
  const eye = tf.tidy(() =>
    tf.reshape(tf.tile(tf.reshape(tf.eye(shape[3]), [1, 1, shape[3], shape[3]]), [...size, 1, 1]), [
      ...size,
      shape[3],
      shape[3],
    ]),
  ) as tf.Tensor4D;
  const inverseCount = tf.tidy(() =>
    tf.reciprocal(
      tf.conv2d(
        tf.ones([1, shape[1], shape[2], 1]) as tf.Tensor4D,
        tf.ones([...size, 1, 1]) as tf.Tensor4D,
        strides,
        padding,
      ),
    ),
  );
  const plain = (x: tf.Tensor) =>
    pool === 'max'
      ? tf.maxPool(x as tf.Tensor4D, size, strides, padding)
      : tf.mul(tf.conv2d(x as tf.Tensor4D, eye, strides, padding), inverseCount);
  return {
    name: `${pool} pool ${size.join('×')} stride ${strides} ${padding} on ${shape}`,
    shape,
    op: { kind: 'pool', pool, rank: 2, poolSize: size, strides, padding },
    plain,
  };
}

/** The grid: strides 1–3 (also unequal), 'same'/'valid', dilation, odd sizes, 1×1 and non-square kernels. */
function cases(tiny: boolean): Case[] {
  const all: Case[] = [];
  const shape = tiny ? [1, 7, 6, 2] : [2, 9, 7, 3];
  const kernels: [number, number][] = tiny
    ? [[3, 3]]
    : [
        [3, 3],
        [1, 1],
        [2, 3],
      ];
  const strides: [number, number][] = tiny
    ? [
        [1, 1],
        [2, 2],
        [3, 3],
      ]
    : [
        [1, 1],
        [2, 2],
        [3, 3],
        [2, 1],
        [1, 3],
      ];
  for (const k of kernels)
    for (const s of strides)
      for (const p of ['same', 'valid'] as const) all.push(conv2dCase(shape, k, s, p, [1, 1]));
  all.push(conv2dCase(shape, [3, 3], [1, 1], 'same', [2, 2]));
  if (!tiny) {
    all.push(conv2dCase(shape, [2, 3], [1, 1], 'valid', [2, 1]));
    all.push(conv2dCase([1, 8, 8, 3], [3, 3], [2, 2], 'same', [1, 1]));
    for (const s of [1, 2])
      for (const p of ['same', 'valid', 'causal'] as const) all.push(conv1dCase(s, p, 1));
    all.push(conv1dCase(1, 'causal', 2));
  }
  for (const s of [1, 2])
    for (const p of ['same', 'valid'] as const) all.push(depthwiseCase(shape, [s, s], p, [1, 1], s));
  all.push(depthwiseCase(shape, [1, 1], 'same', [2, 2], 1));
  const dense = weights([shape[3], 5]) as tf.Tensor2D;
  all.push({
    name: 'dense on rank-4 input',
    shape,
    op: { kind: 'dense', kernel: dense, ...linear },
    plain: (x) => tf.reshape(tf.matMul(tf.reshape(x, [-1, shape[3]]), dense), [...shape.slice(0, 3), 5]),
  });
  const dense2 = weights([12, 4]) as tf.Tensor2D;
  all.push({
    name: 'dense on rank-2 input',
    shape: [3, 12],
    op: { kind: 'dense', kernel: dense2, ...linear },
    plain: (x) => tf.matMul(x as tf.Tensor2D, dense2),
  });
  for (const pool of ['avg', 'max'] as const) {
    all.push(poolCase(pool, [2, 8, 6, 3], [2, 2], [2, 2], 'valid'));
    all.push(poolCase(pool, shape, [3, 3], [2, 2], 'same'));
    if (!tiny) {
      all.push(poolCase(pool, shape, [3, 3], [2, 2], 'valid'));
      all.push(poolCase(pool, shape, [2, 2], [1, 1], 'same'));
      all.push(poolCase(pool, shape, [2, 3], [2, 2], 'valid'));
    }
  }
  all.push({
    name: 'ReLU6 (values at 0 and 6 included)',
    shape: [2, 3, 3, 2],
    op: { kind: 'activation', activation: { name: 'relu6' } },
    plain: (x) => tf.relu6(x),
  });
  return all;
}

/** The input for a case: uniform in [−3, 9] (ReLU6's kinks inside), with exact 0 and 6 in it. */
function inputFor(c: Case): tf.Tensor {
  return tf.tidy(() => {
    const x = tf.randomUniform(c.shape, -3, 9, 'float32', seed++);
    const values = x.dataSync().slice();
    values[0] = 0;
    values[1] = 6;
    return tf.tensor(values, c.shape);
  });
}

/** ∂(Σ dy·f(x))/∂x. */
function vjp(f: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const dy = tf.randomUniform(f(x).shape, -1, 1, 'float32', 99);
    return tf.grad((v: tf.Tensor) => tf.sum(tf.mul(f(v), dy)))(x);
  });
}

/** Every rewrite, biases fused into the forward kernels included (off in the wasm plan, tested all the same). */
const EVERY_REWRITE = { ...FORWARD_KERNELS_PLAN, fuseBias: true };

/** cpu's gradients by case name (the cpu suite runs first, on the same seeded inputs). */
const cpuGradients = new Map<string, Float32Array>();

await describeOnBackends(
  'input gradients from forward kernels equal plain autodiff',
  (backend) => {
    const tiny = backend === 'webgpu';
    const tolerance = backend === 'webgpu' ? 1e-4 : 1e-5;
    it(`on the shape grid (${tiny ? 'tiny: SwiftShader' : 'full'})`, async () => {
      seed = 1;
      for (const c of cases(tiny)) {
        const x = inputFor(c);
        // tfjs-wasm's MaxPoolGrad misroutes 'same' windows that overhang the border, and it has no depthwise
        // input gradient: cpu's (same seeded inputs) is the reference for those.
        const fromCpu =
          backend === 'wasm' && ((c.op.kind === 'pool' && c.op.pool === 'max') || c.op.kind === 'depthwise');
        let b = cpuGradients.get(c.name) as Float32Array;
        if (!fromCpu) {
          const reference = vjp(c.plain, x);
          b = (await reference.data()) as Float32Array;
          reference.dispose();
          if (backend === 'cpu') cpuGradients.set(c.name, b);
        }
        const ours = vjp((v) => applyOp(c.op, [v], false, { backward: EVERY_REWRITE }), x);
        const forward = tf.tidy(() => tf.max(tf.abs(tf.sub(applyOp(c.op, [x]), c.plain(x)))));
        expect((await forward.data())[0], `${c.name} (forward)`).toBeLessThan(tolerance * 10);
        forward.dispose();
        await expectNoTensorLeaks(() =>
          vjp((v) => applyOp(c.op, [v], false, { backward: EVERY_REWRITE }), x),
        );
        const a = await ours.data();
        const scale = Math.max(1, ...Array.from(b, Math.abs));
        const worst = Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));
        expect(worst, c.name).toBeLessThan(tolerance * scale);
        expect(
          Array.from(b).some((v) => v !== 0),
          c.name,
        ).toBe(true);
        tf.dispose([x, ours]);
      }
    });

    it('max pooling sends each window’s gradient to its first maximum (ties included)', async () => {
      // Windows full of equal values: row-major first position wins, whatever the backend.
      const x = tf.tensor4d([1, 1, 2, 2, 1, 1, 2, 2, 3, 0, 5, 5, 3, 3, 5, 5], [1, 4, 4, 1]);
      for (const op of [
        { kind: 'pool', pool: 'max', rank: 2, poolSize: [2, 2], strides: [2, 2], padding: 'valid' },
        { kind: 'pool', pool: 'max', rank: 2, poolSize: [3, 3], strides: [1, 1], padding: 'valid' },
      ] as NodeOp[]) {
        const g = tf.grad((v: tf.Tensor) => tf.sum(applyOp(op, [v], false, { backward: EVERY_REWRITE })))(x);
        const expected =
          op.kind === 'pool' && op.poolSize[0] === 2
            ? [1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0]
            : [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0];
        expect(Array.from(await g.data())).toEqual(expected);
        g.dispose();
      }
      x.dispose();
    });
  },
  { backends: ['cpu', 'wasm', 'webgpu'] },
);
