import * as tf from '@tensorflow/tfjs-core';

/**
 * How the explanation graph computes each op's input gradient on one backend: `'native'` is tfjs's own
 * gradient kernel; the others rebuild the gradient from forward kernels (conv-input-grad.ts, fast-linear.ts,
 * pool-backward.ts). Chosen per backend by measurement (BENCHMARKS.md, "CPU engine"); every choice equals
 * plain autodiff to float rounding (core/test/input-gradient-rewrites.test.ts).
 */
export interface BackwardPlan {
  /** Convolutions (1-D and 2-D): tfjs's Conv2DBackpropInput, or forward convolutions of dy. */
  conv: 'native' | 'forward';
  /** Strided convolutions under `'forward'`: sub-pixel phases or zero insertion (conv-input-grad.ts). */
  strided: 'phases' | 'zeros';
  /** Dense layers: tfjs's MatMul gradient (dy·Wᵀ with a transpose flag), or a product with Wᵀ made once. */
  dense: 'native' | 'transposed';
  /** Average pooling: tfjs's AvgPoolGrad, or a broadcast (non-overlapping windows) / depthwise convolution. */
  avgPool: 'native' | 'forward';
  /** ReLU6: tfjs's Relu6 gradient, or a mask from unary steps (relu6-backward.ts). */
  relu6: 'native' | 'steps';
  /**
   * Whether forward-kernel paths add the bias in the convolution/product kernel itself (tf.fused). Off on
   * wasm: it saves a kernel per layer but rounds pre-activations differently from cpu, enough to flip ReLU
   * kinks and max-pool winners on real models (5% of SSR-Net's saliency off cpu's by > 1e-4).
   */
  fuseBias: boolean;
  /** Whether the graph makes the adjoint weights (flipped/transposed kernels) once, at build time. */
  adjointWeights: boolean;
}

const NATIVE: BackwardPlan = {
  conv: 'native',
  strided: 'phases',
  dense: 'native',
  avgPool: 'native',
  relu6: 'native',
  fuseBias: false,
  adjointWeights: false,
};

/**
 * Measured on tfjs 4.22 (BENCHMARKS.md): wasm's forward kernels are XNNPACK and its backward kernels naive
 * loops (Conv2DBackpropInput 4–9× slower than the same gradient as a forward convolution; a matrix product
 * with transposeB 10–40× slower than with a pre-transposed matrix; comparisons against a broadcast scalar,
 * as in the Relu6 gradient, 5× slower than unary steps); the cpu backend's own backward kernels
 * beat the rewrites (its explicitly padded forward convolution is the slower loop); webgpu keeps its own
 * kernels (one dispatch each, where a rewrite dispatches several).
 */
const PLANS: Readonly<Record<string, BackwardPlan>> = {
  wasm: {
    conv: 'forward',
    strided: 'phases',
    dense: 'transposed',
    avgPool: 'forward',
    relu6: 'steps',
    fuseBias: false,
    adjointWeights: true,
  },
};

/** Every rewrite on (what wasm runs); pass it as `OpRules.backward` to run the rewrites on any backend. */
export const FORWARD_KERNELS_PLAN: BackwardPlan = Object.freeze({ ...PLANS.wasm });

/** The plan for a backend by tfjs name (the active one by default); backends not measured keep tfjs's kernels. */
export function backwardPlan(backend: string = tf.getBackend()): BackwardPlan {
  return PLANS[backend] ?? NATIVE;
}

/** The plan that runs tfjs's own gradient kernel for every op (the reference the rewrites are checked against). */
export const AUTODIFF_PLAN: BackwardPlan = Object.freeze({ ...NATIVE });
