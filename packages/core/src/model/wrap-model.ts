import * as tfc from '@tensorflow/tfjs-converter';
import type * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { InputValueError, OptionError, UnsupportedModelError } from '../errors.js';
import { buildGraphModelGraph } from '../graph/converter/graph-model-graph.js';
import { buildLayersGraph } from '../graph/layers-graph.js';
import type { ModelInputShape } from '../input.js';
import { WrappedModel } from './explainable-model.js';
import { FunctionForwarder } from './function-forwarder.js';
import { GraphForwarder, type GraphSource } from './graph-forwarder.js';
import { makePreprocess, resolvePreprocess } from './preprocess.js';
import type { ExplainableModel, ModelLike, WrapOptions } from './types.js';

/** True for values `wrapModel` has already wrapped. */
export function isExplainableModel(m: unknown): m is ExplainableModel {
  return m instanceof WrappedModel;
}

function checkOptions(options: WrapOptions): void {
  if (options.output !== undefined && !['logits', 'probabilities', 'raw'].includes(options.output)) {
    throw new OptionError(
      `output must be 'logits', 'probabilities' or 'raw'; got "${String(options.output)}". To choose one of several model outputs, pass outputNode.`,
    );
  }
  const r = options.inputRange;
  if (r && !(r.length === 2 && Number.isFinite(r[0]) && Number.isFinite(r[1]) && r[0] < r[1])) {
    throw new OptionError(`inputRange must be [min, max] with min < max; got [${r.join(', ')}].`);
  }
}

function singleInput(count: number, names: readonly string[]): void {
  if (count !== 1) {
    throw new UnsupportedModelError(
      `The model has ${count} inputs (${names.join(', ')}); Loupe explains single-input models. Wrap it in a function (x) => model.predict([x, ...fixed]) and pass that to wrapModel.`,
    );
  }
}

/** A batch dimension converters fix at 1 is free: the graph runs any batch. */
function freeBatch(shape: readonly (number | null)[] | undefined): ModelInputShape | null {
  return shape ? shape.map((d, i) => (i === 0 || d === null || d < 0 ? null : d)) : null;
}

function layersSource(model: tfl.LayersModel, options: WrapOptions): GraphSource {
  singleInput(model.inputs.length, model.inputNames);
  let output = 0;
  if (options.outputNode !== undefined) {
    output = model.outputNames.indexOf(options.outputNode);
    if (output < 0) {
      throw new OptionError(
        `outputNode "${options.outputNode}" is not an output of this model; its outputs: ${model.outputNames.join(', ')}.`,
      );
    }
  }
  return {
    kind: 'layers',
    inputShape: model.inputs[0].shape,
    build: () => {
      const graph = buildLayersGraph(model, output);
      if (model.outputs.length > 1 && options.outputNode === undefined) {
        (graph.warnings as string[]).push(
          `The model has ${model.outputs.length} outputs (${model.outputNames.join(', ')}); explaining the first. Pass outputNode to wrapModel to choose.`,
        );
      }
      return { graph, owned: [] };
    },
    rebuildOnRefresh: false,
  };
}

function graphModelSource(model: tfc.GraphModel, options: WrapOptions): GraphSource {
  singleInput(
    model.inputs.length,
    model.inputs.map((i) => i.name),
  );
  return {
    kind: 'graph',
    inputShape: freeBatch(model.inputs[0].shape),
    build: () => buildGraphModelGraph(model, { output: options.outputNode }),
    rebuildOnRefresh: true,
  };
}

/**
 * Wraps a `tf.LayersModel` (sequential or functional, nested models included), a `tf.GraphModel`, or a
 * function `(x) => scores` for explanation. LayersModels and GraphModels both become one op-level
 * explanation graph: plain ops on constant weights (an input gradient computes no weight gradient) with
 * BatchNorm and constant affine ops folded into the preceding linear op. An `ExplainableModel` passes
 * through unchanged.
 */
export function wrapModel(model: ModelLike | ExplainableModel, options: WrapOptions = {}): ExplainableModel {
  if (isExplainableModel(model)) return model;
  checkOptions(options);
  let source: GraphSource | null = null;
  if (model instanceof tfl.LayersModel) source = layersSource(model, options);
  else if (model instanceof tfc.GraphModel) source = graphModelSource(model, options);
  else if (typeof model !== 'function') {
    throw new InputValueError(
      'wrapModel takes a tf.LayersModel, a tf.GraphModel or a function (x) => scores.',
    );
  }
  const inputShape = source ? source.inputShape : options.inputShape ? [null, ...options.inputShape] : null;
  const preset = typeof options.preprocess === 'string';
  const preprocess = resolvePreprocess(options.preprocess, inputShape);
  const resolved: WrapOptions = {
    ...options,
    preprocess,
    inputRange: options.inputRange ?? (preset ? [0, 1] : undefined),
  };
  const forwarder = source
    ? new GraphForwarder(source, options.foldBatchNorm !== false)
    : new FunctionForwarder(model as (x: tf.Tensor) => tf.Tensor, options.inputShape);
  return new WrappedModel(model as ModelLike, forwarder, resolved, makePreprocess(preprocess));
}
