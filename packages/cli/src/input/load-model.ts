import {
  type ExplainableModel,
  loadModel as loadAnyModel,
  ModelLoadError,
  type WrapOptions,
  wrapModel,
} from '@loupe/core';
import { loadMnistCnn, mnistAssetUrls } from '@loupe/models';

/** The shorthand for the MNIST CNN that @loupe/models ships. */
export const SHIPPED_MNIST = 'mnist';

/**
 * Loads the model named on the command line, wrapped for explanation: `mnist` (the CNN @loupe/models ships),
 * or anything core's `loadModel` takes: a model.json path or its folder, a `file:` URL, an http(s) URL;
 * LayersModel or GraphModel, told apart by model.json's `format`. Its input shape (size, channels) is the
 * model's own. Every failure is a ModelLoadError naming the model and what would work.
 */
export async function loadModel(spec: string, options: WrapOptions = {}): Promise<ExplainableModel> {
  if (spec === SHIPPED_MNIST) return wrapModel(await loadMnistCnn(), options);
  try {
    return await loadAnyModel(spec, options);
  } catch (error) {
    if (!(error instanceof ModelLoadError)) throw error;
    throw new ModelLoadError(`${error.message} ('${SHIPPED_MNIST}' names the MNIST CNN Loupe ships.)`);
  }
}

/** The file the `mnist` shorthand loads, for messages and reports. */
export const shippedMnistPath = mnistAssetUrls.cnnModel;
