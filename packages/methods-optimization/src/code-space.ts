import {
  type ExplainableModel,
  InputShapeError,
  isExplainableModel,
  OptionError,
  wrapModel,
} from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';
import type { GeneratorOptions } from './options.js';
import type { Parameterization } from './parameterization.js';

function describe(shape: readonly (number | null)[]): string {
  return `[${shape.map((d) => d ?? 'N').join(', ')}]`;
}

/**
 * The code-space regime's "parameterization" (Nguyen et al. 2016): the optimised tensor is the code z
 * `[N, latentDim]` and the image is g(z), run through the generator's explanation graph (constant weights,
 * so only ∂/∂z is computed). Starts from z ~ N(0, I), seeded. Checks the generator before anything runs:
 * a bad `latentDim` is an `OptionError`, an output that is not the model's input shape an `InputShapeError`.
 */
export function codeSpace(generator: GeneratorOptions, imageShape: readonly number[]): Parameterization {
  const { latentDim } = generator;
  if (!Number.isInteger(latentDim) || latentDim < 1) {
    throw new OptionError(
      `generator.latentDim must be a positive integer (the length of z); got ${latentDim}.`,
    );
  }
  const owned = !isExplainableModel(generator.model);
  const g: ExplainableModel = wrapModel(generator.model, { output: 'raw', inputShape: [latentDim] });
  try {
    const declared = g.inputShape;
    if (declared && (declared.length !== 2 || (declared[1] !== null && declared[1] !== latentDim))) {
      throw new InputShapeError(
        `The generator takes inputs ${describe(declared)} but generator.latentDim is ${latentDim}; set latentDim to the generator's code length.`,
      );
    }
    const probe = tf.tidy(() => g.forwardBatched(tf.zeros([1, latentDim])));
    const produced = probe.shape.slice(1);
    probe.dispose();
    const expected = imageShape.slice(1);
    if (produced.length !== expected.length || produced.some((d, i) => d !== expected[i])) {
      throw new InputShapeError(
        `The generator produces images [N, ${produced.join(', ')}] but the model takes [N, ${expected.join(', ')}]; use a generator made for this model's input (reshape or resize its output).`,
      );
    }
  } catch (err) {
    if (owned) g.dispose();
    throw err;
  }
  const batch = imageShape[0];
  return {
    init(seed) {
      return tf.randomNormal([batch, latentDim], 0, 1, 'float32', seed);
    },
    decode(z) {
      return g.forwardBatched(z) as tf.Tensor4D;
    },
    project(z) {
      return z.clone();
    },
    blur() {
      // OptimizationRun rejects prior.blur in code space (OptionError) before building this source.
      throw new Error('blur is undefined in code space.');
    },
    dispose() {
      if (owned) g.dispose();
    },
  };
}
