import * as tf from '@tensorflow/tfjs';
import { InputValueError, OptionError } from '../errors.js';
import { WrappedModel } from './explainable-model.js';
import { FunctionForwarder } from './function-forwarder.js';
import { GraphForwarder } from './graph-forwarder.js';
import { LayersForwarder } from './layers-forwarder.js';
import { makePreprocess } from './preprocess.js';
import type { ExplainableModel, ModelLike, WrapOptions } from './types.js';

/** True for values `wrapModel` has already wrapped. */
export function isExplainableModel(m: unknown): m is ExplainableModel {
  return m instanceof WrappedModel;
}

function checkOptions(options: WrapOptions): void {
  if (options.output !== undefined && !['logits', 'probabilities', 'raw'].includes(options.output)) {
    throw new OptionError(
      `output must be 'logits', 'probabilities' or 'raw'; got "${String(options.output)}".`,
    );
  }
  const r = options.inputRange;
  if (r && !(r.length === 2 && Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[0] < r[1])) {
    throw new OptionError(`inputRange must be [min, max] with min < max; got [${r.join(', ')}].`);
  }
}

/**
 * Wraps a `tf.LayersModel` (sequential or functional, nested models included), a `tf.GraphModel`, or a
 * function `(x) => scores` for explanation (DESIGN.md, core contracts). LayersModels run through an
 * explanation graph: plain ops on constant weights (an input gradient computes no weight gradient) with
 * BatchNorm folded into the preceding linear layer. An `ExplainableModel` passes through unchanged.
 */
export function wrapModel(model: ModelLike | ExplainableModel, options: WrapOptions = {}): ExplainableModel {
  if (isExplainableModel(model)) return model;
  checkOptions(options);
  const preprocess = makePreprocess(options.preprocess);
  if (model instanceof tf.LayersModel) {
    return new WrappedModel(
      model,
      new LayersForwarder(model, options.foldBatchNorm !== false),
      options,
      preprocess,
    );
  }
  if (model instanceof tf.GraphModel)
    return new WrappedModel(model, new GraphForwarder(model), options, preprocess);
  if (typeof model === 'function') {
    return new WrappedModel(model, new FunctionForwarder(model, options.inputShape), options, preprocess);
  }
  throw new InputValueError('wrapModel takes a tf.LayersModel, a tf.GraphModel or a function (x) => scores.');
}
