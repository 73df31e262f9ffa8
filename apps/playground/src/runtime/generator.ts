import { OptionError } from '@loupe/core';
import type { GeneratorOptions } from '@loupe/methods-optimization';
import { loadMnistGenerator } from '@loupe/models';
import type { ModelSession } from './session.js';

let loading: Promise<GeneratorOptions> | undefined;

/**
 * The generator for the code-space regime: the shipped MNIST VAE decoder (loaded once per page), whose
 * 28×28×1 output in [0, 1] fits the shipped CNN and any model with that input.
 */
export function generatorFor(session: ModelSession): Promise<GeneratorOptions> {
  if (!session.takesDigits || session.range[0] !== 0 || session.range[1] !== 1) {
    return Promise.reject(
      new OptionError(
        `The code-space regime needs a generator of this model's inputs; the shipped one makes 28×28×1 digits in [0, 1], and this model takes ${session.inputSize.join('×')} in [${session.range.join(', ')}].`,
      ),
    );
  }
  loading ??= loadMnistGenerator().then((g) => ({ model: g.model, latentDim: g.latentDim }));
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
