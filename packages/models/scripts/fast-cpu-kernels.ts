// tfjs 4.22's cpu backend computes Conv2D, its two gradients and MaxPoolGrad with per-element index
// arithmetic: measured on a 64×14×14×16 → 32 conv, 17.5 s for one filter gradient. These direct
// loops compute the same sums (checked against the built-in kernels before training starts) and
// make training on the cpu backend take minutes instead of hours. Training only; never shipped.
import * as tf from '@tensorflow/tfjs';

type Values = Float32Array;
interface CpuBackendLike {
  data: { get(id: object): { values: Values } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Values): tf.TensorInfo;
}

function valuesOf(backend: unknown, t: tf.TensorInfo): Values {
  return (backend as CpuBackendLike).data.get(t.dataId).values;
}

const conv2dBackpropFilter: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dimRoundingMode, filterShape } = attrs as unknown as {
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  };
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const xs = valuesOf(backend, x);
  const dys = valuesOf(backend, dy);
  const [kh, kw, ci, co] = filterShape;
  const { inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth, batchSize } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const dw = new Float32Array(kh * kw * ci * co);
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyBase = ((n * outHeight + oh) * outWidth + ow) * co;
        for (let fh = 0; fh < kh; fh++) {
          const ih = oh * strideHeight - top + fh;
          if (ih < 0 || ih >= inHeight) continue;
          for (let fw = 0; fw < kw; fw++) {
            const iw = ow * strideWidth - left + fw;
            if (iw < 0 || iw >= inWidth) continue;
            const xBase = ((n * inHeight + ih) * inWidth + iw) * ci;
            const wBase = (fh * kw + fw) * ci * co;
            for (let c = 0; c < ci; c++) {
              const xv = xs[xBase + c];
              if (xv === 0) continue;
              const row = wBase + c * co;
              for (let o = 0; o < co; o++) dw[row + o] += xv * dys[dyBase + o];
            }
          }
        }
      }
    }
  }
  return (backend as CpuBackendLike).makeTensorInfo(filterShape, 'float32', dw);
};

const conv2dBackpropInput: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, pad, dimRoundingMode, inputShape } = attrs as unknown as {
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    inputShape: [number, number, number, number];
  };
  const [kh, kw, ci, co] = filter.shape;
  const info = tf.backend_util.computeConv2DInfo(
    inputShape,
    [kh, kw, ci, co],
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const ws = valuesOf(backend, filter);
  const dys = valuesOf(backend, dy);
  const { inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth, batchSize } = info;
  const dx = new Float32Array(inputShape.reduce((a, b) => a * b, 1));
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const dyBase = ((n * outHeight + oh) * outWidth + ow) * co;
        for (let fh = 0; fh < kh; fh++) {
          const ih = oh * strideHeight - info.padInfo.top + fh;
          if (ih < 0 || ih >= inHeight) continue;
          for (let fw = 0; fw < kw; fw++) {
            const iw = ow * strideWidth - info.padInfo.left + fw;
            if (iw < 0 || iw >= inWidth) continue;
            const xBase = ((n * inHeight + ih) * inWidth + iw) * ci;
            const wBase = (fh * kw + fw) * ci * co;
            for (let c = 0; c < ci; c++) {
              const row = wBase + c * co;
              let sum = 0;
              for (let o = 0; o < co; o++) sum += ws[row + o] * dys[dyBase + o];
              dx[xBase + c] += sum;
            }
          }
        }
      }
    }
  }
  return (backend as CpuBackendLike).makeTensorInfo(inputShape, 'float32', dx);
};

const conv2d: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x, filter } = inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, pad, dimRoundingMode } = attrs as unknown as {
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const [kh, kw, ci, co] = filter.shape;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    [kh, kw, ci, co],
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const xs = valuesOf(backend, x);
  const ws = valuesOf(backend, filter);
  const { inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth, batchSize } = info;
  const out = new Float32Array(batchSize * outHeight * outWidth * co);
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        const outBase = ((n * outHeight + oh) * outWidth + ow) * co;
        for (let fh = 0; fh < kh; fh++) {
          const ih = oh * strideHeight - info.padInfo.top + fh;
          if (ih < 0 || ih >= inHeight) continue;
          for (let fw = 0; fw < kw; fw++) {
            const iw = ow * strideWidth - info.padInfo.left + fw;
            if (iw < 0 || iw >= inWidth) continue;
            const xBase = ((n * inHeight + ih) * inWidth + iw) * ci;
            const wBase = (fh * kw + fw) * ci * co;
            for (let c = 0; c < ci; c++) {
              const xv = xs[xBase + c];
              if (xv === 0) continue;
              const row = wBase + c * co;
              for (let o = 0; o < co; o++) out[outBase + o] += xv * ws[row + o];
            }
          }
        }
      }
    }
  }
  return (backend as CpuBackendLike).makeTensorInfo([batchSize, outHeight, outWidth, co], 'float32', out);
};

const maxPoolGrad: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, input } = inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const { filterSize, strides, pad, dimRoundingMode } = attrs as unknown as {
    filterSize: [number, number] | number;
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number;
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  };
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const xs = valuesOf(backend, input);
  const dys = valuesOf(backend, dy);
  const { inHeight, inWidth, outHeight, outWidth, strideHeight, strideWidth, batchSize } = info;
  const { filterHeight, filterWidth, inChannels } = info;
  const dx = new Float32Array(xs.length);
  for (let n = 0; n < batchSize; n++) {
    for (let oh = 0; oh < outHeight; oh++) {
      for (let ow = 0; ow < outWidth; ow++) {
        for (let c = 0; c < inChannels; c++) {
          let best = Number.NEGATIVE_INFINITY;
          let bestIndex = -1;
          for (let fh = 0; fh < filterHeight; fh++) {
            const ih = oh * strideHeight - info.padInfo.top + fh;
            if (ih < 0 || ih >= inHeight) continue;
            for (let fw = 0; fw < filterWidth; fw++) {
              const iw = ow * strideWidth - info.padInfo.left + fw;
              if (iw < 0 || iw >= inWidth) continue;
              const index = ((n * inHeight + ih) * inWidth + iw) * inChannels + c;
              if (xs[index] > best) {
                best = xs[index];
                bestIndex = index;
              }
            }
          }
          if (bestIndex >= 0) dx[bestIndex] += dys[((n * outHeight + oh) * outWidth + ow) * inChannels + c];
        }
      }
    }
  }
  return (backend as CpuBackendLike).makeTensorInfo(input.shape, 'float32', dx);
};

function gradients(): tf.Tensor[] {
  const x = tf.randomNormal([3, 9, 9, 4], 0, 1, 'float32', 1);
  const w = tf.randomNormal([3, 3, 4, 5], 0, 1, 'float32', 2);
  const convLoss = (v: tf.Tensor) =>
    tf
      .conv2d(x as tf.Tensor4D, v as tf.Tensor4D, 1, 'same')
      .square()
      .sum();
  const poolLoss = (v: tf.Tensor) =>
    tf
      .maxPool(v as tf.Tensor4D, 2, 2, 'valid')
      .square()
      .sum();
  const inputLoss = (v: tf.Tensor) =>
    tf
      .conv2d(v as tf.Tensor4D, w as tf.Tensor4D, 1, 'same')
      .square()
      .sum();
  return [
    tf.grad(convLoss)(w),
    tf.grad(poolLoss)(x),
    tf.grad(inputLoss)(x),
    tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid'),
  ];
}

/** Registers the fast kernels on the cpu backend after checking them against the built-in ones. */
export function useFastCpuTrainingKernels(): void {
  const reference = gradients();
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'cpu',
    kernelFunc: conv2dBackpropFilter,
  });
  tf.registerKernel({ kernelName: 'MaxPoolGrad', backendName: 'cpu', kernelFunc: maxPoolGrad });
  tf.registerKernel({ kernelName: 'Conv2D', backendName: 'cpu', kernelFunc: conv2d });
  tf.registerKernel({
    kernelName: 'Conv2DBackpropInput',
    backendName: 'cpu',
    kernelFunc: conv2dBackpropInput,
  });
  if (tf.getKernel('Conv2DBackpropFilter', 'cpu')?.kernelFunc !== conv2dBackpropFilter) {
    throw new Error('tfjs did not accept the replacement training kernels');
  }
  const fast = gradients();
  for (let i = 0; i < fast.length; i++) {
    const error = tf.max(tf.abs(tf.sub(fast[i], reference[i]))).dataSync()[0];
    if (!(error < 1e-3))
      throw new Error(`fast training kernel ${i} disagrees with tfjs (max error ${error})`);
  }
  tf.dispose([...reference, ...fast]);
}
